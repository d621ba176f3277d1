// The national unit's own deadline on digital reports (5 working days, seed 004),
// watched like complaints': the reviewers are warned the working day before, an overdue
// report escalates to the head of the unit, and an agency that has not answered the
// unit's question by its deadline is chased at its first escalation level.

import type { Calendar } from "../calendar/index.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db.ts";
import { lastDay } from "../calendar/working-days.ts";
import { enqueue, outboxKey } from "../notify/outbox.ts";
import { reportSchedule } from "../sla/rules.ts";
import * as store from "../reports/store.ts";

export interface ReportSlaDeps {
  db: Db;
  clock: Clock;
  calendar: Calendar;
  unitHeadEmail: string;
}

async function email(db: Db, to: string, template: string, payload: Record<string, unknown>, key: string, now: Date) {
  await enqueue(db, [{ channel: "email", recipient: to, template, lang: "ar", payload, key }], now);
}

export async function runReportSla(deps: ReportSlaDeps): Promise<Record<string, number>> {
  const now = deps.clock.now();
  const fired: Record<string, number> = {};
  await deps.db.transaction(async (tx) => {
    const db = tx as unknown as Db;
    for (const r of await store.claimOpenReports(db)) {
      const followups = await store.followupsOf(db, r.id);
      const done = await store.firedReportKeys(db, r.id);
      const schedule = reportSchedule(
        { status: r.status, dueAt: r.dueAt, followups: followups.map((f) => ({ id: f.id, dueAt: f.dueAt, answered: !!f.answeredAt })) },
        deps.calendar,
      );
      for (const e of schedule.filter((x) => x.at <= now && !done.has(x.key))) {
        if (!(await store.claimReportEvent(db, r.id, e, now))) continue;
        const facts = {
          reference: r.reference,
          due: lastDay(deps.calendar, e.kind === "followup_overdue" ? e.at : r.dueAt),
          agencyCode: r.agencyCode,
          link: `/review/${r.reference}`,
        };
        const key = (...who: number[]) => outboxKey("report-sla", r.id, e.key, ...who);
        if (e.kind === "report_warning") {
          for (const [i, to] of (await store.reviewerEmails(db)).entries()) await email(db, to, "report_warning", facts, key(i), now);
        } else if (e.kind === "report_overdue") {
          await email(db, deps.unitHeadEmail, "report_overdue", facts, key(), now);
          await store.addReportEvent(db, {
            reportId: r.id,
            actorKind: "system",
            type: "escalated_to_head",
            data: {},
            visibleToCitizen: false,
            at: now,
          });
        } else {
          const contact = await store.firstEscalationContact(db, r.agencyCode);
          if (contact) await email(db, contact.email, "followup_overdue", facts, key(), now);
        }
        fired[e.kind] = (fired[e.kind] ?? 0) + 1;
      }
    }
  });
  return fired;
}
