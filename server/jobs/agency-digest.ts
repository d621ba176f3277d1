// The liaison officers' optional daily digest (issue 14): on each working day, from
// 07:00 local time, one email per officer who asked for it. The job may tick many
// times a day on many instances; the outbox key (officer, agency, day) makes it once.

import type { Calendar } from "../calendar/index.ts";
import { isWorkingDay, localDate, startOfLocalDay } from "../calendar/index.ts";
import { calendarFor, type CalendarBook } from "../calendar/book.ts";
import type { Db } from "../db.ts";
import { queueDailyDigests } from "../notify/agency.ts";

export const DIGEST_FROM_HOUR = 7;

/** Whether a digest is due at `now`: a working day, at or after the hour it goes out. */
export function digestDay(cal: Calendar, now: Date): string | null {
  const day = localDate(cal, now);
  if (!isWorkingDay(cal, day)) return null;
  const sinceMidnight = now.getTime() - startOfLocalDay(cal, day).getTime();
  return sinceMidnight >= DIGEST_FROM_HOUR * 3600_000 ? day : null;
}

/**
 * Each officer's digest on their agency's own calendar (issue 17): its time zone, weekend
 * and holidays decide the day and the hour, so Al Buraimi's officers get theirs at 07:00
 * in Muscat on an Omani working day.
 */
export async function runAgencyDigest(
  deps: { db: Db; calendar: Calendar; calendars?: CalendarBook | undefined },
  now: Date,
): Promise<{ queued: number }> {
  return { queued: await queueDailyDigests(deps.db, (agencyCode) => digestDay(calendarFor(deps, agencyCode), now), now) };
}
