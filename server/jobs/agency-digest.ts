// The liaison officers' optional daily digest (issue 14): on each working day, from
// 07:00 local time, one email per officer who asked for it. The job may tick many
// times a day on many instances; the outbox key (officer, agency, day) makes it once.

import type { Calendar } from "../calendar/index.ts";
import { isWorkingDay, localDate, startOfLocalDay } from "../calendar/index.ts";
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

export async function runAgencyDigest(deps: { db: Db; calendar: Calendar }, now: Date): Promise<{ queued: number }> {
  const day = digestDay(deps.calendar, now);
  return { queued: day ? await queueDailyDigests(deps.db, day, now) : 0 };
}
