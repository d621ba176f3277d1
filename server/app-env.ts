import { Hono } from "hono";
import type { Clock } from "./clock.ts";
import type { Calendar } from "./calendar/index.ts";
import type { CalendarBook } from "./calendar/book.ts";
import type { Database, Db } from "./db.ts";
import type { Logger } from "./logger.ts";
import type { SecretBox } from "./auth/secret-box.ts";
import type { Session } from "./auth/sessions.ts";
import type { StaffActor } from "./auth/roles.ts";
import type { CivilRegistry } from "./identity/registry.ts";
import type { SmsGateway } from "./notify/sms.ts";
import type { RoutingIndex } from "./routing/suggest.ts";
import type { ReopenWindow } from "./calendar/window.ts";
import type { AttachmentStorage } from "./attachments/storage.ts";
import type { HubMetrics } from "./metrics/registry.ts";
import type { Tracer } from "@opentelemetry/api";
import type { WebhookDeps } from "./webhooks/send.ts";

// What every route factory, middleware and procedure shares: the hub's dependencies
// and the request variables. It lives apart from app.tsx, which assembles the routes,
// so a route module depends on this small contract and not on the whole app (the
// old import made 37 files one circle).

/** Every side effect the hub has, passed in so tests can use fakes instead of module mocks. */
export interface AppDeps {
  database: Database;
  db: Db;
  /**
   * DATABASE_READ_URL's replica, for the reads that may be a moment behind (see
   * `readDb`); unset means `db`.
   */
  readDb?: Db;
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
  /** Where attachments' bytes are kept: the rows' bytea (the default) or an S3-compatible store (ATTACHMENTS_S3_URL). */
  attachments: AttachmentStorage;
  sms: SmsGateway;
  secretBox: SecretBox;
  /** The router's index over the agency directory, built at start-up. */
  routing: RoutingIndex;
  /** Below this routing score a submission goes to the national unit's triage queue. */
  routingThreshold: number;
  /** How long a citizen may reopen a closed complaint. */
  reopenWindow: ReopenWindow;
  /** Prometheus metrics served at /metrics (server/metrics); none when unset. */
  metrics?: HubMetrics;
  /** OpenTelemetry: a span per request when OTEL_EXPORTER_OTLP_ENDPOINT is set (server/tracing). */
  tracer?: Tracer;
  /**
   * METRICS_TOKEN: /metrics asks for it as a bearer token. Unset, /metrics answers only
   * callers on this machine (a scraper on the host or a sidecar).
   */
  metricsToken?: string;
  /**
   * How webhooks are sent and their targets resolved (server/webhooks/send.ts); unset:
   * node:http(s) with the system resolver, private targets refused.
   */
  webhooks?: WebhookDeps;
  /** The seed whose channel targets the first-response report uses (HUB_CHANNEL_TARGETS; "000" when unset). */
  channelTargets?: "000" | "001";
  /**
   * Prints an HTML document to PDF (server/report-pdf: Chromium at CHROMIUM_PATH). Unset
   * when Chromium is missing: the national report's PDF then answers 503 saying how to
   * install it, and everything else works.
   */
  pdf?: (html: string) => Promise<Uint8Array>;
}

/**
 * The database for reads that may lag the primary by a moment: a streaming replica when
 * DATABASE_READ_URL is set. Only these go there: the liaison inbox's lists and tab counts
 * and the supervisor's workload (a page of many rows, read again on every tab and filter;
 * a change the officer just made shows on its own complaint page, read from the primary),
 * the national and agency figures and reports, and the public transparency page (built
 * from daily figures that are minutes old by design). Writes, and every read that must
 * see its own write (a citizen's complaint page right after filing, the officer's
 * complaint page, sessions, sign-in, anything inside a use case's transaction), use `db`.
 */
export function readDb(deps: AppDeps): Db {
  return deps.readDb ?? deps.db;
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

/** A sub-app for one group of routes; app.tsx mounts it with `app.route("/", …)`. */
export function createRouter() {
  return new Hono<AppEnv>();
}
