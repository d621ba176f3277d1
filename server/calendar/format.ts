import type { Calendar } from "./types.ts";

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${withTime}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, {
      timeZone,
      weekday: "long",
      day: "numeric",
      month: "long",
      year: "numeric",
      ...(withTime ? { hour: "2-digit", minute: "2-digit" } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

/** Gregorian and Hijri (Umm al-Qura) renderings of an instant in the deployment's zone. */
export function formatDate(cal: Calendar, instant: Date, lang: "ar" | "en", opts: { withTime?: boolean } = {}) {
  const base = lang === "ar" ? "ar-SA" : "en-GB";
  const withTime = !!opts.withTime;
  return {
    gregorian: fmt(`${base}-u-ca-gregory`, cal.timeZone, withTime).format(instant),
    hijri: fmt(`${base}-u-ca-islamic-umalqura`, cal.timeZone, false).format(instant),
  };
}
