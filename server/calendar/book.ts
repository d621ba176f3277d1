// One calendar per agency (issue 17 §1). Each agency's deadlines are counted on its own
// country's holidays, zone, weekend and working hours; anything it does not state comes
// from the hub's settings (HUB_TIMEZONE, HUB_WEEKEND, HUB_HOLIDAY_COUNTRY,
// HUB_WORKING_HOURS). Pure: the rows are loaded by holiday-store.ts.

import type { Calendar, Holiday, Weekday, WorkingHours } from "./types.ts";
import { createCalendar, DEFAULT_WORKING_HOURS } from "./working-days.ts";
import { holidaysFromPackage } from "./holidays.ts";

export interface CalendarSettings {
  timeZone: string;
  weekend: Weekday[];
  holidayCountry: string;
  workingHours?: WorkingHours;
}

/** What an agency's file or the admin page says about its calendar; all optional. */
export interface AgencyCalendarSettings {
  country?: string;
  timeZone?: string;
  weekend?: string[];
  workingHours?: { start: string; end: string };
}

export interface StoredHoliday extends Holiday {
  /** "country:OM", "agency:BURAIMI", or "" (the hub's own country, rows from before 0014). */
  scope: string;
}

export interface CalendarBook {
  /** The national unit's calendar: digital reports and the hub's own pages. */
  readonly hub: Calendar;
  /** The calendar of the agency that holds a complaint (the hub's when it has none of its own). */
  of(agencyCode: string | null | undefined): Calendar;
}

const DAY_NAMES = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

export function parseWeekend(days: string[]): Weekday[] {
  return days.map((d) => {
    const n = DAY_NAMES.indexOf(d.trim().toLowerCase().slice(0, 3));
    if (n < 0) throw new RangeError(`unknown weekday "${d}"`);
    return n as Weekday;
  });
}

export function weekendNames(days: readonly Weekday[]): string[] {
  return days.map((d) => DAY_NAMES[d]!);
}

export function parseClock(hhmm: string): number {
  const m = /^([01]\d|2[0-4]):([0-5]\d)$/.exec(hhmm.trim());
  if (!m || Number(m[1]) * 60 + Number(m[2]) > 24 * 60) throw new RangeError(`"${hhmm}" is not a time of day (HH:MM)`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function clockText(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;
}

/** "07:30-14:30" → minutes; null when it is not a range of the day. */
export function parseWorkingHours(text: string): WorkingHours | null {
  const m = /^\s*(\d{2}:\d{2})\s*[-–]\s*(\d{2}:\d{2})\s*$/.exec(text);
  if (!m) return null;
  try {
    const start = parseClock(m[1]!);
    const end = parseClock(m[2]!);
    return start < end ? { start, end } : null;
  } catch {
    return null;
  }
}

function holidaysFor(country: string, key: string, hubCountry: string, stored: StoredHoliday[], years: number[]): Holiday[] {
  const own = stored.filter(
    (h) => h.scope === `country:${country}` || h.scope === `agency:${key}` || (h.scope === "" && country === hubCountry),
  );
  return [...holidaysFromPackage(country, years), ...own.map(({ scope: _s, ...h }) => h)];
}

export function buildCalendarBook(
  hub: CalendarSettings,
  agencies: Record<string, AgencyCalendarSettings | null | undefined>,
  stored: StoredHoliday[],
  years: number[],
): CalendarBook {
  const hubCal = createCalendar({
    key: "hub",
    country: hub.holidayCountry,
    timeZone: hub.timeZone,
    weekend: hub.weekend,
    workingHours: hub.workingHours ?? DEFAULT_WORKING_HOURS,
    holidays: holidaysFor(hub.holidayCountry, "hub", hub.holidayCountry, stored, years),
  });
  const byAgency = new Map<string, Calendar>();
  for (const [code, a] of Object.entries(agencies)) {
    const ownDays = stored.some((h) => h.scope === `agency:${code}`);
    if (!a && !ownDays) continue;
    const country = a?.country ?? hub.holidayCountry;
    byAgency.set(
      code,
      createCalendar({
        key: code,
        country,
        timeZone: a?.timeZone ?? hub.timeZone,
        weekend: a?.weekend ? parseWeekend(a.weekend) : hub.weekend,
        workingHours: a?.workingHours
          ? { start: parseClock(a.workingHours.start), end: parseClock(a.workingHours.end) }
          : (hub.workingHours ?? DEFAULT_WORKING_HOURS),
        holidays: holidaysFor(country, code, hub.holidayCountry, stored, years),
      }),
    );
  }
  return { hub: hubCal, of: (code) => (code && byAgency.get(code)) || hubCal };
}

/** A book with one calendar for everyone: tests and tools that need no agency calendars. */
export function singleCalendarBook(cal: Calendar): CalendarBook {
  return { hub: cal, of: () => cal };
}

/** The calendar a complaint's deadlines are counted on, for code given only a hub calendar. */
export function calendarFor(
  deps: { calendar: Calendar; calendars?: CalendarBook | undefined },
  agencyCode: string | null | undefined,
): Calendar {
  return deps.calendars ? deps.calendars.of(agencyCode) : deps.calendar;
}
