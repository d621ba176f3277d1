import { sql } from "drizzle-orm";
import { complaints, kpiDaily } from "../../schema/index.ts";
import type { Db } from "../../server/db.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import type { SettableClock } from "../../server/clock.ts";
import type { AppDeps } from "../../server/app-env.ts";
import { insertCitizen } from "./registry.ts";

// A hand-built data set for the periodic national report: daily figures written
// straight into kpi_daily (on-time counts by kind, beside the closes that had a deadline,
// as the daily job writes them since the KPI definitions) for 2026 Q3 and the quarter before, so every figure below is
// known by arithmetic, and three open complaints about the same potholes in Riyadh for
// the recurring issues. The expected values are spelled out in EXPECTED.

type Row = [day: string, agency: string, metric: string, dim: string, value: number];

const Q3 = "2026-08-10";
const Q2 = "2026-05-12";
const ROWS: Row[] = [
  // MOMAH, Q3: 40 received, 36 accepted, 4 rejected, 30 closed (24 on time), median 4 days.
  [Q3, "MOMAH", "received", "complaint:portal", 30],
  [Q3, "MOMAH", "received", "inquiry:app", 10],
  [Q3, "MOMAH", "accepted", "", 36],
  [Q3, "MOMAH", "rejected", "", 4],
  [Q3, "MOMAH", "closed", "resolved", 25],
  [Q3, "MOMAH", "closed", "not_resolvable", 5],
  [Q3, "MOMAH", "closed_due", "complaint", 30],
  [Q3, "MOMAH", "closed_on_time", "complaint", 24],
  [Q3, "MOMAH", "close_days", "2", 10],
  [Q3, "MOMAH", "close_days", "4", 15],
  [Q3, "MOMAH", "close_days", "9", 5],
  [Q3, "MOMAH", "closed_first_contact", "", 6],
  [Q3, "MOMAH", "rating", "yes", 8],
  [Q3, "MOMAH", "rating", "no", 2],
  [Q3, "MOMAH", "stars", "", 40],
  [Q3, "MOMAH", "escalated", "1", 3],
  [Q3, "MOMAH", "reports", "escalation", 2],
  // WATER, Q3: 12 received and accepted, 10 closed on time in a day.
  [Q3, "WATER", "received", "complaint:call_centre", 12],
  [Q3, "WATER", "accepted", "", 12],
  [Q3, "WATER", "closed", "resolved", 10],
  [Q3, "WATER", "closed_due", "complaint", 10],
  [Q3, "WATER", "closed_on_time", "complaint", 10],
  [Q3, "WATER", "close_days", "1", 10],
  // MOH, Q3: 4 received, too few for the report's agency table.
  [Q3, "MOH", "received", "complaint:portal", 4],
  [Q3, "MOH", "accepted", "", 4],
  [Q3, "MOH", "closed", "resolved", 2],
  [Q3, "MOH", "closed_due", "complaint", 2],
  [Q3, "MOH", "closed_on_time", "complaint", 1],
  // Q2: MOMAH 20 received and closed, 14 on time; WATER 10 received and closed, all on time.
  [Q2, "MOMAH", "received", "complaint:portal", 20],
  [Q2, "MOMAH", "accepted", "", 20],
  [Q2, "MOMAH", "closed", "resolved", 20],
  [Q2, "MOMAH", "closed_due", "complaint", 20],
  [Q2, "MOMAH", "closed_on_time", "complaint", 14],
  [Q2, "WATER", "received", "complaint:portal", 10],
  [Q2, "WATER", "accepted", "", 10],
  [Q2, "WATER", "closed", "resolved", 10],
  [Q2, "WATER", "closed_due", "complaint", 10],
  [Q2, "WATER", "closed_on_time", "complaint", 10],
];

/** What the report must say for 2026-Q3, worked out by hand from ROWS. */
export const EXPECTED = {
  national: { received: "56", receivedBefore: "30", closed: "42", onTime: "83.3", onTimeBefore: "80", acceptance: "92.9" },
  // (56 − 30) / 30 = +86.7 %; 83.3 − 80 = +3.3 points.
  receivedChange: "86.7",
  onTimeChange: "3.3",
  momah: { received: "40", closed: "30", onTime: "80", median: "4" },
  water: { received: "12", onTime: "100" },
};

export async function buildReportData(db: Db, deps: AppDeps, clock: SettableClock): Promise<void> {
  await db.execute(
    sql`truncate complaints, complaint_events, complaint_attachments, outbox, sla_events, satisfaction, personal_data_views, kpi_daily cascade`,
  );
  await db
    .insert(kpiDaily)
    .values(ROWS.map(([day, agencyCode, metric, dim, value]) => ({ day, agencyCode, serviceCode: "", metric, dim, value })));
  // Three complaints about the potholes of one city in Q3: a recurring issue.
  const citizenId = await insertCitizen(db, { nationalId: "1019191919", mobile: "+966501919191" });
  clock.set("2026-08-10T10:00:00+03:00");
  for (let i = 0; i < 3; i++) {
    const r = await submitComplaint(deps, citizenId, {
      kind: "complaint",
      text: `حفرة كبيرة في الطريق رقم ${i + 1} تسبب الحوادث`,
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "ROADS_POTHOLES",
      notifyBy: "sms",
      clientKey: `national-report-${i}`,
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
  }
  // Open but not yet overdue: the hand-built figures need no live backlog.
  await db.update(complaints).set({ actionDueAt: new Date("2027-06-01T00:00:00Z") });
  clock.set("2026-10-05T10:00:00+03:00");
}
