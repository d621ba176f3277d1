import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env.ts";

/**
 * The explicit embeddings and overrides (U+202A–E). Isolates (U+2066–9) are not
 * stripped: the hub's own formatter wraps references, numbers and dates in them so an
 * Arabic line cannot reorder them, and stripping them undid that on every page.
 */
export const BIDI_CONTROLS = /[\u202A-\u202E]/g;

/**
 * Citizens' text is stored as typed, but shown without bidi controls: an override
 * (U+202E) in a complaint would reverse what follows it on an officer's screen and
 * spoof a reference, an amount or a file name ("Trojan Source", CVE-2021-42574). The
 * hub's own strings use none, so every HTML page is cleaned, whichever view renders
 * the text, without each view having to remember. (The hub's own strings mark an
 * embedded number with U+200E, which is not a control of this kind.)
 */
const HAS_BIDI = /[\u202A-\u202E]/;

export function stripBidi(s: string): string {
  return s.replace(BIDI_CONTROLS, "");
}

export const responseGuard: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  // A signed-in page or export is someone's personal data: no shared or browser cache
  // keeps it after sign-out (the back button, a shared computer, a proxy).
  if (c.var.citizenSession || c.var.staffSession || c.res.headers.has("set-cookie")) {
    c.res.headers.set("cache-control", "no-store");
  }
  const type = c.res.headers.get("content-type") ?? "";
  if (type.startsWith("text/html") && c.res.body) {
    const html = await c.res.text();
    const headers = new Headers(c.res.headers);
    headers.delete("content-length");
    c.res = new Response(HAS_BIDI.test(html) ? stripBidi(html) : html, { status: c.res.status, headers });
  }
};
