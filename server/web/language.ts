import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { isLang, LANG_COOKIE } from "../../views/i18n/index.ts";

const BASE = "http://hub.invalid";
const MAX_NEXT = 2048;

/**
 * Only same-origin paths: an open redirect would let phishing borrow the hub's name.
 * Browsers drop tabs and newlines from a Location and read `\` as `/`, so the raw
 * string's first characters prove nothing: anything with a control character, space
 * or backslash is refused, and what is left must parse, against a placeholder origin,
 * to that same origin. The parsed form is returned, never the raw input.
 */
export function safeNext(next: string | undefined): string {
  if (!next || next.length > MAX_NEXT || !next.startsWith("/")) return "/";
  // eslint-disable-next-line no-control-regex -- control characters are what we refuse
  if (/[\u0000-\u0020\u007f-\u00a0\\\s\u2028\u2029]/u.test(next)) return "/";
  let url: URL;
  try {
    url = new URL(next, BASE);
  } catch {
    return "/";
  }
  if (url.origin !== BASE) return "/";
  const path = url.pathname + url.search + url.hash;
  // Belt and braces: a parsed path starting with two slashes would be protocol-relative.
  return path.startsWith("//") ? "/" : path;
}

export function languageRoutes(opts: { secureCookies: boolean }) {
  const app = new Hono();
  app.get("/lang/:lang", (c) => {
    const lang = c.req.param("lang");
    if (!isLang(lang)) return c.notFound();
    setCookie(c, LANG_COOKIE, lang, {
      path: "/",
      maxAge: 60 * 60 * 24 * 365,
      sameSite: "Lax",
      httpOnly: true,
      secure: opts.secureCookies,
    });
    return c.redirect(safeNext(c.req.query("next")), 303);
  });
  return app;
}
