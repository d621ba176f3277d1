import type { Calendar, Holiday, Weekday, WorkingHours } from "./types.ts";
import { addDays, skippedDates, weekdayOf, zonedDate, zonedMidnight } from "./zone.ts";

// The deadline contract (seeds 000/001): the day something arrives never counts, since
// it may arrive in the afternoon; a deadline of n working days ends when the n-th
// working day after that ends, i.e. at the local midnight that starts the next day.

const MAX_DAYS = 3660; // ten years: any longer search means a broken calendar, not a deadline

/** Saudi government hours (07:30–14:30), the default working day. */
export const DEFAULT_WORKING_HOURS: WorkingHours = { start: 7 * 60 + 30, end: 14 * 60 + 30 };

export function createCalendar(
  opts: Partial<{
    key: string;
    country: string;
    timeZone: string;
    weekend: Weekday[];
    workingHours: WorkingHours;
    holidays: Holiday[];
  }> = {},
): Calendar {
  const weekend = [...new Set(opts.weekend ?? [5, 6])].sort() as Weekday[];
  if (weekend.length >= 7) throw new RangeError("a calendar needs at least one working day in the week");
  const timeZone = opts.timeZone ?? "Asia/Riyadh";
  new Intl.DateTimeFormat("en", { timeZone }); // throws RangeError for an unknown zone
  const holidays = new Map<string, Holiday>();
  for (const h of opts.holidays ?? []) {
    // Manual and imported entries win over the package's name for the same day.
    if (!holidays.has(h.date) || h.source !== "package") holidays.set(h.date, h);
  }
  const workingHours = opts.workingHours ?? DEFAULT_WORKING_HOURS;
  if (!(workingHours.start >= 0 && workingHours.end <= 24 * 60 && workingHours.start < workingHours.end))
    throw new RangeError("working hours must start before they end, within one day");
  return { key: opts.key ?? "hub", country: opts.country ?? "SA", timeZone, weekend, workingHours, holidays };
}

export function localDate(cal: Calendar, instant: Date): string {
  return zonedDate(cal.timeZone, instant);
}

/** The local date a deadline falls on: a midnight deadline belongs to the day it ends. */
export function lastDay(cal: Calendar, deadline: Date): string {
  return localDate(cal, new Date(deadline.getTime() - 1));
}

export function startOfLocalDay(cal: Calendar, date: string): Date {
  return zonedMidnight(cal.timeZone, date);
}

export function isWorkingDay(cal: Calendar, date: string): boolean {
  // A date the zone skipped (Samoa, 30 December 2011) had no working hours to count.
  return (
    !cal.weekend.includes(weekdayOf(date) as Weekday) &&
    !cal.holidays.has(date) &&
    !skippedDates(cal.timeZone, Number(date.slice(0, 4))).has(date)
  );
}

function nextWorkingDate(cal: Calendar, after: string): string {
  let d = after;
  for (let i = 0; i < MAX_DAYS; i++) {
    d = addDays(d, 1);
    if (isWorkingDay(cal, d)) return d;
  }
  throw new RangeError(`no working day within ${MAX_DAYS} days after ${after}: check the weekend and holidays`);
}

/** Start of the first working day strictly after the instant's local date. */
export function nextWorkingDayStart(cal: Calendar, instant: Date): Date {
  return startOfLocalDay(cal, nextWorkingDate(cal, localDate(cal, instant)));
}

function counted(cal: Calendar, from: Date, n: number): string[] {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a whole number ≥ 0, got ${n}`);
  const days: string[] = [];
  let d = localDate(cal, from);
  while (days.length < n) {
    d = nextWorkingDate(cal, d);
    days.push(d);
  }
  return days;
}

export function addWorkingDays(cal: Calendar, from: Date, n: number): Date {
  const days = counted(cal, from, n);
  if (!days.length) return new Date(from);
  return startOfLocalDay(cal, addDays(days[days.length - 1]!, 1));
}

/** Working days that begin after `from`'s local date and have fully ended by `to`. */
export function countWorkingDays(cal: Calendar, from: Date, to: Date): number {
  if (to <= from) return 0;
  let n = 0;
  let d = addDays(localDate(cal, from), 1);
  const last = localDate(cal, to);
  // Every date before `to`'s local date has ended; `to`'s own date has ended only at its end.
  while (d < last) {
    if (isWorkingDay(cal, d)) n++;
    d = addDays(d, 1);
  }
  if (d === last && startOfLocalDay(cal, addDays(d, 1)) <= to && isWorkingDay(cal, d)) n++;
  return n;
}

/** Elapsed clock hours (the reopen window "48h" is clock time: the citizen's, not the agency's). */
export function addHours(from: Date, hours: number): Date {
  return new Date(from.getTime() + hours * 3600_000);
}

/** The instant `minutes` after a local date's midnight (working-hour boundaries; DST-safe enough for whole days). */
function atLocal(cal: Calendar, date: string, minutes: number): Date {
  return new Date(startOfLocalDay(cal, date).getTime() + minutes * 60_000);
}

/**
 * Escalation delays (seed 001: 24 h, then 12 h, then 12 h) counted in the agency's
 * working hours (issue 14 §4): only time inside a working day's hours counts, so a
 * delay that starts on Thursday afternoon runs on on Sunday morning, never over the
 * weekend. A start outside hours counts from the next opening.
 */
export function addWorkingHours(cal: Calendar, from: Date, hours: number): Date {
  if (!(hours >= 0) || !Number.isFinite(hours)) throw new RangeError(`working hours must be a number ≥ 0, got ${hours}`);
  let left = Math.round(hours * 60) * 60_000;
  if (left === 0) return new Date(from);
  const { start, end } = cal.workingHours;
  let d = localDate(cal, from);
  let t = from.getTime();
  for (let i = 0; i < MAX_DAYS; i++) {
    if (isWorkingDay(cal, d)) {
      const open = atLocal(cal, d, start).getTime();
      const close = atLocal(cal, d, end).getTime();
      const begin = Math.max(t, open);
      if (begin < close) {
        if (begin + left <= close) return new Date(begin + left);
        left -= close - begin;
      }
    }
    d = addDays(d, 1);
    t = startOfLocalDay(cal, d).getTime();
  }
  throw new RangeError(`no working hours within ${MAX_DAYS} days after ${from.toISOString()}: check the weekend and holidays`);
}

/** Names a calendar for explanations: "BURAIMI (OM, Asia/Muscat)". */
export function calendarLabel(cal: Calendar): string {
  return `${cal.key} (${cal.country}, ${cal.timeZone})`;
}

export interface DeadlineExplanation {
  /** The calendar the deadline was counted on. */
  calendar: { key: string; country: string; timeZone: string };
  from: Date;
  due: Date;
  workingDays: string[];
  skipped: { date: string; reason: "weekend" | "holiday"; holidayName?: { ar?: string; en?: string } }[];
}

/** How a deadline was worked out, day by day, so a citizen can check it. */
export function explainDeadline(cal: Calendar, from: Date, n: number): DeadlineExplanation {
  const workingDays = counted(cal, from, n);
  const skipped: DeadlineExplanation["skipped"] = [];
  const end = workingDays[workingDays.length - 1];
  if (end) {
    for (let d = addDays(localDate(cal, from), 1); d < end; d = addDays(d, 1)) {
      if (isWorkingDay(cal, d)) continue;
      const h = cal.holidays.get(d);
      if (h && !cal.weekend.includes(weekdayOf(d) as Weekday)) {
        skipped.push({
          date: d,
          reason: "holiday",
          holidayName: { ...(h.nameAr ? { ar: h.nameAr } : {}), ...(h.nameEn ? { en: h.nameEn } : {}) },
        });
      } else {
        skipped.push({ date: d, reason: "weekend" });
      }
    }
  }
  return {
    calendar: { key: cal.key, country: cal.country, timeZone: cal.timeZone },
    from,
    due: addWorkingDays(cal, from, n),
    workingDays,
    skipped,
  };
}
