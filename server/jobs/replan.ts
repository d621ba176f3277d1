// Deadlines that follow the calendar (issue 17 §2). A holiday added or removed, or an
// agency's calendar changed, queues a calendar_changes row in the same transaction.
// Each tick, on every instance, this job claims one pending change FOR UPDATE SKIP
// LOCKED (two instances never take the same one), works out again every open deadline
// on the calendars the change reaches (server/sla/rules.ts: replanDeadlines), records a
// timeline event saying why the date moved, tells the citizen, and marks the change done
// in the same transaction: exactly once, and a crash mid-way leaves it pending.

import type { Calendar } from "../calendar/index.ts";
import { calendarFor, type CalendarBook } from "../calendar/book.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db.ts";
import { enqueue, outboxKey } from "../notify/outbox.ts";
import { recipient } from "../complaints/transition.ts";
import { lastDay } from "../calendar/working-days.ts";
import { FOLLOWUP_DAYS, INFO_DAYS, REPORT_DAYS } from "../policy.ts";
import { nextCheck, replanDeadlines, replanFromStart, slaSchedule } from "../sla/rules.ts";
import { citizenChannel } from "../notify/recipient.ts";
import {
  addReportEvent,
  citizenContact,
  moveFollowupDue,
  moveReportDue,
  openFollowupDeadlines,
  openReportDeadlines,
} from "../reports/store.ts";
import { firedKeys, slaStateOf } from "../sla/state.ts";
import {
  addSystemEvent,
  agencyCodes,
  claimPendingChange,
  hoursIn,
  loadSlaDirectory,
  markChangeDone,
  moveDeadlines,
  openComplaintsOf,
} from "../sla/store.ts";

export interface ReplanDeps {
  db: Db;
  clock: Clock;
  calendar: Calendar;
  calendars?: CalendarBook & { refresh?: (db?: Db) => Promise<void> };
}

const OPEN = ["routed", "in_progress", "awaiting_citizen"] as const;

/** Whether a change's scope reaches the national unit's own calendar (the hub's settings). */
function reachesUnit(scope: string, unit: Calendar): boolean {
  if (scope.startsWith("agency:")) return false;
  return !scope.startsWith("country:") || scope.slice("country:".length) === unit.country;
}

/** The agencies whose calendar a change's scope reaches. */
function reached(scope: string, codes: string[], deps: ReplanDeps): string[] {
  if (scope.startsWith("agency:")) return [scope.slice("agency:".length)];
  const country = scope.startsWith("country:") ? scope.slice("country:".length) : deps.calendar.country;
  return codes.filter((code) => calendarFor(deps, code).country === country);
}

export async function runReplan(deps: ReplanDeps): Promise<{ changes: number; moved: number }> {
  let changes = 0;
  let moved = 0;
  // Agency names for the messages, from the directory read once before any transaction
  // (on PGlite's one connection a read outside a transaction waits behind it).
  const dir = await loadSlaDirectory(deps.db);
  const named = (code: string | null) => {
    const a = code ? dir.agency.get(code) : undefined;
    return a ? { agency: a.name } : {};
  };
  for (;;) {
    const more = await deps.db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const change = await claimPendingChange(tx);
      if (!change) return false;
      // The change is committed, so a reload now sees it (another instance may have made it).
      await deps.calendars?.refresh?.(tx);
      const now = deps.clock.now();
      const codes = await agencyCodes(tx);
      const targets = reached(change.scope, codes, deps);
      if (targets.length) {
        const rows = await openComplaintsOf(tx, targets, OPEN);
        for (const { c, jurisdictionDays } of rows) {
          const cal = calendarFor(deps, c.agencyCode);
          const next = replanDeadlines({ ...c, jurisdictionDays }, cal, INFO_DAYS);
          if (!next) continue;
          const which =
            next.jurisdictionDueAt?.getTime() !== c.jurisdictionDueAt?.getTime()
              ? "jurisdiction"
              : next.dueAt?.getTime() !== c.dueAt?.getTime()
                ? "resolution"
                : "info";
          const before = which === "jurisdiction" ? c.jurisdictionDueAt : which === "resolution" ? c.dueAt : c.infoDueAt;
          const after = which === "jurisdiction" ? next.jurisdictionDueAt : which === "resolution" ? next.dueAt : next.infoDueAt;
          const actionDueAt =
            c.status === "routed" ? next.jurisdictionDueAt : c.status === "awaiting_citizen" ? next.infoDueAt : next.dueAt;
          const updated = { ...c, ...next, actionDueAt };
          const slaNextAt = nextCheck(slaSchedule(slaStateOf(updated, hoursIn(dir, c)), cal), await firedKeys(tx, c.id));
          await moveDeadlines(tx, c.id, { ...next, actionDueAt, slaNextAt }, now);
          const why = {
            why: change.reason.kind,
            holidayDate: change.reason.date ?? null,
            holidayAr: change.reason.nameAr ?? null,
            holidayEn: change.reason.nameEn ?? null,
          };
          const data = {
            ...why,
            which,
            from: before?.toISOString() ?? null,
            to: after?.toISOString() ?? null,
            calendar: cal.key,
            change: change.id,
          };
          await addSystemEvent(tx, { complaintId: c.id, type: "deadline_moved", status: c.status, data, visible: true }, now);
          const to = await recipient(tx, c);
          if (to && after) {
            const payload = {
              reference: c.reference,
              agencyCode: c.agencyCode,
              ...named(c.agencyCode),
              ...why,
              which,
              due: lastDay(cal, after),
              was: before ? lastDay(cal, before) : null,
            };
            // One message per complaint and change, whichever instance sends it.
            await enqueue(tx, [{ ...to, template: "deadline_moved", payload, key: outboxKey("deadline_moved", c.id, change.id) }], now);
          }
          moved++;
        }
      }
      // Digital reports and the unit's questions to agencies count on the unit's calendar.
      const unit = deps.calendars?.hub ?? deps.calendar;
      if (reachesUnit(change.scope, unit)) {
        const why = {
          why: change.reason.kind,
          holidayDate: change.reason.date ?? null,
          holidayAr: change.reason.nameAr ?? null,
          holidayEn: change.reason.nameEn ?? null,
        };
        for (const r of await openReportDeadlines(tx)) {
          const next = replanFromStart(unit, r.createdAt, REPORT_DAYS, r.dueAt);
          if (!next) continue;
          await moveReportDue(tx, r.id, next);
          const data = {
            ...why,
            which: "report",
            from: r.dueAt.toISOString(),
            to: next.toISOString(),
            calendar: unit.key,
            change: change.id,
          };
          await addReportEvent(tx, { reportId: r.id, actorKind: "system", type: "deadline_moved", data, visibleToCitizen: true, at: now });
          const p = await citizenContact(tx, r.citizenId);
          if (p) {
            const payload = { reference: r.reference, ...why, which: "report", due: lastDay(unit, next), was: lastDay(unit, r.dueAt) };
            await enqueue(
              tx,
              [
                {
                  ...citizenChannel(p, p.notifyBy),
                  template: "deadline_moved",
                  payload,
                  key: outboxKey("deadline_moved", r.id, change.id),
                },
              ],
              now,
            );
          }
          moved++;
        }
        // Internal: the agency's answer is due on the new day; the question says nothing to the citizen.
        for (const f of await openFollowupDeadlines(tx)) {
          const next = replanFromStart(unit, f.askedAt, FOLLOWUP_DAYS, f.dueAt);
          if (next) await moveFollowupDue(tx, f.id, next);
        }
      }
      await markChangeDone(tx, change.id, now);
      changes++;
      return true;
    });
    if (!more) break;
  }
  return { changes, moved };
}
