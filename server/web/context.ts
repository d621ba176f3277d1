import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { DEFAULT_LANG, isLang, LANG_COOKIE, messages, type Lang } from "../../views/i18n/index.ts";
import type { PageContext } from "../../views/layout.tsx";

export function langOf(c: Context): Lang {
  const fromCookie = getCookie(c, LANG_COOKIE);
  return isLang(fromCookie) ? fromCookie : DEFAULT_LANG;
}

export function pageContext(c: Context, demo: boolean): PageContext {
  const lang = langOf(c);
  const url = new URL(c.req.url);
  return {
    lang,
    t: messages(lang),
    path: url.pathname + url.search,
    demo,
    citizenSignedIn: !!c.get("citizenSession"),
    staffSignedIn: !!c.get("staff"),
    staffRoles: [...new Set(((c.get("staff") as { roles?: { role: string }[] } | undefined)?.roles ?? []).map((g) => g.role))],
  };
}
