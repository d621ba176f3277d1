// Deadlines that follow the calendar (issue 17 §2). A holiday added or removed, or an
// agency's calendar changed, queues a calendar_changes row in the same transaction.
// Each tick, on every instance, this job claims one pending change FOR UPDATE SKIP
// LOCKED (two instances never take the same one), works out again every open deadline
// on the calendars the change reaches (server/sla/rules.ts: replanDeadlines), records a
// timeline event saying why the date moved, tells the citizen, and marks the change done
// in the same transaction: exactly once, and a crash mid-way leaves it pending.

import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Calendar } from "../calendar/index.ts";
import { calendarFor, type CalendarBook } from "../calendar/book.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db.ts";
import { agencies, calendarChanges, complaintEvents, complaints, outbox, services } from "../../schema/index.ts";
import { agencyName, recipient } from "../complaints/transition.ts";
import { lastDay } from "../calendar/working-days.ts";
import { INFO_DAYS } from "../policy.ts";
import { nextCheck, replanDeadlines, slaSchedule } from "../sla/rules.ts";
import { escalationHoursOf, firedKeys, slaStateOf } from "../sla/state.ts";

export interface ReplanDeps {
  db: Db;
  clock: Clock;
  calendar: Calendar;
  calendars?: CalendarBook & { refresh?: (db?: Db) => Promise<void> };
}

const OPEN = ["routed", "in_progress", "awaiting_citizen"] as const;

/** The agencies whose calendar a change's scope reaches. */
function reached(scope: string, codes: string[], deps: ReplanDeps): string[] {
  if (scope.startsWith("agency:")) return [scope.slice("agency:".length)];
  const country = scope.startsWith("country:") ? scope.slice("country:".length) : deps.calendar.country;
  return codes.filter((code) => calendarFor(deps, code).country === country);
}

export async function runReplan(deps: ReplanDeps): Promise<{ changes: number; moved: number }> {
  let changes = 0;
  let moved = 0;
  for (;;) {
    const more = await deps.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const [change] = await tx
        .select()
        .from(calendarChanges)
        .where(isNull(calendarChanges.doneAt))
        .orderBy(asc(calendarChanges.id))
        .limit(1)
        .for("update", { skipLocked: true });
      if (!change) return false;
      // The change is committed, so a reload now sees it (another instance may have made it).
      await deps.calendars?.refresh?.(tx);
      const now = deps.clock.now();
      const codes = (await tx.select({ code: agencies.code }).from(agencies)).map((r) => r.code);
      const targets = reached(change.scope, codes, deps);
      if (targets.length) {
        const rows = await tx
          .select({ c: complaints, jurisdictionDays: services.jurisdictionDays })
          .from(complaints)
          .leftJoin(services, and(eq(services.agencyCode, complaints.agencyCode), eq(services.code, complaints.serviceCode)))
          .where(and(inArray(complaints.agencyCode, targets), inArray(complaints.status, [...OPEN])))
          .for("update", { of: complaints });
        for (const { c, jurisdictionDays } of rows) {
          const cal = calendarFor(deps, c.agencyCode);
          const next = replanDeadlines({ ...c, jurisdictionDays }, cal, INFO_DAYS);
          if (!next) continue;
          const which = next.jurisdictionDueAt?.getTime() !== c.jurisdictionDueAt?.getTime() ? "jurisdiction" : next.dueAt?.getTime() !== c.dueAt?.getTime() ? "resolution" : "info";
          const before = which === "jurisdiction" ? c.jurisdictionDueAt : which === "resolution" ? c.dueAt : c.infoDueAt;
          const after = which === "jurisdiction" ? next.jurisdictionDueAt : which === "resolution" ? next.dueAt : next.infoDueAt;
          const actionDueAt = c.status === "routed" ? next.jurisdictionDueAt : c.status === "awaiting_citizen" ? next.infoDueAt : next.dueAt;
          const updated = { ...c, ...next, actionDueAt };
          const slaNextAt = nextCheck(slaSchedule(slaStateOf(updated, await escalationHoursOf(tx, c)), cal), await firedKeys(tx, c.id));
          await tx
            .update(complaints)
            .set({ ...next, actionDueAt, slaNextAt, version: sql`${complaints.version} + 1`, updatedAt: now })
            .where(eq(complaints.id, c.id));
          const why = { why: change.reason.kind, holidayDate: change.reason.date ?? null, holidayAr: change.reason.nameAr ?? null, holidayEn: change.reason.nameEn ?? null };
          await tx.insert(complaintEvents).values({
            complaintId: c.id,
            actorKind: "system",
            actorId: null,
            type: "deadline_moved",
            fromStatus: c.status,
            toStatus: c.status,
            data: { ...why, which, from: before?.toISOString() ?? null, to: after?.toISOString() ?? null, calendar: cal.key, change: change.id },
            visibleToCitizen: true,
            at: now,
          });
          const to = await recipient(tx, c);
          if (to && after) {
            await tx
              .insert(outbox)
              .values({
                ...to,
                template: "deadline_moved",
                payload: { reference: c.reference, agencyCode: c.agencyCode, ...(await agencyName(tx, c.agencyCode)), ...why, which, due: lastDay(cal, after), was: before ? lastDay(cal, before) : null },
                // One message per complaint and change, whichever instance sends it.
                idempotencyKey: `deadline_moved:${c.id}:${change.id}`,
                nextAttemptAt: now,
                createdAt: now,
              })
              .onConflictDoNothing();
          }
          moved++;
        }
      }
      await tx.update(calendarChanges).set({ doneAt: now }).where(eq(calendarChanges.id, change.id));
      changes++;
      return true;
    });
    if (!more) break;
  }
  return { changes, moved };
}
