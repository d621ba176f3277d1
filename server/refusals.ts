// Every refusal a use case (or the hub's own guards) can answer with, and how each
// door shows it: the web pages' HTTP status, the tRPC error code, and the message key
// (a dotted path into views/i18n, e.g. "errors.throttled"). Pure data, no HTTP or
// JSX, so the web pages and the tRPC layer read one table and cannot drift apart.
// test/unit/refusals.test.ts checks that every refusal code in server/ has an entry
// and that each entry's message exists in Arabic and English.

/** How long a client should wait before trying again after a 503; the database probe checks every second. */
export const RETRY_AFTER_S = 5;

export type RefusalStatus = 400 | 401 | 403 | 404 | 409 | 410 | 413 | 422 | 429 | 503;
/** The subset of tRPC's codes the hub refuses with (TRPCError accepts each of them). */
export type RefusalTrpcCode =
  | "BAD_REQUEST"
  | "UNAUTHORIZED"
  | "FORBIDDEN"
  | "NOT_FOUND"
  | "CONFLICT"
  | "PAYLOAD_TOO_LARGE"
  | "TOO_MANY_REQUESTS"
  | "SERVICE_UNAVAILABLE";

export interface RefusalEntry {
  status: RefusalStatus;
  trpc: RefusalTrpcCode;
  /** Dotted path into the messages, e.g. "errors.not_now". */
  message: string;
}

const entry = (status: RefusalStatus, trpc: RefusalTrpcCode, message: string): RefusalEntry => ({ status, trpc, message });
// The usual case: the message is the code's own entry under `errors`.
const own = <C extends string>(code: C, status: RefusalStatus, trpc: RefusalTrpcCode) =>
  ({ [code]: entry(status, trpc, `errors.${code}`) }) as Record<C, RefusalEntry>;

export const REFUSALS = {
  // Form problems: the fields say what is wrong; 422 so a browser keeps the form.
  ...own("invalid", 422, "BAD_REQUEST"),
  ...own("throttled", 429, "TOO_MANY_REQUESTS"),
  // A dependency is down: nothing was done, try again.
  ...own("registry_unavailable", 503, "SERVICE_UNAVAILABLE"),
  ...own("sms_failed", 503, "SERVICE_UNAVAILABLE"),
  // The attachment store (ATTACHMENTS_S3_URL) did not take or give a file: nothing was filed.
  ...own("attachments_unavailable", 503, "SERVICE_UNAVAILABLE"),
  ...own("attachment_unreadable", 503, "SERVICE_UNAVAILABLE"),
  // The database is unreachable (server/web/unavailable.tsx answers it with Retry-After).
  database_unavailable: entry(503, "SERVICE_UNAVAILABLE", "unavailableBody"),

  // Identity (server/identity/citizens.ts).
  ...own("identity_mismatch", 422, "BAD_REQUEST"),
  ...own("already_registered", 422, "CONFLICT"),
  ...own("invalid_credentials", 401, "UNAUTHORIZED"),
  ...own("code_wrong", 422, "BAD_REQUEST"),
  ...own("code_expired", 422, "BAD_REQUEST"),
  ...own("code_locked", 422, "BAD_REQUEST"),
  ...own("code_used", 422, "BAD_REQUEST"),
  ...own("code_not_found", 422, "BAD_REQUEST"),
  // No session, or it ended: the app is told to sign in (not that its details were wrong).
  ...own("signed_out", 401, "UNAUTHORIZED"),

  // Staff accounts (server/auth/staff.ts).
  ...own("email_taken", 422, "CONFLICT"),
  ...own("invite_invalid", 410, "BAD_REQUEST"),
  ...own("totp_required", 401, "UNAUTHORIZED"),
  ...own("totp_wrong", 401, "UNAUTHORIZED"),
  ...own("totp_not_enrolled", 401, "UNAUTHORIZED"),

  // The hub's guards.
  ...own("origin_refused", 403, "FORBIDDEN"),
  ...own("too_large", 413, "PAYLOAD_TOO_LARGE"),

  // The lifecycle (server/complaints/lifecycle.ts) and the use cases around it.
  ...own("not_found", 404, "NOT_FOUND"),
  // Refused on who you are: shown as not found, so an outsider learns nothing about
  // the complaint. Callers also answer with the code `not_found`.
  forbidden: entry(404, "NOT_FOUND", "errors.not_found"),
  // Someone (a colleague, a job, the citizen) got there first: reload and look again.
  ...own("conflict", 409, "CONFLICT"),
  ...own("not_now", 409, "CONFLICT"),
  ...own("reopen_closed", 409, "CONFLICT"),
  ...own("info_not_due", 409, "CONFLICT"),
  // The step is refused whatever the state: the page shows it above the actions.
  ...own("move_cap", 422, "CONFLICT"),
  ...own("override_forbidden", 422, "CONFLICT"),
  ...own("not_for_kind", 422, "CONFLICT"),
  // The reply to a media outlet (seed 002 §5.2): only a media item has one; once per closure.
  ...own("not_media", 422, "CONFLICT"),
  ...own("outlet_answered", 409, "CONFLICT"),
  ...own("service_unknown", 422, "BAD_REQUEST"),
  ...own("service_refuses_kind", 422, "BAD_REQUEST"),

  // Digital reports and ratings.
  ...own("no_complaint", 409, "CONFLICT"),
  // The reason's own text is under reports.ineligible; this is the fallback.
  ineligible: entry(422, "BAD_REQUEST", "errors.invalid"),
  link_invalid: entry(410, "BAD_REQUEST", "rating.invalidTitle"),

  // Webhooks (server/webhooks): an endpoint's URL refused at registration (SSRF guard),
  // and a delivery the admin page cannot send again.
  ...own("webhook_url_invalid", 422, "BAD_REQUEST"),
  ...own("webhook_not_https", 422, "BAD_REQUEST"),
  ...own("webhook_unresolvable", 422, "BAD_REQUEST"),
  ...own("webhook_private_target", 422, "BAD_REQUEST"),
  ...own("webhook_not_resendable", 409, "CONFLICT"),
  // The agency API (server/agency-api): a request it cannot read (not JSON, an unknown
  // action, a field of the wrong shape) is the caller's bug, not a form to show again;
  // a key that is missing, unknown or revoked is told so and nothing more.
  ...own("bad_request", 400, "BAD_REQUEST"),
  ...own("api_key_invalid", 401, "UNAUTHORIZED"),
  // The voice-of-the-beneficiary quotes (server/kpi/quotes.ts): texts in views/i18n/voice.*.
  quote_personal_data: entry(422, "BAD_REQUEST", "voice.errors.quote_personal_data"),
  quote_source_unknown: entry(422, "BAD_REQUEST", "voice.errors.quote_source_unknown"),

  // The directory admin's JSON editor (server/directory/admin-store.ts).
  not_json: entry(422, "BAD_REQUEST", "admin.notJson"),
  code_mismatch: entry(422, "BAD_REQUEST", "admin.codeMismatch"),
  unknown_city: entry(422, "BAD_REQUEST", "admin.invalid"),
} satisfies Record<string, RefusalEntry>;

export type RefusalCode = keyof typeof REFUSALS;

export function isRefusal(code: string): code is RefusalCode {
  return Object.hasOwn(REFUSALS, code);
}

/** The entry for a code; one the table does not know is a form problem (`invalid`). */
export function refusal(code: string): RefusalEntry {
  return isRefusal(code) ? REFUSALS[code] : REFUSALS.invalid;
}

/** The web pages' status for a refusal. */
export function refusalStatus(code: string): RefusalStatus {
  return refusal(code).status;
}
