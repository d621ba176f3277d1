import type { Calendar } from "./types.ts";
import { localDate } from "./working-days.ts";

// The one formatter for dates and numbers that people read: pages, SMS and email all
// come here, so a deadline reads the same wherever the citizen meets it.
//
// Digit policy: Latin digits (0-9) in both languages. References, mobile numbers,
// national numbers and SMS codes are Latin-digit strings that citizens type and read
// back, and Arabic-Indic digits beside them made one page show both systems
// ("١٩ نوفمبر" next to "CMP-2026-…"); `-nu-latn` keeps Arabic month and day names.
//
// Zone: always the deployment's (HUB_TIMEZONE, in `cal.timeZone`), never the server's.

export type Lang = "ar" | "en";

type CalendarSystem = "gregory" | "islamic-umalqura";

/** The BCP 47 locale for a language, calendar system and the hub's digit policy. */
export function localeFor(lang: Lang, system: CalendarSystem = "gregory"): string {
  return lang === "ar" ? `ar-SA-u-ca-${system}-nu-latn` : `en-GB-u-ca-${system}-nu-latn`;
}

/** First-strong isolate (FSI … PDI): the text keeps its own direction inside either language's sentence. */
export const isolate = (s: string): string => `\u2068${s}\u2069`;
/** Left-to-right isolate (LRI … PDI), for references, numbers and mobiles in Arabic text. */
export const ltr = (s: string): string => `\u2066${s}\u2069`;

const cache = new Map<string, Intl.DateTimeFormat>();
function fmt(locale: string, timeZone: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${JSON.stringify(options)}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone, ...options });
    cache.set(key, f);
  }
  return f;
}

const GREGORIAN_DAY: Intl.DateTimeFormatOptions = { weekday: "long", day: "numeric", month: "long", year: "numeric" };
// No weekday on the Hijri date: it is the same day, and saying it twice read as a repetition.
const HIJRI_DAY: Intl.DateTimeFormatOptions = { day: "numeric", month: "long", year: "numeric" };
const SHORT_DAY: Intl.DateTimeFormatOptions = { day: "numeric", month: "long", year: "numeric" };
// Hours and minutes only, 24-hour in both languages: seconds are noise on a queue.
const TIME: Intl.DateTimeFormatOptions = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };

/** Gregorian and Hijri (Umm al-Qura) renderings of an instant's day in the deployment's zone; `withTime` adds hh:mm to the Gregorian. */
export function formatDate(cal: Calendar, instant: Date, lang: Lang, opts: { withTime?: boolean } = {}) {
  return {
    gregorian: fmt(localeFor(lang), cal.timeZone, { ...GREGORIAN_DAY, ...(opts.withTime ? TIME : {}) }).format(instant),
    hijri: fmt(localeFor(lang, "islamic-umalqura"), cal.timeZone, HIJRI_DAY).format(instant),
  };
}

/** Noon UTC of a local calendar date: formatted in UTC it can never slip to a neighbouring day. */
function noonOf(day: string): Date {
  return new Date(`${day}T12:00:00Z`);
}

/**
 * A local calendar date ("2026-12-08", already in the hub's zone) in words. `short`
 * (for SMS, where every character counts) drops the weekday and the Hijri date.
 */
export function formatDay(day: string, lang: Lang, opts: { short?: boolean } = {}): string {
  const d = noonOf(day);
  if (Number.isNaN(d.getTime())) return day;
  if (opts.short) return fmt(localeFor(lang), "UTC", SHORT_DAY).format(d);
  return `${fmt(localeFor(lang), "UTC", GREGORIAN_DAY).format(d)} (${fmt(localeFor(lang, "islamic-umalqura"), "UTC", HIJRI_DAY).format(d)})`;
}

/** Two local dates as a period, each isolated so an Arabic line cannot reorder them ("01-12-2026 — 2026-10-01"). */
export function formatRange(from: string, to: string, lang: Lang): string {
  return `${isolate(formatDay(from, lang, { short: true }))} – ${isolate(formatDay(to, lang, { short: true }))}`;
}

/** hh:mm of an instant in the deployment's zone. */
export function formatTime(cal: Pick<Calendar, "timeZone">, instant: Date, lang: Lang): string {
  return fmt(localeFor(lang), cal.timeZone, TIME).format(instant);
}

const numbers = new Map<string, Intl.NumberFormat>();
/** A count or amount with the language's grouping and the hub's (Latin) digits. */
export function formatNumber(n: number, lang: Lang, options: Intl.NumberFormatOptions = {}): string {
  const key = `${lang}|${JSON.stringify(options)}`;
  let f = numbers.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang === "ar" ? "ar-SA-u-nu-latn" : "en-GB", options);
    numbers.set(key, f);
  }
  return f.format(n);
}

/** Dates as pages show them: Gregorian with the Hijri date beside it, in the hub's zone. */
export interface DateText {
  /** A local calendar date, "2026-11-26". */
  date(day: string): string;
  /** The day a midnight deadline ends on (a deadline is the first instant after it). */
  deadline(d: Date): string;
  /** An instant: its day (both calendars) and hh:mm. */
  at(d: Date): string;
  /** Only hh:mm, for a time later today ("try again after 14:05"). */
  time(d: Date): string;
  /** Two local dates as a period, each isolated so neither language reorders them. */
  range(from: string, to: string): string;
  number(n: number): string;
}

export function dateText(cal: Calendar, lang: Lang): DateText {
  return {
    date: (day) => formatDay(day, lang),
    // The same rule as lifecycle's lastDay: the instant before midnight is the last day.
    deadline: (d) => formatDay(localDate(cal, new Date(d.getTime() - 1)), lang),
    at: (d) => {
      const f = formatDate(cal, d, lang, { withTime: true });
      return `${f.gregorian} (${f.hijri})`;
    },
    time: (d) => formatTime(cal, d, lang),
    range: (from, to) => formatRange(from, to, lang),
    number: (n) => formatNumber(n, lang),
  };
}
