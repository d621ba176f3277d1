import { serve } from "@hono/node-server";
import { createApp } from "./app.tsx";
import { chromiumPdf, findChromium } from "./report-pdf/chromium.ts";
import { systemClock } from "./clock.ts";
import { ConfigError, parseConfig } from "./config.ts";
import { DATABASE_POOL_MAX, DatabaseBusyError, openDatabase } from "./db.ts";
import { DirectoryError, loadDirectory } from "./directory/load.ts";
import { syncDirectory } from "./directory/sync.ts";
import { configVersion, LiveCalendars } from "./calendar/holiday-store.ts";
import { runReplan } from "./jobs/replan.ts";
import { createLogger } from "./logger.ts";
import { resolveHubSecret } from "./auth/hub-secret.ts";
import { secretBox } from "./auth/secret-box.ts";
import { seedDemo } from "./demo/seed.ts";
import { seedDemoComplaints } from "./demo/complaints.ts";
import { startJobs } from "./jobs/scheduler.ts";
import { createMetrics } from "./metrics/registry.ts";
import { startTracing } from "./tracing/otel.ts";
import { installFaultGuard } from "./fault-guard.ts";
import { runAgencyDigest } from "./jobs/agency-digest.ts";
import { runSla } from "./jobs/sla.ts";
import { refreshKpis } from "./jobs/kpi.ts";
import { runReportSla } from "./jobs/report-sla.ts";
import { thresholdFor } from "./routing/suggest.ts";
import { loadHistory } from "./routing/history.ts";
import { directoryWatcher } from "./jobs/directory-watch.ts";
import { pruneExpired } from "./jobs/retention.ts";
import { dispatchOutbox } from "./notify/dispatch.ts";
import { defaultWebhookDeps } from "./webhooks/send.ts";
import { fileMailer, smtpMailer } from "./notify/mailer.ts";
import { routerFor } from "./routing/from-directory.ts";
import { dbRegistry, httpRegistry } from "./identity/registry.ts";
import { httpSmsGateway, logSmsGateway } from "./notify/sms.ts";
import { openAttachmentStorage } from "./attachments/open.ts";

// Process entry: config -> db -> migrate -> directory -> serve. Anything wrong with
// the configuration or the directory stops start-up with a message a person can act on.
async function main() {
  const config = parseConfig();
  const logger = createLogger(config.logLevel);
  const started = performance.now();

  // The directory is validated before the database is touched: a bad file must not
  // leave a half-synced directory behind.
  const directory = await loadDirectory(config.agenciesDir);
  const database = await openDatabase({
    url: config.databaseUrl,
    dataDir: config.dataDir,
    timeouts: config.databaseTimeouts,
    heartbeatMs: 5_000,
    onAvailability: (up, err) =>
      up
        ? logger.warn("database answers again")
        : logger.error({ err: { name: (err as Error)?.name, message: (err as Error)?.message } }, "database unreachable; pages answer 503"),
  });
  // The streaming replica for the reads that may lag (server/app-env.ts readDb); the
  // primary migrates, the replica follows it.
  const replica = config.databaseReadUrl
    ? await openDatabase({ url: config.databaseReadUrl, migrate: false, timeouts: config.databaseTimeouts })
    : undefined;
  if (replica) logger.info("reads that may lag go to DATABASE_READ_URL");
  // From here on a cut connection must not end the process (see server/fault-guard.ts).
  installFaultGuard(logger, (err) => database.recycle(err));
  logger.info({ database: database.kind }, "database ready");
  const synced = await syncDirectory(database.db, directory);
  logger.info(synced, "agency directory loaded");

  // Every agency's calendar, reloaded on any instance's change (the "calendar" version).
  const calendars = await LiveCalendars.open(database.db, config.calendar, () => systemClock.now());
  const calendar = calendars.hub;
  const directoryVersion = await configVersion(database.db, "directory");
  const secret = await resolveHubSecret(config.hubSecret, config.dataDir);
  const sms = config.sms.kind === "http" ? httpSmsGateway(config.sms) : logSmsGateway(config.sms.file, () => systemClock.now());
  // Attachments: the rows' bytea, or the object store named by ATTACHMENTS_S3_URL. A
  // failing store refuses filings with files (503) and says why here, never the secret.
  const attachments = await openAttachmentStorage(config.attachmentsS3, {
    onError: (e, op) => logger.error({ err: { name: (e as Error)?.name, message: (e as Error)?.message }, op }, "attachment store failed"),
  });
  logger.info(
    config.attachmentsS3
      ? { attachments: "s3", endpoint: config.attachmentsS3.endpoint, bucket: config.attachmentsS3.bucket }
      : { attachments: "bytea" },
    "attachment storage ready",
  );
  if (config.demo) {
    const seeded = await seedDemo(database.db, secretBox(secret));
    const complaintsSeeded = await seedDemoComplaints({
      db: database.db,
      clock: systemClock,
      calendar,
      calendars,
      reopenWindow: config.reopenWindow,
    });
    logger.info({ ...seeded, complaints: complaintsSeeded }, "demo data ready (see README: Demo accounts)");
  }
  // The router: the directory plus what agencies decided so far; rebuilt by the job below.
  const routing = routerFor(directory, await loadHistory(database.db));
  const routingThreshold = config.routingThreshold ?? thresholdFor(routing.calibration, config.routingTargetPrecision);
  logger.info({ examples: routing.historySize, threshold: routingThreshold }, "router ready");
  // The directory as the admin pages (on any instance) last left it; the jobs below keep it and the router current.
  const watcher = directoryWatcher(database.db, routing, { directory, version: directoryVersion });
  // Traces to an OTLP collector when OTEL_EXPORTER_OTLP_ENDPOINT is set (README: Operations).
  const tracing = await startTracing(config.otlpEndpoint);
  if (tracing) logger.info({ endpoint: config.otlpEndpoint }, "tracing to an OTLP collector");
  // Prometheus metrics at /metrics (README: Operations).
  const metrics = createMetrics({
    db: database.db,
    now: () => systemClock.now(),
    pool: { kind: database.kind, max: database.kind === "postgres" ? DATABASE_POOL_MAX : 1 },
    available: () => database.available(),
  });
  // Webhooks: node:http(s) whose own DNS lookup re-checks the target (server/webhooks/send.ts).
  const publicUrlHttps = config.publicUrl.startsWith("https://");
  const webhooks = defaultWebhookDeps({ publicUrlHttps, allowPrivate: config.webhooksAllowPrivate });
  const box = secretBox(secret);
  // The national report's PDF: Chromium if it is there; the hub starts without it.
  const chromium = findChromium(config.chromiumPath);
  const pdf = chromium ? chromiumPdf(chromium) : undefined;
  if (!chromium) logger.warn({ path: config.chromiumPath }, "no Chromium: the national report's PDF is off (apt-get install chromium)");
  const app = createApp({
    webhooks,
    metrics,
    ...(tracing ? { tracer: tracing.tracer } : {}),
    metricsToken: config.metricsToken,
    database,
    db: database.db,
    ...(replica ? { readDb: replica.db } : {}),
    clock: systemClock,
    logger,
    // The hub's calendar as it is now: a getter, since an admin change replaces it.
    get calendar() {
      return calendars.hub;
    },
    calendars,
    demo: config.demo,
    secureCookies: config.publicUrl.startsWith("https://"),
    publicUrl: config.publicUrl,
    allowedOrigins: config.allowedOrigins,
    trustProxy: config.trustProxy,
    registry: config.registry.kind === "http" ? httpRegistry(config.registry) : dbRegistry(database.db),
    sms,
    attachments,
    secretBox: box,
    // Replaced in place (replaceIndex) when the directory or the agencies' decisions change.
    routing,
    routingThreshold,
    reopenWindow: config.reopenWindow,
    channelTargets: config.channelTargets,
    ...(pdf ? { pdf } : {}),
  });

  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info({ port: info.port, ms: Math.round(performance.now() - started) }, `hub listening on ${config.publicUrl}`);
  });

  const mailer = config.mail.kind === "smtp" ? smtpMailer(config.mail.url) : fileMailer(config.mail.dir);
  const jobs = startJobs(
    [
      // Messages leave within seconds of the change that wrote them.
      {
        name: "outbox",
        schedule: "*/2 * * * * *",
        run: () =>
          dispatchOutbox(
            { db: database.db, sms, mailer, publicUrl: config.publicUrl, webhooks: { ...webhooks, secretBox: box, publicUrlHttps } },
            systemClock.now(),
          ),
        atStart: true,
      },
      // Deadlines: warnings, escalations, reminders, no-response closures, satisfaction.
      {
        name: "sla",
        schedule: "*/30 * * * * *",
        run: async () => {
          await calendars.refresh();
          return runSla({
            db: database.db,
            clock: systemClock,
            calendar: calendars.hub,
            calendars,
            reopenWindow: config.reopenWindow,
            publicUrl: config.publicUrl,
          });
        },
        atStart: true,
      },
      // A directory edit on any instance (names, hints, coverage) rebuilds this one's router.
      {
        name: "directory",
        schedule: "*/10 * * * * *",
        run: async () => {
          await watcher.check();
        },
      },
      // A holiday added or removed, or an agency's calendar changed: re-plan the open deadlines.
      {
        name: "replan",
        schedule: "*/10 * * * * *",
        run: async () => {
          await calendars.refresh();
          return runReplan({ db: database.db, clock: systemClock, calendar: calendars.hub, calendars });
        },
        atStart: true,
      },
      {
        name: "report-sla",
        schedule: "15,45 * * * * *",
        run: () => runReportSla({ db: database.db, clock: systemClock, calendar: calendars.hub, unitHeadEmail: config.unitHeadEmail }),
        atStart: true,
      },
      // Every instance learns the agencies' decisions (harvest is idempotent) and rebuilds its own router.
      {
        name: "routing",
        schedule: `*/${config.routingRebuildMinutes} * * * *`,
        run: () => watcher.learn(),
        atStart: true,
      },
      {
        name: "agency-digest",
        schedule: "5,35 * * * *",
        run: () => runAgencyDigest({ db: database.db, calendar: calendars.hub, calendars }, systemClock.now()),
      },
      // Expired sessions, codes, invites and old rate-limit windows: nothing else deletes them.
      { name: "retention", schedule: "17 * * * *", run: () => pruneExpired(database.db, systemClock.now()), atStart: true },
      // The national unit's daily figures: recent days every 10 minutes, a quarter nightly.
      {
        name: "kpi-recent",
        schedule: "*/10 * * * *",
        run: () => refreshKpis(database.db, calendars.hub, systemClock.now(), 3),
        atStart: true,
      },
      { name: "kpi-nightly", schedule: "30 2 * * *", run: () => refreshKpis(database.db, calendars.hub, systemClock.now(), 92) },
    ],
    logger,
    metrics,
    tracing?.tracer,
  );

  // Stop taking connections, let in-flight requests finish, stop the jobs (waiting for a
  // running tick), then close the database; a hard deadline covers a stuck request.
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    setTimeout(() => process.exit(1), 10_000).unref();
    server.close(async () => {
      await jobs.stop();
      await database.close();
      await replica?.close();
      await tracing?.shutdown().catch(() => {});
      logger.info("stopped");
      process.exit(0);
    });
    // Idle keep-alive connections would otherwise hold close() open until they time out.
    (server as unknown as { closeIdleConnections?: () => void }).closeIdleConnections?.();
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((e) => {
  if (e instanceof ConfigError || e instanceof DirectoryError || e instanceof DatabaseBusyError) {
    console.error(e.message);
  } else {
    console.error("The hub could not start:", e);
  }
  process.exit(1);
});
