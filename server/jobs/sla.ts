// The SLA job: every tick, on every hub instance, it claims the complaints whose next
// deadline has come (FOR UPDATE SKIP LOCKED: two instances never take the same one)
// and fires each due event once (sla_events' unique key: even a retried transaction
// cannot fire it twice). A hub that was down over a deadline fires it on its first tick.

import { and, asc, eq, inArray, isNotNull, lte, sql } from "drizzle-orm";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import type { Calendar } from "../calendar/index.ts";
import { calendarFor, type CalendarBook } from "../calendar/book.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db.ts";
import { agencies, citizens, complaintEvents, complaints, outbox, satisfaction, services, slaEvents, staffRoles, staffUsers } from "../../schema/index.ts";
import { citizenChannel } from "../notify/recipient.ts";
import { act, agencyName, recipient } from "../complaints/transition.ts";
import type { ReopenWindow } from "../calendar/window.ts";
import { lastDay } from "../calendar/working-days.ts";
import { addWorkingDays } from "../calendar/index.ts";
import { REPORT_DAYS } from "../reports/eligibility.ts";
import { beyondReason, DEFAULT_POLICY, dueEvents, levelOf, nextCheck, slaDecision, slaSchedule, type SlaEvent, type SlaKind, type SlaPolicy } from "../sla/rules.ts";
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

export { SATISFACTION_DAYS } from "../policy.ts";
import { SATISFACTION_DAYS } from "../policy.ts";

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

// --- the set-based sweep --------------------------------------------------------------
//
// A day's deadlines end at the same local midnight, so thousands fall due together.
// Each batch is a handful of statements whatever its size: claim the due complaints,
// read what they need in bulk, decide each with the pure rules (sla/rules.ts), then
// write the sla_events claims, timeline events, messages and invitations as multi-row
// inserts. Exactly once is still the sla_events unique key: only the events whose
// claim row was inserted here (RETURNING) are acted on. A complaint whose due events
// change its state (no answer: the lifecycle closes it) goes the one-by-one way above.

/** Directory facts the sweep reads, loaded once per tick (small tables). */
interface SweepFacts {
  agency: Map<string, { name: { ar: string; en: string }; escalation: { title: { ar: string; en: string }; email: string }[] }>;
  hours: Map<string, number[]>;
  /** The calendar a complaint's deadlines are counted in. */
  calendarOf(c: Row): Calendar;
}

async function sweepFacts(deps: SlaDeps, db: Db): Promise<SweepFacts> {
  const [a, s] = await Promise.all([
    db.select({ code: agencies.code, ar: agencies.nameAr, en: agencies.nameEn, escalation: agencies.escalation }).from(agencies),
    db.select({ agencyCode: services.agencyCode, code: services.code, h: services.escalationHours }).from(services),
  ]);
  return {
    agency: new Map(a.map((r) => [r.code, { name: { ar: r.ar, en: r.en }, escalation: r.escalation }])),
    hours: new Map(s.map((r) => [`${r.agencyCode}/${r.code}`, r.h])),
    // Each complaint on the calendar of the agency holding it (issue 17).
    calendarOf: (c) => calendarFor(deps, c.agencyCode),
  };
}

const hoursOf = (f: SweepFacts, c: Row) => (c.agencyCode && c.serviceCode ? f.hours.get(`${c.agencyCode}/${c.serviceCode}`) : undefined) ?? [24, 12, 12];

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? (r as T[]) : ((r as { rows: T[] }).rows ?? []));
const jsonb = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

async function sweepBatch(deps: SlaDeps, tx: Db, facts: SweepFacts, now: Date, batch: number, fired: Record<string, number>): Promise<number> {
  const rows = await tx
    .select()
    .from(complaints)
    .where(and(isNotNull(complaints.slaNextAt), lte(complaints.slaNextAt, now)))
    .orderBy(asc(complaints.slaNextAt))
    .limit(batch)
    .for("update", { skipLocked: true });
  if (!rows.length) return 0;

  const doneBy = new Map<string, Set<string>>();
  for (const r of rowsOf<{ complaint_id: string; key: string }>(
    await tx.execute(sql`select complaint_id, key from sla_events where complaint_id in (select (jsonb_array_elements_text(${jsonb(rows.map((r) => r.id))}))::uuid)`),
  )) {
    (doneBy.get(r.complaint_id) ?? doneBy.set(r.complaint_id, new Set()).get(r.complaint_id)!).add(r.key);
  }

  const policy = deps.policy ?? DEFAULT_POLICY;
  const fast: { c: Row; due: SlaEvent[]; next: Date | null }[] = [];
  for (const c of rows) {
    const d = slaDecision(slaStateOf(c, hoursOf(facts, c)), doneBy.get(c.id) ?? new Set(), now, facts.calendarOf(c), policy);
    if (d.changesState) await processOne(deps, tx, c, now, fired);
    else fast.push({ c, ...d });
  }

  // Claim every due event at once; the unique key lets through only those never fired.
  const claims = fast.flatMap(({ c, due }) => due.map((e) => ({ complaint_id: c.id, key: e.key, kind: e.kind, level: levelOf(e.kind), agency_code: c.agencyCode, due_at: e.at.toISOString() })));
  const claimed = new Set<string>();
  if (claims.length) {
    const r = await tx.execute(sql`
      insert into sla_events (complaint_id, key, kind, level, agency_code, due_at, fired_at)
      select x.complaint_id, x.key, x.kind, x.level, x.agency_code, x.due_at, ${now.toISOString()}::timestamptz
        from jsonb_to_recordset(${jsonb(claims)}) as x (complaint_id uuid, key text, kind text, level int, agency_code text, due_at timestamptz)
      on conflict (complaint_id, key) do nothing
      returning complaint_id, key`);
    for (const x of rowsOf<{ complaint_id: string; key: string }>(r)) claimed.add(`${x.complaint_id} ${x.key}`);
  }
  const acting = fast.map(({ c, due, next }) => ({ c, next, events: due.filter((e) => claimed.has(`${c.id} ${e.key}`)) }));

  // What the claimed events need to know about people, read in bulk and only if needed.
  const needs = (kinds: SlaKind[]) => acting.filter((a) => a.events.some((e) => kinds.includes(e.kind)));
  const toCitizen = needs(["info_reminder", "satisfaction_invite", "beyond_agency"]);
  const citizenIds = [...new Set(toCitizen.map((a) => a.c.citizenId).filter((x): x is string => !!x))];
  const people = new Map<string, { mobile: string; email: string | null; lang: "ar" | "en" }>();
  if (citizenIds.length) {
    for (const p of await tx.select({ id: citizens.id, mobile: citizens.mobile, email: citizens.email, lang: citizens.lang }).from(citizens).where(inArray(citizens.id, citizenIds))) people.set(p.id, p);
  }
  const warned = needs(["resolution_warning"]);
  const holders = new Map<string, string>();
  const liaisons = new Map<string, string[]>();
  if (warned.length) {
    const assigned = [...new Set(warned.map((a) => a.c.assignedTo).filter((x): x is string => !!x))];
    if (assigned.length) {
      for (const u of await tx.select({ id: staffUsers.id, email: staffUsers.email }).from(staffUsers).where(and(inArray(staffUsers.id, assigned), eq(staffUsers.active, true)))) holders.set(u.id, u.email);
    }
    const agencyCodes = [...new Set(warned.map((a) => a.c.agencyCode).filter((x): x is string => !!x))];
    if (agencyCodes.length) {
      const rows = await tx
        .selectDistinct({ agencyCode: staffRoles.agencyCode, email: staffUsers.email })
        .from(staffUsers)
        .innerJoin(staffRoles, eq(staffRoles.staffId, staffUsers.id))
        .where(and(eq(staffUsers.active, true), inArray(staffRoles.agencyCode, agencyCodes), eq(staffRoles.role, "liaison")));
      for (const r of rows) if (r.agencyCode) (liaisons.get(r.agencyCode) ?? liaisons.set(r.agencyCode, []).get(r.agencyCode)!).push(r.email);
    }
  }
  const officersOf = (c: Row) => (c.assignedTo && holders.has(c.assignedTo) ? [holders.get(c.assignedTo)!] : c.agencyCode ? (liaisons.get(c.agencyCode) ?? []) : []);
  const citizenTo = (c: Row) => {
    if (c.citizenId) {
      const p = people.get(c.citizenId);
      return p ? citizenChannel(p, c.notifyBy) : null;
    }
    return c.contact?.mobile ? { channel: "sms" as const, recipient: c.contact.mobile, lang: "ar" as const } : null;
  };

  // The same rows fire() writes, one event at a time there, all at once here.
  const events: Record<string, unknown>[] = [];
  const messages: Record<string, unknown>[] = [];
  const invites: Record<string, unknown>[] = [];
  const updates: { id: string; next: string | null; level: number; beyond: boolean }[] = [];
  for (const { c, next, events: evs } of acting) {
    const cal = facts.calendarOf(c);
    const agency = c.agencyCode ? facts.agency.get(c.agencyCode) : undefined;
    const named = agency ? { agency: agency.name } : {};
    const base = { reference: c.reference, agencyCode: c.agencyCode, due: c.dueAt ? lastDay(cal, c.dueAt) : null, ...named };
    const timeline = (type: string, data: Record<string, unknown>, visible: boolean) =>
      events.push({ complaint_id: c.id, type, status: c.status, data, visible });
    const staff = (to: string, template: string, payload: Record<string, unknown>, key: string) =>
      messages.push({ channel: "email", recipient: to, template, lang: "ar", payload, key });
    const citizen = (template: string, payload: Record<string, unknown>, key: string) => {
      const to = citizenTo(c);
      if (to) messages.push({ ...to, template, payload: { reference: c.reference, agencyCode: c.agencyCode, ...named, ...payload }, key });
    };
    let level = 0;
    let beyond = false;
    for (const e of evs) {
      const key = `sla:${c.id}:${e.key}`;
      fired[e.kind] = (fired[e.kind] ?? 0) + 1;
      switch (e.kind) {
        case "jurisdiction_overdue":
        case "jurisdiction_2":
        case "jurisdiction_3":
        case "escalation_1":
        case "escalation_2":
        case "escalation_3": {
          const l = levelOf(e.kind);
          const contact = agency?.escalation[l - 1] ?? null;
          const template = e.kind.startsWith("jurisdiction") ? "sla_jurisdiction_overdue" : "sla_escalation";
          if (contact) staff(contact.email, template, { ...base, level: l, title: contact.title }, key);
          timeline("escalated", { kind: e.kind, level: l, to: contact?.title ?? null }, false);
          level = Math.max(level, l);
          break;
        }
        case "beyond_agency": {
          // As fire() does: the unit's queue, and the citizen told why and by when.
          const reason = beyondReason(e.key);
          const expected = addWorkingDays(deps.calendar, now, REPORT_DAYS);
          timeline("beyond_agency", { reason, expected: expected.toISOString(), calendar: deps.calendar.key }, true);
          citizen("beyond_agency", { reason, due: lastDay(deps.calendar, expected), link: `/reports/new?complaint=${c.reference}` }, key);
          level = Math.max(level, 3);
          beyond = true;
          break;
        }
        case "resolution_warning":
          for (const [i, email] of officersOf(c).entries()) staff(email, "sla_warning", base, `${key}:${i}`);
          timeline("sla_warning", { due: base.due }, false);
          break;
        case "info_reminder":
          citizen("info_reminder", { due: c.infoDueAt ? lastDay(cal, c.infoDueAt) : null }, key);
          timeline("info_reminder", {}, true);
          break;
        case "satisfaction_invite": {
          const token = randomToken();
          invites.push({ complaint_id: c.id, agency_code: c.agencyCode, token_hash: sha256Hex(token), expires_at: new Date(now.getTime() + SATISFACTION_DAYS * 86400_000).toISOString() });
          citizen("satisfaction_invite", { link: `${deps.publicUrl}/rate/${token}` }, key);
          break;
        }
        case "reopen_expired":
          timeline("reopen_expired", {}, true);
          break;
        case "info_expired":
          // Never here: slaDecision marks it as changing the state (handled above).
          break;
      }
    }
    updates.push({ id: c.id, next: next ? next.toISOString() : null, level, beyond });
  }

  const at = sql`${now.toISOString()}::timestamptz`;
  if (events.length) {
    await tx.execute(sql`
      insert into complaint_events (complaint_id, actor_kind, actor_id, type, from_status, to_status, data, visible_to_citizen, at)
      select x.complaint_id, 'system', null, x.type, x.status, x.status, x.data, x.visible, ${at}
        from rows from (jsonb_to_recordset(${jsonb(events)}) as (complaint_id uuid, type text, status text, data jsonb, visible boolean)) with ordinality as x (complaint_id, type, status, data, visible, n)
       order by x.n`);
  }
  if (invites.length) {
    await tx.execute(sql`
      insert into satisfaction (complaint_id, agency_code, token_hash, invited_at, expires_at)
      select x.complaint_id, x.agency_code, x.token_hash, ${at}, x.expires_at
        from jsonb_to_recordset(${jsonb(invites)}) as x (complaint_id uuid, agency_code text, token_hash text, expires_at timestamptz)`);
  }
  if (messages.length) {
    await tx.execute(sql`
      insert into outbox (channel, recipient, template, lang, payload, idempotency_key, next_attempt_at, created_at)
      select x.channel, x.recipient, x.template, x.lang, x.payload, x.key, ${at}, ${at}
        from rows from (jsonb_to_recordset(${jsonb(messages)}) as (channel text, recipient text, template text, lang text, payload jsonb, key text)) with ordinality as x (channel, recipient, template, lang, payload, key, n)
       order by x.n
      on conflict (idempotency_key) do nothing`);
  }
  if (updates.length) {
    await tx.execute(sql`
      update complaints c set sla_next_at = x.next, escalation_level = greatest(c.escalation_level, x.level),
             beyond_agency_at = case when x.beyond then coalesce(c.beyond_agency_at, ${at}) else c.beyond_agency_at end
        from jsonb_to_recordset(${jsonb(updates)}) as x (id uuid, next timestamptz, level int, beyond boolean)
       where c.id = x.id`);
  }
  return rows.length;
}

/** One tick of the SLA job. Safe to run on any number of instances at once. */
export async function runSla(deps: SlaDeps, opts: { batch?: number } = {}): Promise<{ complaints: number; fired: Partial<Record<SlaKind, number>> }> {
  const batch = opts.batch ?? 500;
  const now = deps.clock.now();
  const fired: Record<string, number> = {};
  const facts = await sweepFacts(deps, deps.db);
  let seen = 0;
  for (;;) {
    const n = await deps.db.transaction((tx) => sweepBatch(deps, tx as unknown as Db, facts, now, batch, fired));
    seen += n;
    if (n < batch) break;
  }
  return { complaints: seen, fired };
}
