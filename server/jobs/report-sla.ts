// The national unit's own deadline on digital reports (5 working days, seed 004),
// watched like complaints': the reviewers are warned the working day before, an overdue
// report escalates to the head of the unit, and an agency that has not answered the
// unit's question by its deadline is chased at its first escalation level.

import { and, eq, inArray } from "drizzle-orm";
import type { Calendar } from "../calendar/index.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db.ts";
import { agencies, digitalReports, outbox, reportEvents, reportFollowups, reportSlaEvents, staffRoles, staffUsers } from "../../schema/index.ts";
import { lastDay } from "../calendar/working-days.ts";
import { reportSchedule } from "../sla/rules.ts";

export interface ReportSlaDeps {
  db: Db;
  clock: Clock;
  calendar: Calendar;
  unitHeadEmail: string;
}

async function email(db: Db, to: string, template: string, payload: Record<string, unknown>, key: string, now: Date) {
  await db.insert(outbox).values({ channel: "email", recipient: to, template, lang: "ar", payload, idempotencyKey: key, nextAttemptAt: now, createdAt: now }).onConflictDoNothing();
}

export async function runReportSla(deps: ReportSlaDeps): Promise<Record<string, number>> {
  const now = deps.clock.now();
  const fired: Record<string, number> = {};
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    const open = await db.select().from(digitalReports).where(inArray(digitalReports.status, ["open", "awaiting_agency"])).for("update", { skipLocked: true });
    for (const r of open) {
      const followups = await db.select().from(reportFollowups).where(eq(reportFollowups.reportId, r.id));
      const done = new Set((await db.select({ key: reportSlaEvents.key }).from(reportSlaEvents).where(eq(reportSlaEvents.reportId, r.id))).map((x) => x.key));
      const schedule = reportSchedule({ status: r.status, dueAt: r.dueAt, followups: followups.map((f) => ({ id: f.id, dueAt: f.dueAt, answered: !!f.answeredAt })) }, deps.calendar);
      for (const e of schedule.filter((x) => x.at <= now && !done.has(x.key))) {
        const [claimed] = await db.insert(reportSlaEvents).values({ reportId: r.id, key: e.key, kind: e.kind, dueAt: e.at, firedAt: now }).onConflictDoNothing().returning({ id: reportSlaEvents.id });
        if (!claimed) continue;
        const facts = { reference: r.reference, due: lastDay(deps.calendar, e.kind === "followup_overdue" ? e.at : r.dueAt), agencyCode: r.agencyCode, link: `/review/${r.reference}` };
        const key = `report-sla:${r.id}:${e.key}`;
        if (e.kind === "report_warning") {
          const reviewers = await db
            .selectDistinct({ email: staffUsers.email })
            .from(staffUsers)
            .innerJoin(staffRoles, eq(staffRoles.staffId, staffUsers.id))
            .where(and(eq(staffUsers.active, true), eq(staffRoles.role, "reviewer")));
          for (const [i, u] of reviewers.entries()) await email(db, u.email, "report_warning", facts, `${key}:${i}`, now);
        } else if (e.kind === "report_overdue") {
          await email(db, deps.unitHeadEmail, "report_overdue", facts, key, now);
          await db.insert(reportEvents).values({ reportId: r.id, actorKind: "system", type: "escalated_to_head", data: {}, visibleToCitizen: false, at: now });
        } else {
          const [a] = await db.select({ escalation: agencies.escalation }).from(agencies).where(eq(agencies.code, r.agencyCode));
          const contact = a?.escalation[0];
          if (contact) await email(db, contact.email, "followup_overdue", facts, key, now);
        }
        fired[e.kind] = (fired[e.kind] ?? 0) + 1;
      }
    }
  });
  return fired;
}
