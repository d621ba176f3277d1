import type { Context } from "hono";
import { getCookie } from "hono/cookie";
import { langOf } from "../web/context.ts";
import { isLang, LANG_COOKIE, type Lang } from "../../views/i18n/index.ts";

/**
 * The caller's language: the hub's cookie (the web app), else the request's
 * Accept-Language (an app that never saw a page), else Arabic. Pages keep Arabic as
 * the default whatever the browser asks; only the API honours the header.
 */
export function apiLang(c: Context): Lang {
  if (getCookie(c, LANG_COOKIE)) return langOf(c);
  const asked = (c.req.header("accept-language") ?? "")
    .split(",")
    .map((part) => {
      const [tag, ...params] = part.trim().toLowerCase().split(";");
      const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
      return { lang: tag!.split("-")[0]!, q: q ? Number(q.slice(2)) || 0 : 1 };
    })
    .filter((x) => isLang(x.lang) && x.q > 0)
    .sort((a, b) => b.q - a.q)[0];
  return asked && isLang(asked.lang) ? asked.lang : langOf(c);
}
