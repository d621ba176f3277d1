import type { Calendar } from "../calendar/index.ts";
import { formatDate, startOfLocalDay } from "../calendar/index.ts";
import { lastDay } from "../complaints/lifecycle.ts";

/** Dates as pages show them: Gregorian with the Hijri date beside it, in the hub's zone. */
export interface DateText {
  /** A local calendar date, "2026-11-26". */
  date(day: string): string;
  /** The day a midnight deadline ends on. */
  deadline(d: Date): string;
  /** An instant with its time. */
  at(d: Date): string;
}

export function dateText(cal: Calendar, lang: "ar" | "en"): DateText {
  const both = (d: Date) => {
    const f = formatDate(cal, d, lang);
    return `${f.gregorian} (${f.hijri})`;
  };
  // Noon of the day, so no zone offset can move it to a neighbouring date.
  const day = (iso: string) => both(new Date(startOfLocalDay(cal, iso).getTime() + 12 * 3600_000));
  return {
    date: (iso) => formatDate(cal, new Date(startOfLocalDay(cal, iso).getTime() + 12 * 3600_000), lang).gregorian,
    deadline: (d) => day(lastDay(cal, d)),
    at: (d) => formatDate(cal, d, lang, { withTime: true }).gregorian,
  };
}
