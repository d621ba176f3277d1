// What the SLA job would do by a given instant, without changing anything: the national
// unit's planning view (`npm run hub -- sla forecast --as-of …`). It replays the job's
// rules on the stored state, including a no-response closure's own follow-ups. Each
// complaint is replayed on the calendar of the agency holding it, as the job does
// (server/jobs/sla.ts), and each line names that calendar.

import type { Calendar } from "../calendar/index.ts";
import { singleCalendarBook, type CalendarBook } from "../calendar/book.ts";
import type { Db } from "../db.ts";
import { reopenDeadline, type ReopenWindow } from "../calendar/window.ts";
import { DEFAULT_POLICY, dueEvents, slaSchedule, type SlaComplaint, type SlaKind, type SlaPolicy } from "./rules.ts";
import { slaStateOf } from "./state.ts";
import { complaintsDueBy, escalationHoursOf, firedKeys } from "./store.ts";

export interface Forecast {
  reference: string;
  agencyCode: string | null;
  kind: SlaKind;
  /** When the deadline falls; the job acts on it at its first tick after. */
  at: Date;
  /** The calendar it was counted on: "hub" or the agency's code (Calendar.key). */
  calendar: string;
}

export async function forecastSla(
  db: Db,
  /** Every agency's calendar (a single Calendar: everyone on it). */
  calendars: CalendarBook | Calendar,
  reopenWindow: ReopenWindow,
  asOf: Date,
  policy: SlaPolicy = DEFAULT_POLICY,
): Promise<Forecast[]> {
  const book = "of" in calendars ? calendars : singleCalendarBook(calendars);
  const rows = await complaintsDueBy(db, asOf);
  const out: Forecast[] = [];
  for (const c of rows) {
    const cal = book.of(c.agencyCode);
    let s: SlaComplaint = slaStateOf(c, await escalationHoursOf(db, c));
    const done = await firedKeys(db, c.id);
    for (let round = 0; round < 5; round++) {
      const due = dueEvents(slaSchedule(s, cal, policy), done, asOf);
      if (!due.length) break;
      for (const e of due) {
        done.add(e.key);
        out.push({ reference: c.reference, agencyCode: c.agencyCode, kind: e.kind, at: e.at, calendar: cal.key });
        // A job running at `asOf` closes an unanswered complaint then and there.
        if (e.kind === "info_expired")
          s = {
            ...s,
            status: "closed",
            outcome: "no_response",
            closedAt: asOf,
            reopenUntil: reopenDeadline(cal, asOf, reopenWindow),
            pausedAt: null,
            infoDueAt: null,
          };
      }
    }
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime() || a.reference.localeCompare(b.reference));
}
