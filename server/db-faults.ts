/**
 * Which errors mean "the database is not answering" rather than "this request is wrong":
 * those get a 503 with Retry-After (pages and API) instead of a 500, and mark the
 * database down until a ping answers again. Pure: no driver or drizzle import.
 */

export type DatabaseFault = "unreachable" | "timeout";

/** Thrown by the hub itself when a ping or a request finds the database marked down. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
  readonly code = "DATABASE_UNAVAILABLE";
}

// postgres.js's own connection errors, and the socket errors it passes on.
const UNREACHABLE_CODES = new Set([
  "DATABASE_UNAVAILABLE",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_DESTROYED",
  "CONNECTION_ENDED",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "ENOTFOUND",
  "EAI_AGAIN",
  // SQLSTATE: the server is shutting down, crashed or is still starting.
  "57P01",
  "57P02",
  "57P03",
]);

/** The fault behind an error (drizzle and tRPC wrap the driver's error in `cause`). */
export function databaseFault(err: unknown): DatabaseFault | undefined {
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== "string") continue;
    if (UNREACHABLE_CODES.has(code) || code.startsWith("08")) return "unreachable";
    // statement_timeout: the database is there but overloaded; a 503, not a 500.
    if (code === "57014") return "timeout";
  }
  return undefined;
}

/**
 * An error that escaped to the process (uncaughtException) from inside postgres.js's
 * connection handling: a write on a socket it has already dropped (porsager/postgres
 * #1208), an error decorated on a query that has no origin (#1154, #896), or a socket
 * error event nobody listened to. The process is fine; the pool is not to be trusted.
 */
export function isDriverFault(err: unknown): boolean {
  if (!err || typeof err !== "object") return false;
  const stack = String((err as { stack?: unknown }).stack ?? "");
  if (/[\\/]node_modules[\\/]postgres[\\/]/.test(stack)) return true;
  const syscall = (err as { syscall?: unknown }).syscall;
  return (
    databaseFault(err) === "unreachable" && (typeof syscall === "string" || String((err as { code?: unknown }).code).startsWith("CONN"))
  );
}
