import type { Context, MiddlewareHandler } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../app-env.ts";
import { createSession, deleteSession, SESSION_COOKIES, SESSION_POLICIES, validateSession, type Realm } from "../auth/sessions.ts";
import { loadStaffActor } from "../auth/staff.ts";

function writeCookie(c: Context<AppEnv>, realm: Realm, token: string) {
  setCookie(c, SESSION_COOKIES[realm], token, {
    path: "/",
    httpOnly: true,
    secure: c.var.deps.secureCookies,
    sameSite: "Lax",
    maxAge: Math.floor(SESSION_POLICIES[realm].absoluteMs / 1000),
  });
}

/**
 * Reads both cookies on every request: a citizen and a member of staff are separate
 * identities with separate sessions, even in one browser.
 */
export const loadSessions: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { db, clock } = c.var.deps;
  const now = clock.now();
  const citizenToken = getCookie(c, SESSION_COOKIES.citizen);
  if (citizenToken) {
    const s = await validateSession(db, "citizen", citizenToken, now);
    if (s) {
      c.set("citizenSession", s);
    } else {
      deleteCookie(c, SESSION_COOKIES.citizen, { path: "/" });
    }
  }
  const staffToken = getCookie(c, SESSION_COOKIES.staff);
  if (staffToken) {
    const s = await validateSession(db, "staff", staffToken, now);
    const actor = s ? await loadStaffActor(db, s.userId) : null;
    if (s && actor) {
      c.set("staffSession", s);
      c.set("staff", actor);
    } else {
      if (s) await deleteSession(db, s.id);
      deleteCookie(c, SESSION_COOKIES.staff, { path: "/" });
    }
  }
  await next();
};

export async function startSession(c: Context<AppEnv>, realm: Realm, userId: string): Promise<void> {
  // A fresh id at every sign-in: a session id planted before sign-in is worthless after it.
  const previous = realm === "citizen" ? c.var.citizenSession : c.var.staffSession;
  if (previous) await deleteSession(c.var.deps.db, previous.id);
  const { token } = await createSession(c.var.deps.db, realm, userId, c.var.deps.clock.now());
  writeCookie(c, realm, token);
}

export async function endSession(c: Context<AppEnv>, realm: Realm): Promise<void> {
  const s = realm === "citizen" ? c.var.citizenSession : c.var.staffSession;
  if (s) await deleteSession(c.var.deps.db, s.id);
  deleteCookie(c, SESSION_COOKIES[realm], { path: "/" });
}

/**
 * The client's address for rate limits. Behind N proxies of your own, each appends the
 * address it received from, so the client is the N-th entry from the right; everything
 * left of it was written by the client and proves nothing (a rotating first entry would
 * dodge every limit).
 */
export function clientIp(c: Context<AppEnv>): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  const socket = env?.incoming?.socket?.remoteAddress ?? "unknown";
  return forwardedClient(c.req.header("x-forwarded-for"), c.var.deps.trustProxy, socket);
}

export function forwardedClient(header: string | undefined, hops: number, socket: string): string {
  if (!hops || !header) return socket;
  const entries = header
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!entries.length) return socket;
  // Fewer entries than proxies: the leftmost was still written by one of ours.
  const pick = entries[Math.max(0, entries.length - hops)]!;
  return /^[0-9a-fA-F:.]{2,45}$/.test(pick) ? pick : socket;
}
