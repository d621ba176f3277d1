// The SLA job: every tick, on every hub instance, it claims the complaints whose next
// deadline has come (FOR UPDATE SKIP LOCKED: two instances never take the same one)
// and fires each due event once (sla_events' unique key: even a retried transaction
// cannot fire it twice). A hub that was down over a deadline fires it on its first tick.

import { and, asc, eq, isNotNull, lte, sql } from "drizzle-orm";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import type { Calendar } from "../calendar/index.ts";
import { calendarFor, type CalendarBook } from "../calendar/book.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db.ts";
import { agencies, complaintEvents, complaints, outbox, satisfaction, slaEvents, staffRoles, staffUsers } from "../../schema/index.ts";
import { act, agencyName, recipient } from "../complaints/transition.ts";
import type { ReopenWindow } from "../complaints/lifecycle.ts";
import { lastDay } from "../complaints/lifecycle.ts";
import { addWorkingDays } from "../calendar/index.ts";
import { REPORT_DAYS } from "../reports/eligibility.ts";
import { beyondReason, DEFAULT_POLICY, dueEvents, levelOf, nextCheck, slaSchedule, type SlaEvent, type SlaKind, type SlaPolicy } from "../sla/rules.ts";
import { escalationHoursOf, firedKeys, slaStateOf } from "../sla/state.ts";

export interface SlaDeps {
  db: Db;
  clock: Clock;
  calendar: Calendar;
  /** Each agency's calendar: a complaint's events fall on its agency's working time. */
  calendars?: CalendarBook;
  reopenWindow: ReopenWindow;
  /** Links in messages (the satisfaction form). */
  publicUrl: string;
  policy?: SlaPolicy;
}

/** Satisfaction links work for 14 days (seed 004). */
export const SATISFACTION_DAYS = 14;

type Row = typeof complaints.$inferSelect;

async function staffEmail(db: Db, to: string, template: string, payload: Record<string, unknown>, key: string, now: Date) {
  await db.insert(outbox).values({ channel: "email", recipient: to, template, lang: "ar", payload, idempotencyKey: key, nextAttemptAt: now, createdAt: now }).onConflictDoNothing();
}

async function citizenMessage(db: Db, c: Row, template: string, payload: Record<string, unknown>, key: string, now: Date) {
  const to = await recipient(db, c);
  if (!to) return;
  await db
    .insert(outbox)
    .values({ ...to, template, payload: { reference: c.reference, agencyCode: c.agencyCode, ...(await agencyName(db, c.agencyCode)), ...payload }, idempotencyKey: key, nextAttemptAt: now, createdAt: now })
    .onConflictDoNothing();
}

async function timeline(db: Db, c: Row, type: string, data: Record<string, unknown>, visibleToCitizen: boolean, now: Date) {
  await db.insert(complaintEvents).values({ complaintId: c.id, actorKind: "system", actorId: null, type, fromStatus: c.status, toStatus: c.status, data, visibleToCitizen, at: now });
}

/** The officer who holds the complaint, or every liaison officer of the agency. */
async function officers(db: Db, c: Row): Promise<string[]> {
  if (c.assignedTo) {
    const [u] = await db.select({ email: staffUsers.email }).from(staffUsers).where(and(eq(staffUsers.id, c.assignedTo), eq(staffUsers.active, true)));
    if (u) return [u.email];
  }
  if (!c.agencyCode) return [];
  const rows = await db
    .selectDistinct({ email: staffUsers.email })
    .from(staffUsers)
    .innerJoin(staffRoles, eq(staffRoles.staffId, staffUsers.id))
    .where(and(eq(staffUsers.active, true), eq(staffRoles.agencyCode, c.agencyCode), eq(staffRoles.role, "liaison")));
  return rows.map((r) => r.email);
}

async function escalationContact(db: Db, agencyCode: string | null, level: number) {
  if (!agencyCode) return null;
  const [a] = await db.select({ escalation: agencies.escalation }).from(agencies).where(eq(agencies.code, agencyCode));
  return a?.escalation[level - 1] ?? null;
}

/** What one due event does. Returns the complaint as it is afterwards. */
async function fire(deps: SlaDeps, db: Db, c: Row, e: SlaEvent, now: Date): Promise<Row> {
  const cal = calendarFor(deps, c.agencyCode);
  const key = `sla:${c.id}:${e.key}`;
  const facts = { reference: c.reference, agencyCode: c.agencyCode, due: c.dueAt ? lastDay(cal, c.dueAt) : null, ...(await agencyName(db, c.agencyCode)) };
  switch (e.kind) {
    case "jurisdiction_overdue":
    case "jurisdiction_2":
    case "jurisdiction_3":
    case "escalation_1":
    case "escalation_2":
    case "escalation_3": {
      const level = levelOf(e.kind);
      const contact = await escalationContact(db, c.agencyCode, level);
      const template = e.kind.startsWith("jurisdiction") ? "sla_jurisdiction_overdue" : "sla_escalation";
      if (contact) await staffEmail(db, contact.email, template, { ...facts, level, title: contact.title }, key, now);
      await timeline(db, c, "escalated", { kind: e.kind, level, to: contact?.title ?? null }, false, now);
      await db.update(complaints).set({ escalationLevel: sql`greatest(${complaints.escalationLevel}, ${level})` }).where(eq(complaints.id, c.id));
      return { ...c, escalationLevel: Math.max(c.escalationLevel, level) };
    }
    case "beyond_agency": {
      // Past level 3: the national unit's "beyond the agency" queue, and the citizen is
      // told why, when to expect an answer (the unit's own report window, on the unit's
      // calendar) and that a digital report is open to them.
      const reason = beyondReason(e.key);
      const expected = addWorkingDays(deps.calendar, now, REPORT_DAYS);
      const due = lastDay(deps.calendar, expected);
      await db.update(complaints).set({ beyondAgencyAt: now }).where(eq(complaints.id, c.id));
      await timeline(db, c, "beyond_agency", { reason, expected: expected.toISOString(), calendar: deps.calendar.key }, true, now);
      await citizenMessage(db, c, "beyond_agency", { reason, due, link: `/reports/new?complaint=${c.reference}` }, key, now);
      return { ...c, beyondAgencyAt: now };
    }
    case "resolution_warning": {
      for (const [i, email] of (await officers(db, c)).entries()) await staffEmail(db, email, "sla_warning", facts, `${key}:${i}`, now);
      await timeline(db, c, "sla_warning", { due: facts.due }, false, now);
      return c;
    }
    case "info_reminder": {
      await citizenMessage(db, c, "info_reminder", { due: c.infoDueAt ? lastDay(cal, c.infoDueAt) : null }, key, now);
      await timeline(db, c, "info_reminder", {}, true, now);
      return c;
    }
    case "info_expired": {
      // The rule and the state change live with the lifecycle; the job only says when.
      const r = await act({ ...deps, db }, { kind: "system" }, c.reference, null, { action: "auto_close" });
      if (!r.ok) return c;
      const [fresh] = await db.select().from(complaints).where(eq(complaints.id, c.id));
      return fresh ?? c;
    }
    case "satisfaction_invite": {
      const token = randomToken();
      const expiresAt = new Date(now.getTime() + SATISFACTION_DAYS * 86400_000);
      await db.insert(satisfaction).values({ complaintId: c.id, agencyCode: c.agencyCode, tokenHash: sha256Hex(token), invitedAt: now, expiresAt });
      await citizenMessage(db, c, "satisfaction_invite", { link: `${deps.publicUrl}/rate/${token}` }, key, now);
      return c;
    }
    case "reopen_expired": {
      await timeline(db, c, "reopen_expired", {}, true, now);
      return c;
    }
  }
}

async function processOne(deps: SlaDeps, db: Db, row: Row, now: Date, fired: Record<string, number>) {
  let c = row;
  const hours = await escalationHoursOf(db, c);
  const done = await firedKeys(db, c.id);
  // An event can change the state (no answer → closed → satisfaction invitation), so
  // work out what is due again until nothing is.
  for (let round = 0; round < 5; round++) {
    const due = dueEvents(slaSchedule(slaStateOf(c, hours), calendarFor(deps, c.agencyCode), deps.policy ?? DEFAULT_POLICY), done, now);
    if (!due.length) break;
    for (const e of due) {
      done.add(e.key);
      const [claimed] = await db
        .insert(slaEvents)
        .values({ complaintId: c.id, key: e.key, kind: e.kind, level: levelOf(e.kind), agencyCode: c.agencyCode, dueAt: e.at, firedAt: now })
        .onConflictDoNothing()
        .returning({ id: slaEvents.id });
      if (!claimed) continue; // fired already (by another instance, or before a crash)
      c = await fire(deps, db, c, e, now);
      fired[e.kind] = (fired[e.kind] ?? 0) + 1;
    }
  }
  const next = nextCheck(slaSchedule(slaStateOf(c, hours), calendarFor(deps, c.agencyCode), deps.policy ?? DEFAULT_POLICY), done);
  await db.update(complaints).set({ slaNextAt: next }).where(eq(complaints.id, c.id));
}

/** One tick of the SLA job. Safe to run on any number of instances at once. */
export async function runSla(deps: SlaDeps, opts: { batch?: number } = {}): Promise<{ complaints: number; fired: Partial<Record<SlaKind, number>> }> {
  const batch = opts.batch ?? 200;
  const now = deps.clock.now();
  const fired: Record<string, number> = {};
  let seen = 0;
  for (;;) {
    const n = await deps.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(complaints)
        .where(and(isNotNull(complaints.slaNextAt), lte(complaints.slaNextAt, now)))
        .orderBy(asc(complaints.slaNextAt))
        .limit(batch)
        .for("update", { skipLocked: true });
      for (const c of rows) await processOne(deps, tx as unknown as Db, c, now, fired);
      return rows.length;
    });
    seen += n;
    if (n < batch) break;
  }
  return { complaints: seen, fired };
}


