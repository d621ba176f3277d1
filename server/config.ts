import { resolve } from "node:path";
import { z } from "zod";
import { DEFAULT_SMS_BODY } from "./notify/sms.ts";
import { SUPPORTED_COUNTRIES } from "./calendar/holidays.ts";
import { parseReopenWindow } from "./calendar/window.ts";
import { parseWorkingHours } from "./calendar/book.ts";
import { parseS3Url } from "./attachments/s3-url.ts";
import { DEFAULT_TARGET_PRECISION } from "./routing/suggest.ts";

const WEEKDAYS = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } as const;

const weekend = z.string().transform((s, ctx) => {
  const days = s
    .split(",")
    .map((d) => d.trim().toLowerCase().slice(0, 3))
    .filter(Boolean);
  const out: (0 | 1 | 2 | 3 | 4 | 5 | 6)[] = [];
  for (const d of days) {
    const n = WEEKDAYS[d as keyof typeof WEEKDAYS];
    if (n === undefined) {
      ctx.addIssue({ code: "custom", message: `unknown weekday "${d}" (use sun,mon,tue,wed,thu,fri,sat)` });
      return z.NEVER;
    }
    out.push(n);
  }
  if (out.length >= 7) {
    ctx.addIssue({ code: "custom", message: "at least one day of the week must be a working day" });
    return z.NEVER;
  }
  return out;
});

const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, "must be an IANA time zone such as Asia/Riyadh");

const flag = z.enum(["0", "1", "true", "false", ""]).transform((v) => v === "1" || v === "true");

const envSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default("0.0.0.0"),
  PUBLIC_URL: z.url().optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  // A streaming replica for the reads that may lag (the inbox lists, the reports, the
  // transparency page); everything else stays on DATABASE_URL.
  DATABASE_READ_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must start with postgres:// or postgresql://")
    .optional(),
  DATA_DIR: z.string().default("./data"),
  AGENCIES_DIR: z.string().default("./agencies"),
  HUB_TIMEZONE: timeZone.default("Asia/Riyadh"),
  HUB_WEEKEND: weekend.prefault("fri,sat"),
  HUB_HOLIDAY_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, "must be a two-letter country code such as SA, JO or OM")
    .refine((c) => SUPPORTED_COUNTRIES().includes(c), "has no public-holiday rules (SA, JO, OM and the countries of date-holidays work)")
    .default("SA"),
  // The working day escalation delays count in (issue 14 §4); an agency may set its own.
  HUB_WORKING_HOURS: z
    .string()
    .default("07:30-14:30")
    .transform((s, ctx) => {
      const w = parseWorkingHours(s);
      if (!w) {
        ctx.addIssue({ code: "custom", message: `"${s}" is not a range of the day such as 07:30-14:30` });
        return z.NEVER;
      }
      return w;
    }),
  // Bounds on waiting for PostgreSQL: a database that does not answer gets a 503 page
  // within seconds instead of holding every request (0 turns a bound off).
  DATABASE_CONNECT_TIMEOUT_S: z.coerce.number().int().min(0).max(300).default(5),
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  DATABASE_IDLE_TIMEOUT_S: z.coerce.number().int().min(0).max(86_400).default(60),
  HUB_DEMO: flag.optional(),
  // How many reverse proxies you run in front of the hub; "true" means one.
  TRUST_PROXY: z
    .string()
    .regex(/^(\d|true|false)$/, "must be the number of proxies in front of the hub (0-9), or true/false")
    .transform((v) => (v === "true" ? 1 : v === "false" ? 0 : Number(v)))
    .optional(),
  HUB_SECRET: z.string().min(32, "must be at least 32 characters (e.g. openssl rand -base64 32)").optional(),
  CIVIL_REGISTRY: z.enum(["db", "http"]).default("db"),
  REGISTRY_URL: z.url().optional(),
  REGISTRY_AUTH: z.string().optional(),
  REGISTRY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  SMS_GATEWAY: z.enum(["log", "http"]).default("log"),
  SMS_URL: z.url().optional(),
  SMS_AUTH: z.string().optional(),
  SMS_BODY: z.string().optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "must start with smtp:// or smtps://")
    .optional(),
  // Where an overdue digital report escalates: the head of the national complaints unit.
  UNIT_HEAD_EMAIL: z.email("must be an email address").default("head.complaints-unit@hub.example"),
  // The routing score is a calibrated probability that the agency is right; the hub
  // routes automatically at the lowest score whose routes reached this precision on the
  // blind calibration set (server/routing/calibration.json). ROUTING_THRESHOLD overrides it.
  ROUTING_TARGET_PRECISION: z.coerce.number().min(0.5).max(1).default(DEFAULT_TARGET_PRECISION),
  ROUTING_THRESHOLD: z.coerce.number().min(0).max(1).optional(),
  // How often each instance rebuilds its router from the directory and the officers' decisions.
  ROUTING_REBUILD_MINUTES: z.coerce.number().int().min(1).max(59).default(15),
  // How long a citizen may reopen a closed complaint: working days ("3wd", seed 000) or hours ("48h", seed 001).
  HUB_REOPEN_WINDOW: z
    .string()
    .default("3wd")
    .transform((s, ctx) => {
      const w = parseReopenWindow(s);
      if (!w) {
        ctx.addIssue({ code: "custom", message: `"${s}" is not a window: use working days like 3wd or hours like 48h` });
        return z.NEVER;
      }
      return w;
    }),
  // Whose channel table the first-response report measures against: seed 000's (the
  // default) or seed 001's targets and hours (server/complaints/channels.ts).
  HUB_CHANNEL_TARGETS: z.enum(["000", "001"], { message: 'must be "000" or "001" (the seed whose channel targets apply)' }).default("000"),
  // /metrics asks for this bearer token; unset, only callers on this machine may scrape.
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  // OpenTelemetry traces go to this OTLP/HTTP collector (its /v1/traces); unset, none are made.
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url({ message: "must be a URL such as http://collector:4318" }).optional(),
  // Attachments in an S3-compatible object store instead of the database's bytea (issue 16
  // item 6b); the shape is in server/attachments/s3-url.ts and the README.
  ATTACHMENTS_S3_URL: z
    .string()
    .transform((s, ctx) => {
      const r = parseS3Url(s);
      if ("error" in r) {
        ctx.addIssue({ code: "custom", message: r.error });
        return z.NEVER;
      }
      return r;
    })
    .optional(),
  // Webhooks may target private and loopback addresses (a receiver on the hub's own network).
  // Off: only public addresses (README: Webhooks). Link-local and metadata stay refused.
  WEBHOOKS_ALLOW_PRIVATE: flag.optional(),
  // The national report's PDF is printed by this Chromium (server/report-pdf); missing, the
  // hub runs without PDFs and the report page says how to install it.
  CHROMIUM_PATH: z.string().default("/usr/bin/chromium"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type Config = ReturnType<typeof parseConfig>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** Environment -> typed config. Errors name the variable so an operator can fix it at once. */
export function parseConfig(env: Record<string, string | undefined> = process.env) {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== "")));
  const extra: { path: string[]; message: string }[] = [];
  if (parsed.success) {
    const e = parsed.data;
    const need = (cond: boolean, path: string, message: string) => cond && extra.push({ path: [path], message });
    need(e.CIVIL_REGISTRY === "http" && !e.REGISTRY_URL, "REGISTRY_URL", "is required when CIVIL_REGISTRY=http");
    need(e.SMS_GATEWAY === "http" && !e.SMS_URL, "SMS_URL", "is required when SMS_GATEWAY=http");
    // Instances sharing a PostgreSQL must share the key; the embedded hub keeps one in DATA_DIR.
    need(
      !!e.DATABASE_READ_URL && !e.DATABASE_URL,
      "DATABASE_READ_URL",
      "needs DATABASE_URL (a replica of the embedded database cannot exist)",
    );
    need(!!e.DATABASE_URL && !e.HUB_SECRET, "HUB_SECRET", "is required when DATABASE_URL is set (every instance needs the same one)");
  }
  if (!parsed.success || extra.length) {
    const issues = parsed.success ? extra : parsed.error.issues;
    const lines = issues.map((i) => `  ${i.path.map(String).join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data!;
  const embedded = !e.DATABASE_URL;
  return {
    port: e.PORT,
    host: e.HOST,
    publicUrl: e.PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    // The origins the CSRF check accepts: PUBLIC_URL's, or, for a local run without
    // one, the loopback names at PORT. Never derived from a request's Host header.
    allowedOrigins: e.PUBLIC_URL
      ? [new URL(e.PUBLIC_URL).origin]
      : [`http://localhost:${e.PORT}`, `http://127.0.0.1:${e.PORT}`, `http://[::1]:${e.PORT}`],
    databaseUrl: e.DATABASE_URL,
    databaseReadUrl: e.DATABASE_READ_URL,
    databaseTimeouts: {
      connectTimeoutS: e.DATABASE_CONNECT_TIMEOUT_S,
      statementTimeoutMs: e.DATABASE_STATEMENT_TIMEOUT_MS,
      idleTimeoutS: e.DATABASE_IDLE_TIMEOUT_S,
    },
    dataDir: resolve(e.DATA_DIR),
    agenciesDir: resolve(e.AGENCIES_DIR),
    calendar: {
      timeZone: e.HUB_TIMEZONE,
      weekend: e.HUB_WEEKEND,
      holidayCountry: e.HUB_HOLIDAY_COUNTRY,
      workingHours: e.HUB_WORKING_HOURS,
    },
    // Demo data belongs to the embedded database; a real server only gets it when asked.
    demo: e.HUB_DEMO ?? embedded,
    logLevel: e.LOG_LEVEL,
    hubSecret: e.HUB_SECRET,
    trustProxy: e.TRUST_PROXY ?? 0,
    routingThreshold: e.ROUTING_THRESHOLD,
    routingTargetPrecision: e.ROUTING_TARGET_PRECISION,
    routingRebuildMinutes: e.ROUTING_REBUILD_MINUTES,
    reopenWindow: e.HUB_REOPEN_WINDOW,
    channelTargets: e.HUB_CHANNEL_TARGETS,
    metricsToken: e.METRICS_TOKEN,
    otlpEndpoint: e.OTEL_EXPORTER_OTLP_ENDPOINT,
    webhooksAllowPrivate: e.WEBHOOKS_ALLOW_PRIVATE ?? false,
    unitHeadEmail: e.UNIT_HEAD_EMAIL,
    chromiumPath: e.CHROMIUM_PATH,
    /** Where attachments' bytes go: null keeps them in the database (bytea). */
    attachmentsS3: e.ATTACHMENTS_S3_URL ?? null,
    mail: e.SMTP_URL ? { kind: "smtp" as const, url: e.SMTP_URL } : { kind: "file" as const, dir: resolve(e.DATA_DIR, "mail") },
    registry:
      e.CIVIL_REGISTRY === "http"
        ? { kind: "http" as const, url: e.REGISTRY_URL!, authHeader: e.REGISTRY_AUTH, timeoutMs: e.REGISTRY_TIMEOUT_MS }
        : { kind: "db" as const },
    sms:
      e.SMS_GATEWAY === "http"
        ? { kind: "http" as const, url: e.SMS_URL!, authHeader: e.SMS_AUTH, bodyTemplate: e.SMS_BODY ?? DEFAULT_SMS_BODY }
        : { kind: "log" as const, file: resolve(e.DATA_DIR, "sms.jsonl") },
  };
}
