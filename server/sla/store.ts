// The SLA capability's SQL. The job (server/jobs/sla.ts) claims due complaints, loads
// what their events need in bulk, lets the pure rules (rules.ts) and effects
// (effects.ts) decide, and writes the result back here: a handful of statements per
// batch whatever its size (the rows travel as one JSON parameter each).

import { and, asc, eq, inArray, isNotNull, isNull, lt, lte, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { agencyNamed, directoryNames } from "../directory/names.ts";
import {
  agencies,
  calendarChanges,
  citizens,
  complaintEvents,
  complaints,
  services,
  slaEvents,
  staffRoles,
  staffUsers,
} from "../../schema/index.ts";
import { enqueue } from "../notify/outbox.ts";
import { enqueueWebhookEvents } from "../webhooks/store.ts";
import type { EffectFacts, InviteRow, Name, SlaEffects, TimelineRow } from "./effects.ts";
import { levelOf, type SlaEvent } from "./rules.ts";

export type ComplaintRow = typeof complaints.$inferSelect;

/** Seed 001's escalation delays for a service that names none. */
export const DEFAULT_ESCALATION_HOURS = [24, 12, 12];

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? (r as T[]) : ((r as { rows: T[] }).rows ?? []));
const jsonb = (v: unknown) => sql`${JSON.stringify(v)}::jsonb`;

/** The directory facts the SLA job reads, loaded once per tick (small tables). */
export interface SlaDirectory {
  agency: Map<string, { name: Name; escalation: { title: Name; email: string }[] }>;
  hours: Map<string, number[]>;
}

export async function loadSlaDirectory(db: Db): Promise<SlaDirectory> {
  const [a, s, names] = await Promise.all([
    db.select({ code: agencies.code, escalation: agencies.escalation }).from(agencies),
    db.select({ agencyCode: services.agencyCode, code: services.code, h: services.escalationHours }).from(services),
    directoryNames(db),
  ]);
  return {
    agency: new Map(a.map((r) => [r.code, { name: agencyNamed(names, r.code) ?? { ar: r.code, en: r.code }, escalation: r.escalation }])),
    hours: new Map(s.map((r) => [`${r.agencyCode}/${r.code}`, r.h])),
  };
}

export function hoursIn(d: SlaDirectory, c: { agencyCode: string | null; serviceCode: string | null }): number[] {
  return (c.agencyCode && c.serviceCode ? d.hours.get(`${c.agencyCode}/${c.serviceCode}`) : undefined) ?? DEFAULT_ESCALATION_HOURS;
}

/** The service's escalation delays (seed 001's default when it has none). */
export async function escalationHoursOf(db: Db, c: { agencyCode: string | null; serviceCode: string | null }): Promise<number[]> {
  if (!c.agencyCode || !c.serviceCode) return DEFAULT_ESCALATION_HOURS;
  const [s] = await db
    .select({ h: services.escalationHours })
    .from(services)
    .where(and(eq(services.agencyCode, c.agencyCode), eq(services.code, c.serviceCode)));
  return s?.h ?? DEFAULT_ESCALATION_HOURS;
}

/** Keys of the SLA events that already fired for a complaint. */
export async function firedKeys(db: Db, complaintId: string): Promise<Set<string>> {
  const rows = await db.select({ key: slaEvents.key }).from(slaEvents).where(eq(slaEvents.complaintId, complaintId));
  return new Set(rows.map((r) => r.key));
}

/**
 * Up to `batch` complaints whose next look has come, locked for this transaction;
 * SKIP LOCKED: a second instance takes the next ones instead of waiting.
 */
export async function claimDueComplaints(tx: Db, now: Date, batch: number): Promise<ComplaintRow[]> {
  return tx
    .select()
    .from(complaints)
    .where(and(isNotNull(complaints.slaNextAt), lte(complaints.slaNextAt, now)))
    .orderBy(asc(complaints.slaNextAt))
    .limit(batch)
    .for("update", { skipLocked: true });
}

export async function complaintById(tx: Db, id: string): Promise<ComplaintRow | null> {
  const [c] = await tx.select().from(complaints).where(eq(complaints.id, id));
  return c ?? null;
}

/** Fired keys of many complaints in one read. */
export async function firedKeysOf(tx: Db, ids: readonly string[]): Promise<Map<string, Set<string>>> {
  const done = new Map<string, Set<string>>();
  if (!ids.length) return done;
  const r = await tx.execute(sql`
    select complaint_id, key from sla_events where complaint_id in (select (jsonb_array_elements_text(${jsonb(ids)}))::uuid)`);
  for (const x of rowsOf<{ complaint_id: string; key: string }>(r)) {
    (done.get(x.complaint_id) ?? done.set(x.complaint_id, new Set()).get(x.complaint_id)!).add(x.key);
  }
  return done;
}

/**
 * Claims the events in one statement. The unique (complaint, key) lets through only
 * those never fired: exactly once even across instances and retried transactions.
 * Returns the claimed ones as "complaintId key".
 */
export async function claimEvents(
  tx: Db,
  claims: { c: { id: string; agencyCode: string | null }; e: SlaEvent }[],
  now: Date,
): Promise<Set<string>> {
  const claimed = new Set<string>();
  if (!claims.length) return claimed;
  const rows = claims.map(({ c, e }) => ({
    complaint_id: c.id,
    key: e.key,
    kind: e.kind,
    level: levelOf(e.kind),
    agency_code: c.agencyCode,
    due_at: e.at.toISOString(),
  }));
  const r = await tx.execute(sql`
    insert into sla_events (complaint_id, key, kind, level, agency_code, due_at, fired_at)
    select x.complaint_id, x.key, x.kind, x.level, x.agency_code, x.due_at, ${now.toISOString()}::timestamptz
      from jsonb_to_recordset(${jsonb(rows)}) as x (complaint_id uuid, key text, kind text, level int, agency_code text, due_at timestamptz)
    on conflict (complaint_id, key) do nothing
    returning complaint_id, key`);
  for (const x of rowsOf<{ complaint_id: string; key: string }>(r)) claimed.add(`${x.complaint_id} ${x.key}`);
  return claimed;
}

/** The people the claimed events speak to, read in bulk and only when an event needs them. */
export interface PeopleFacts {
  person(c: ComplaintRow): EffectFacts["person"];
  officers(c: ComplaintRow): string[];
}

export async function loadPeople(tx: Db, citizensOf: readonly ComplaintRow[], warnedOf: readonly ComplaintRow[]): Promise<PeopleFacts> {
  const citizenIds = [...new Set(citizensOf.map((c) => c.citizenId).filter((x): x is string => !!x))];
  const assigned = [...new Set(warnedOf.map((c) => c.assignedTo).filter((x): x is string => !!x))];
  const agencyCodes = [...new Set(warnedOf.map((c) => c.agencyCode).filter((x): x is string => !!x))];
  const [people, holders, liaisonRows] = await Promise.all([
    citizenIds.length
      ? tx
          .select({ id: citizens.id, mobile: citizens.mobile, email: citizens.email, lang: citizens.lang })
          .from(citizens)
          .where(inArray(citizens.id, citizenIds))
      : [],
    assigned.length
      ? tx
          .select({ id: staffUsers.id, email: staffUsers.email })
          .from(staffUsers)
          .where(and(inArray(staffUsers.id, assigned), eq(staffUsers.active, true)))
      : [],
    agencyCodes.length
      ? tx
          .selectDistinct({ agencyCode: staffRoles.agencyCode, email: staffUsers.email })
          .from(staffUsers)
          .innerJoin(staffRoles, eq(staffRoles.staffId, staffUsers.id))
          .where(and(eq(staffUsers.active, true), inArray(staffRoles.agencyCode, agencyCodes), eq(staffRoles.role, "liaison")))
      : [],
  ]);
  const personBy = new Map(people.map((p) => [p.id, { mobile: p.mobile, email: p.email, lang: p.lang }]));
  const holderBy = new Map(holders.map((u) => [u.id, u.email]));
  const liaisons = new Map<string, string[]>();
  for (const r of liaisonRows)
    if (r.agencyCode) (liaisons.get(r.agencyCode) ?? liaisons.set(r.agencyCode, []).get(r.agencyCode)!).push(r.email);
  return {
    person: (c) => (c.citizenId ? (personBy.get(c.citizenId) ?? null) : null),
    officers: (c) => {
      const held = c.assignedTo ? holderBy.get(c.assignedTo) : undefined;
      if (held) return [held];
      return c.agencyCode ? (liaisons.get(c.agencyCode) ?? []) : [];
    },
  };
}

export interface ComplaintUpdate {
  id: string;
  level: number;
  beyond: boolean;
  /** The next look; undefined leaves it as it is (the lifecycle is about to set it). */
  next?: Date | null;
}

/**
 * Writes the effects: timeline rows and messages in the order given (the timeline's
 * hash chain and the outbox's send order follow it), invitations, and each complaint's
 * level, beyond-the-agency mark and next look.
 */
export async function persistEffects(
  tx: Db,
  fx: Omit<SlaEffects, "update">,
  updates: readonly ComplaintUpdate[],
  now: Date,
): Promise<void> {
  const at = sql`${now.toISOString()}::timestamptz`;
  if (fx.events.length) {
    const rows = fx.events.map((e: TimelineRow) => ({
      complaint_id: e.complaintId,
      type: e.type,
      status: e.status,
      data: e.data,
      visible: e.visible,
    }));
    await tx.execute(sql`
      insert into complaint_events (complaint_id, actor_kind, actor_id, type, from_status, to_status, data, visible_to_citizen, at)
      select x.complaint_id, 'system', null, x.type, x.status, x.status, x.data, x.visible, ${at}
        from rows from (jsonb_to_recordset(${jsonb(rows)}) as (complaint_id uuid, type text, status text, data jsonb, visible boolean))
             with ordinality as x (complaint_id, type, status, data, visible, n)
       order by x.n`);
  }
  if (fx.invites.length) {
    const rows = fx.invites.map((i: InviteRow) => ({
      complaint_id: i.complaintId,
      agency_code: i.agencyCode,
      token_hash: i.tokenHash,
      expires_at: i.expiresAt.toISOString(),
    }));
    await tx.execute(sql`
      insert into satisfaction (complaint_id, agency_code, token_hash, invited_at, expires_at)
      select x.complaint_id, x.agency_code, x.token_hash, ${at}, x.expires_at
        from jsonb_to_recordset(${jsonb(rows)}) as x (complaint_id uuid, agency_code text, token_hash text, expires_at timestamptz)`);
  }
  await enqueue(tx, fx.messages, now);
  if (fx.webhooks?.length) await enqueueWebhookEvents(tx, fx.webhooks, now);
  if (updates.length) {
    const rows = updates.map((u) => ({
      id: u.id,
      level: u.level,
      beyond: u.beyond,
      keep: u.next === undefined,
      next: u.next ? u.next.toISOString() : null,
    }));
    await tx.execute(sql`
      update complaints c set sla_next_at = case when x.keep then c.sla_next_at else x.next end,
             escalation_level = greatest(c.escalation_level, x.level),
             beyond_agency_at = case when x.beyond then coalesce(c.beyond_agency_at, ${at}) else c.beyond_agency_at end
        from jsonb_to_recordset(${jsonb(rows)}) as x (id uuid, level int, beyond boolean, keep boolean, next timestamptz)
       where c.id = x.id`);
  }
}

// --- re-planning after a calendar change (server/jobs/replan.ts) --------------------

/** The oldest pending calendar change, locked; SKIP LOCKED: two instances never take the same one. */
export async function claimPendingChange(tx: Db) {
  const [change] = await tx
    .select()
    .from(calendarChanges)
    .where(isNull(calendarChanges.doneAt))
    .orderBy(asc(calendarChanges.id))
    .limit(1)
    .for("update", { skipLocked: true });
  return change ?? null;
}

export async function agencyCodes(tx: Db): Promise<string[]> {
  return (await tx.select({ code: agencies.code }).from(agencies)).map((r) => r.code);
}

/** The open complaints of these agencies with their service's jurisdiction days, locked. */
export async function openComplaintsOf(tx: Db, agencyCodes: string[], statuses: readonly ComplaintRow["status"][]) {
  return tx
    .select({ c: complaints, jurisdictionDays: services.jurisdictionDays })
    .from(complaints)
    .leftJoin(services, and(eq(services.agencyCode, complaints.agencyCode), eq(services.code, complaints.serviceCode)))
    .where(and(inArray(complaints.agencyCode, agencyCodes), inArray(complaints.status, [...statuses])))
    .for("update", { of: complaints });
}

/** New deadlines and the job's next look; the version moves so an open form sees the change. */
export async function moveDeadlines(
  tx: Db,
  id: string,
  d: { jurisdictionDueAt: Date | null; dueAt: Date | null; infoDueAt: Date | null; actionDueAt: Date | null; slaNextAt: Date | null },
  now: Date,
): Promise<void> {
  await tx
    .update(complaints)
    .set({ ...d, version: sql`${complaints.version} + 1`, updatedAt: now })
    .where(eq(complaints.id, id));
}

export async function addSystemEvent(tx: Db, e: TimelineRow, now: Date): Promise<void> {
  await tx.insert(complaintEvents).values({
    complaintId: e.complaintId,
    actorKind: "system",
    actorId: null,
    type: e.type,
    fromStatus: e.status,
    toStatus: e.status,
    data: e.data,
    visibleToCitizen: e.visible,
    at: now,
  });
}

export async function markChangeDone(tx: Db, id: number, now: Date): Promise<void> {
  await tx.update(calendarChanges).set({ doneAt: now }).where(eq(calendarChanges.id, id));
}

// --- the due-soon and overdue picture (overview.ts) ---------------------------------

export interface AgencySla {
  agencyCode: string;
  nameAr: string;
  nameEn: string;
  open: number;
  dueSoon: number;
  overdue: number;
  undecided: number;
  level1: number;
  level2: number;
  level3: number;
}

export async function slaOverview(db: Db, now: Date, soon: Date, agencyCode?: string): Promise<AgencySla[]> {
  const iso = (d: Date) => sql`${d.toISOString()}::timestamptz`;
  const active = sql`${complaints.status} in ('routed', 'in_progress')`;
  const rowsP = db
    .select({
      agencyCode: agencies.code,
      open: sql<number>`count(${complaints.id})`.mapWith(Number),
      dueSoon:
        sql<number>`count(*) filter (where ${active} and ${complaints.actionDueAt} >= ${iso(now)} and ${complaints.actionDueAt} <= ${iso(soon)})`.mapWith(
          Number,
        ),
      overdue: sql<number>`count(*) filter (where ${active} and ${complaints.actionDueAt} < ${iso(now)})`.mapWith(Number),
      undecided: sql<number>`count(*) filter (where ${complaints.status} = 'routed' and ${complaints.actionDueAt} < ${iso(now)})`.mapWith(
        Number,
      ),
      level1: sql<number>`count(*) filter (where ${complaints.escalationLevel} = 1)`.mapWith(Number),
      level2: sql<number>`count(*) filter (where ${complaints.escalationLevel} = 2)`.mapWith(Number),
      level3: sql<number>`count(*) filter (where ${complaints.escalationLevel} = 3)`.mapWith(Number),
    })
    .from(agencies)
    .leftJoin(
      complaints,
      and(eq(complaints.agencyCode, agencies.code), inArray(complaints.status, ["routed", "in_progress", "awaiting_citizen"])),
    )
    .where(agencyCode ? eq(agencies.code, agencyCode) : undefined)
    .groupBy(agencies.code)
    .orderBy(sql`count(*) filter (where ${active} and ${complaints.actionDueAt} < ${iso(now)}) desc`, asc(agencies.code));
  const [rows, names] = await Promise.all([rowsP, directoryNames(db)]);
  return rows.map((r) => {
    const n = names.agency(r.agencyCode);
    return { ...r, nameAr: n?.ar ?? r.agencyCode, nameEn: n?.en ?? r.agencyCode };
  });
}

/** The most overdue open complaints, oldest deadline first. */
export async function mostOverdue(db: Db, now: Date, agencyCode?: string, limit = 50) {
  return db
    .select({
      reference: complaints.reference,
      agencyCode: complaints.agencyCode,
      status: complaints.status,
      title: complaints.title,
      text: sql<string>`left(${complaints.text}, 120)`.mapWith(complaints.text),
      due: complaints.actionDueAt,
      level: complaints.escalationLevel,
    })
    .from(complaints)
    .where(
      and(
        inArray(complaints.status, ["routed", "in_progress"]),
        lt(complaints.actionDueAt, now),
        agencyCode ? eq(complaints.agencyCode, agencyCode) : undefined,
      ),
    )
    .orderBy(asc(complaints.actionDueAt))
    .limit(limit);
}

/** Complaints whose next look falls by `asOf` (the forecast replays the rules on them). */
export async function complaintsDueBy(db: Db, asOf: Date): Promise<ComplaintRow[]> {
  return db
    .select()
    .from(complaints)
    .where(and(isNotNull(complaints.slaNextAt), lte(complaints.slaNextAt, asOf)))
    .orderBy(asc(complaints.slaNextAt));
}
