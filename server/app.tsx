import { randomUUID } from "node:crypto";
import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import { secureHeaders } from "hono/secure-headers";
import { trpcServer } from "@hono/trpc-server";
import type { Clock } from "./clock.ts";
import type { Calendar } from "./calendar/index.ts";
import type { CalendarBook } from "./calendar/book.ts";
import type { Database, Db } from "./db.ts";
import type { Logger } from "./logger.ts";
import { appRouter } from "./api/router.ts";
import type { SecretBox } from "./auth/secret-box.ts";
import type { Session } from "./auth/sessions.ts";
import type { StaffActor } from "./auth/roles.ts";
import { originCheck } from "./auth/csrf.ts";
import type { CivilRegistry } from "./identity/registry.ts";
import type { SmsGateway } from "./notify/sms.ts";
import type { RoutingIndex } from "./routing/suggest.ts";
import type { ReopenWindow } from "./complaints/lifecycle.ts";
import { loadSessions } from "./web/session.ts";
import { citizenRoutes } from "./web/citizen/routes.tsx";
import { ratingRoutes } from "./web/rating.tsx";
import { trackRoutes } from "./web/track.tsx";
import { kpiRoutes } from "./web/kpi.tsx";
import { newWorkCount } from "./complaints/new-work.ts";
import { calendarAdminRoutes } from "./web/calendar-admin.tsx";
import { staffRoutes } from "./web/staff/routes.tsx";
import { complaintUploadRoutes } from "./api/complaint-upload.ts";
import { ForbiddenPage } from "../views/pages/error.tsx";
import { pageContext } from "./web/context.ts";
import { healthRoutes } from "./web/health.ts";
import { inputGuard, safePath } from "./web/input-guard.tsx";
import { responseGuard } from "./web/response-guard.ts";
import { homeRoutes } from "./web/home.tsx";
import { languageRoutes } from "./web/language.ts";
import { staticRoutes } from "./web/static.ts";
import { ErrorPage, NotFoundPage } from "../views/pages/error.tsx";
import { databaseGate, unavailableResponse } from "./web/unavailable.tsx";
import { databaseFault } from "./db-faults.ts";

/** Every side effect the hub has, passed in so tests can use fakes instead of module mocks. */
export interface AppDeps {
  database: Database;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** The national unit's calendar (digital reports, the hub's own pages). */
  calendar: Calendar;
  /**
   * Every agency's calendar (issue 17); a complaint's deadlines use its agency's. With
   * `refresh`, it is reloaded per request when another instance changed a calendar.
   */
  calendars?: CalendarBook & { refresh?: () => Promise<void> };
  /** Shows the demo banner; set when demo data was seeded. */
  demo: boolean;
  /** Sets the Secure flag on cookies; off only for plain-http local runs and tests. */
  secureCookies: boolean;
  /** The address citizens use; its origin is accepted by the CSRF check. */
  publicUrl: string;
  /** Origins the CSRF check accepts; defaults to publicUrl's alone. */
  allowedOrigins?: string[];
  /** How many proxies you run in front of the hub: the client address is that many X-Forwarded-For hops from the right (0: the socket's). */
  trustProxy: number;
  registry: CivilRegistry;
  sms: SmsGateway;
  secretBox: SecretBox;
  /** The router's index over the agency directory, built at start-up. */
  routing: RoutingIndex;
  /** Below this routing score a submission goes to the national unit's triage queue. */
  routingThreshold: number;
  /** How long a citizen may reopen a closed complaint. */
  reopenWindow: ReopenWindow;
}

export type AppEnv = {
  Variables: {
    deps: AppDeps;
    requestId: string;
    citizenSession?: Session;
    staffSession?: Session;
    staff?: StaffActor;
    /** New work for a liaison officer's header badge (server/complaints/new-work.ts). */
    newWork?: number;
  };
};

export function createApp(deps: AppDeps) {
  const app = new Hono<AppEnv>();

  app.use(async (c, next) => {
    c.set("deps", deps);
    c.set("requestId", randomUUID());
    const started = performance.now();
    await next();
    // Path only, token-like segments masked: query strings, bodies and the tokens of
    // set-password and rating links may carry personal data or grant access.
    deps.logger.info(
      {
        reqId: c.var.requestId,
        method: c.req.method,
        path: safePath(c.req.path),
        status: c.res.status,
        ms: Math.round(performance.now() - started),
      },
      "request",
    );
  });

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", "data:"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
      },
      strictTransportSecurity: deps.secureCookies ? "max-age=31536000; includeSubDomains" : false,
      referrerPolicy: "same-origin",
    }),
  );

  // Before anything reads a body or a parameter: sizes bounded, NUL, lone surrogates
  // and over-long values refused with a translated 400 (issue 13's fuzz found 500s).
  app.use(inputGuard);

  app.route("/", healthRoutes());
  app.route("/", staticRoutes());
  // Past the health checks and static files: a 503 at once while the database is down.
  app.use(databaseGate);
  app.use(async (c, next) => {
    // An admin change on any instance bumps the calendar version: one read picks it up.
    if (deps.calendars?.refresh) await deps.calendars.refresh();
    await next();
  });

  // Every state-changing request must come from the hub's own pages (or an app that
  // sends the hub's Origin), tRPC and htmx included.
  app.use(
    originCheck({
      allowed: deps.allowedOrigins ?? [new URL(deps.publicUrl).origin],
      onRefuse: async (c) => {
        deps.logger.warn({ reqId: c.var.requestId, path: c.req.path }, "cross-origin request refused");
        if (c.req.path.startsWith("/trpc/")) {
          return c.json({ error: { code: "FORBIDDEN", message: "origin_refused" } }, 403);
        }
        return c.html(<ForbiddenPage ctx={pageContext(c, deps.demo)} />, 403);
      },
    }),
  );
  app.use(loadSessions);
  // Pages (not htmx fragments or APIs) show a liaison officer how much new work arrived.
  app.use(async (c, next) => {
    const staff = c.var.staff;
    if (staff && c.req.method === "GET" && !c.req.header("hx-request") && !c.req.path.startsWith("/trpc/")) {
      const codes = [...new Set(staff.roles.filter((g) => g.role === "liaison" && g.agencyCode).map((g) => g.agencyCode!))];
      if (codes.length) c.set("newWork", await newWorkCount(deps.db, staff.id, codes));
    }
    await next();
  });
  // After the sessions are known: no-store on signed-in responses, bidi controls out of pages.
  app.use(responseGuard);

  app.route("/", languageRoutes({ secureCookies: deps.secureCookies }));
  app.route("/", homeRoutes());
  app.route("/", citizenRoutes());
  app.route("/", ratingRoutes());
  app.route("/", trackRoutes());
  app.route("/", staffRoutes());
  app.route("/", kpiRoutes());
  app.route("/", calendarAdminRoutes());
  app.route("/", complaintUploadRoutes());
  // Procedures set cookies through Hono's context; creating the response object first
  // makes Hono merge those headers into the response tRPC returns.
  app.use("/trpc/*", async (c, next) => {
    void c.res;
    await next();
  });
  app.use(
    "/trpc/*",
    trpcServer({
      router: appRouter,
      endpoint: "/trpc",
      createContext: (_opts, c) => ({ deps, c: c as never }),
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") {
          deps.logger.error({ path, err: { name: error.name, message: error.message, stack: error.stack } }, "unhandled API error");
        }
      },
    }),
  );

  app.notFound((c) => c.html(<NotFoundPage ctx={pageContext(c, deps.demo)} />, 404));

  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status < 500) {
      return err.getResponse();
    }
    if (databaseFault(err)) {
      deps.database.reportFailure(err);
      deps.logger.warn({ reqId: c.var.requestId, err: { name: err.name, message: err.message } }, "database unavailable");
      return unavailableResponse(c);
    }
    const errorId = c.var.requestId ?? randomUUID();
    // The message and stack go to the log for engineers; the user sees a reference only.
    deps.logger.error({ reqId: errorId, err: { name: err.name, message: err.message, stack: err.stack } }, "unhandled error");
    return c.html(<ErrorPage ctx={pageContext(c, deps.demo)} errorId={errorId} />, 500);
  });

  return app;
}
