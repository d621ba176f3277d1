import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db.ts";
import { calendarHolidays } from "../../schema/index.ts";
import { createCalendar, holidaysFromPackage, type Calendar, type Holiday, type Weekday } from "./index.ts";

// The database side of the calendar, kept apart from the pure arithmetic in the
// other files of this folder.

export interface CalendarSettings {
  timeZone: string;
  weekend: Weekday[];
  holidayCountry: string;
}

/** The years whose rule-based holidays are computed: enough for any deadline the hub sets. */
export function holidayYears(now: Date): number[] {
  const y = now.getUTCFullYear();
  return [y - 1, y, y + 1, y + 2];
}

export async function storedHolidays(db: Db): Promise<Holiday[]> {
  const rows = await db.select().from(calendarHolidays).orderBy(asc(calendarHolidays.date));
  return rows.map((r) => ({
    date: r.date,
    source: r.source,
    ...(r.nameAr ? { nameAr: r.nameAr } : {}),
    ...(r.nameEn ? { nameEn: r.nameEn } : {}),
  }));
}

/** The deployment's calendar: country rules from date-holidays plus the national unit's own entries. */
export async function loadCalendar(db: Db, settings: CalendarSettings, now: Date): Promise<Calendar> {
  const fromPackage = holidaysFromPackage(settings.holidayCountry, holidayYears(now));
  const own = await storedHolidays(db);
  return createCalendar({ timeZone: settings.timeZone, weekend: settings.weekend, holidays: [...fromPackage, ...own] });
}

/** Adds or renames holidays; one row per date and source, so re-importing a file changes nothing. */
export async function saveHolidays(db: Db, holidays: Holiday[], source: "ics" | "manual"): Promise<number> {
  if (!holidays.length) return 0;
  return db.transaction(async (tx) => {
    for (const h of holidays) {
      const names = { nameAr: h.nameAr ?? null, nameEn: h.nameEn ?? null };
      await tx
        .insert(calendarHolidays)
        .values({ date: h.date, source, ...names })
        .onConflictDoUpdate({ target: [calendarHolidays.date, calendarHolidays.source], set: names });
    }
    return holidays.length;
  });
}

export async function removeHoliday(db: Db, date: string, source: "ics" | "manual"): Promise<boolean> {
  const r = await db
    .delete(calendarHolidays)
    .where(and(eq(calendarHolidays.date, date), eq(calendarHolidays.source, source)))
    .returning({ id: calendarHolidays.id });
  return r.length > 0;
}
