import type { Calendar } from "../calendar/index.ts";
import { localDate } from "../calendar/index.ts";
import { addDays } from "../calendar/zone.ts";
import type { Db } from "../db.ts";
import { aggregateDays } from "../kpi/aggregate.ts";

// Keeps the daily figures current: the last few days often (late events, a complaint
// routed after it was filed), a quarter back every night (corrections, reopenings).
export async function refreshKpis(db: Db, cal: Calendar, now: Date, daysBack: number): Promise<number> {
  const today = localDate(cal, now);
  return aggregateDays(db, cal.timeZone, addDays(today, -daysBack), today);
}
