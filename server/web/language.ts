import { Hono } from "hono";
import { setCookie } from "hono/cookie";
import { isLang, LANG_COOKIE } from "../../views/i18n/index.ts";

/** Only same-site paths: an open redirect here would let phishing borrow the hub's name. */
export function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
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
