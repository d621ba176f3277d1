// Carries out one lifecycle action: the rule check (lifecycle.ts), the complaint's new
// columns, the append-only event, any attachments and the citizen's notification, all
// in one transaction. The version check in the UPDATE makes two people acting on the
// same complaint at once produce one change and one "conflict".

import { and, count, desc, eq, inArray, sql } from "drizzle-orm";
import type { Calendar } from "../calendar/index.ts";
import { calendarFor, type CalendarBook } from "../calendar/book.ts";
import { addWorkingDays, countWorkingDays } from "../calendar/index.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db.ts";
import { agencies, citizens, complaintAttachments, complaintEvents, complaints, outbox, services, staffRoles, staffUsers } from "../../schema/index.ts";
import type { CheckedFile } from "./attachments.ts";
import { citizenChannel } from "../notify/recipient.ts";
import type { Command } from "./commands.ts";
import { secondReviewer, type Colleague } from "./second-look.ts";
import { escalationHoursOf, firedKeys, slaStateOf } from "../sla/state.ts";
import { nextCheck, resolutionStart, slaSchedule, type ClockStart } from "../sla/rules.ts";
import { decide, extensionNeedsReason, hasDeadlines, heldByUnit, lastDay, infoDeadline, moveCheck, parseReopenWindow, reopenDeadline, resumeDue, type Actor, type Refusal, type ReopenWindow, type Status } from "./lifecycle.ts";
import { notifyAgency, type AgencyEvent } from "../notify/agency.ts";
import { DEFAULT_SLA_DAYS } from "../policy.ts";

export interface LifecycleDeps {
  db: Db;
  clock: Clock;
  calendar: Calendar;
  /** Each agency's own calendar (issue 17); without it every agency uses `calendar`. */
  calendars?: CalendarBook;
  reopenWindow: ReopenWindow;
  /** For links in SMS texts (the closing message's "read the answer"); absent in jobs' tests. */
  publicUrl?: string;
}

export type TransitionResult =
  | { ok: true; reference: string; status: Status; version: number }
  | { ok: false; error: Refusal | "not_found" | "conflict" }
  | { ok: false; error: "invalid"; fields: Record<string, string> };

type Row = typeof complaints.$inferSelect;
type Patch = Partial<typeof complaints.$inferInsert>;
interface Plan {
  patch: Patch;
  event: { type: string; data: Record<string, unknown>; visibleToCitizen: boolean };
  notify?: { template: string; payload: Record<string, unknown> };
  /** Tell the agency's liaison officers (server/notify/agency.ts). */
  agency?: { event: AgencyEvent; agencyCode: string; extra?: Record<string, unknown> };
}

const actorColumns = (a: Actor) =>
  a.kind === "citizen" ? { actorKind: "citizen" as const, actorId: a.id } : a.kind === "staff" ? { actorKind: "staff" as const, actorId: a.staff.id } : { actorKind: "system" as const, actorId: null };

async function slaDays(db: Db, c: Row): Promise<number> {
  return (await servicePolicy(db, c)).sla;
}

export interface ServicePolicy {
  sla: number;
  /** On receipt (the seeds' reading, the default) or on the agency's acceptance. */
  clockStart: ClockStart;
  /** The service's reopen window, or null for the hub's HUB_REOPEN_WINDOW. */
  reopenWindow: ReopenWindow | null;
}

/** The service's policy for this complaint, read at the moment it is needed (an admin edit applies at once). */
export async function servicePolicy(db: Db, c: { agencyCode: string | null; serviceCode: string | null; kind: string }): Promise<ServicePolicy> {
  if (!c.agencyCode || !c.serviceCode) return { sla: DEFAULT_SLA_DAYS, clockStart: "receipt", reopenWindow: null };
  const [s] = await db
    .select({ sla: services.slaDays, clockStart: services.clockStart, reopenWindow: services.reopenWindow })
    .from(services)
    .where(and(eq(services.agencyCode, c.agencyCode), eq(services.code, c.serviceCode)));
  return { sla: s?.sla[c.kind] ?? DEFAULT_SLA_DAYS, clockStart: s?.clockStart ?? "receipt", reopenWindow: s?.reopenWindow ? parseReopenWindow(s.reopenWindow) : null };
}

/** An active service of an active agency, with what a transfer needs to route it there. */
async function transferTarget(db: Db, pair: string) {
  const [agencyCode, serviceCode] = pair.split("/");
  if (!agencyCode || !serviceCode) return null;
  const [s] = await db
    .select({ s: services })
    .from(services)
    .innerJoin(agencies, eq(agencies.code, services.agencyCode))
    .where(and(eq(services.agencyCode, agencyCode), eq(services.code, serviceCode), eq(services.active, true), eq(agencies.active, true)));
  return s ? { agencyCode, serviceCode, kinds: s.s.kinds, jurisdictionDays: s.s.jurisdictionDays, complexity: s.s.complexity, importance: s.s.importance, actionType: s.s.actionType } : null;
}

async function serviceExists(db: Db, pair: string): Promise<{ agencyCode: string; serviceCode: string } | null> {
  const [agencyCode, serviceCode] = pair.split("/");
  if (!agencyCode || !serviceCode) return null;
  const [s] = await db.select({ id: services.id }).from(services).where(and(eq(services.agencyCode, agencyCode), eq(services.code, serviceCode), eq(services.active, true)));
  return s ? { agencyCode, serviceCode } : null;
}

/** Active staff holding an agency role in this agency: the only people work can go to. */
export async function agencyStaff(db: Db, agencyCode: string) {
  return db
    .selectDistinct({ id: staffUsers.id, fullName: staffUsers.fullName, email: staffUsers.email })
    .from(staffUsers)
    .innerJoin(staffRoles, eq(staffRoles.staffId, staffUsers.id))
    .where(and(eq(staffUsers.active, true), eq(staffRoles.agencyCode, agencyCode), inArray(staffRoles.role, ["liaison", "agency_supervisor"])))
    .orderBy(staffUsers.fullName);
}

/** The agency's staff with how many unfinished complaints each holds. */
async function colleaguesWithLoad(db: Db, agencyCode: string): Promise<Colleague[]> {
  const people = await agencyStaff(db, agencyCode);
  if (people.length === 0) return [];
  const load = await db
    .select({ id: complaints.assignedTo, open: count() })
    .from(complaints)
    .where(and(inArray(complaints.assignedTo, people.map((p) => p.id)), inArray(complaints.status, ["routed", "in_progress", "awaiting_citizen"])))
    .groupBy(complaints.assignedTo);
  const open = new Map(load.map((r) => [r.id, r.open]));
  return people.map((p) => ({ id: p.id, fullName: p.fullName, open: open.get(p.id) ?? 0 }));
}

async function reviewerAfterReopen(db: Db, c: Row): Promise<Colleague | null> {
  return c.agencyCode ? secondReviewer(await colleaguesWithLoad(db, c.agencyCode), await closedBy(db, c.id), c.assignedTo) : null;
}

/** The officer whose close is being reopened; null when the system closed it. */
async function closedBy(db: Db, complaintId: string): Promise<string | null> {
  const [last] = await db
    .select({ kind: complaintEvents.actorKind, id: complaintEvents.actorId })
    .from(complaintEvents)
    .where(and(eq(complaintEvents.complaintId, complaintId), eq(complaintEvents.type, "closed")))
    .orderBy(desc(complaintEvents.id))
    .limit(1);
  return last?.kind === "staff" ? last.id : null;
}

async function plan(deps: LifecycleDeps, c: Row, cmd: Command, actor: Actor, now: Date): Promise<Plan | { fields: Record<string, string> }> {
  // Every deadline of a complaint is counted on the calendar of the agency holding it.
  const cal = calendarFor(deps, c.agencyCode);
  const due = (d: Date) => d.toISOString();
  switch (cmd.action) {
    case "accept": {
      const policy = await servicePolicy(deps.db, c);
      const sla = policy.sla;
      if (extensionNeedsReason(cmd.days, sla) && !cmd.reason) return { fields: { reason: "extension_reason_required" } };
      // Issue 17 §3: the window counts from receipt (the jurisdiction decision inside it)
      // or from acceptance, as the service says; the event records which and on whose calendar.
      const dueFrom = resolutionStart(policy.clockStart, c.createdAt, now);
      const dueAt = addWorkingDays(cal, dueFrom, cmd.days);
      return {
        patch: { acceptedAt: now, dueFrom, resolutionDays: cmd.days, extensionReason: cmd.days > sla ? cmd.reason! : null, dueAt, actionDueAt: dueAt, assignedTo: actor.kind === "staff" ? actor.staff.id : c.assignedTo },
        event: { type: "accepted", data: { days: cmd.days, slaDays: sla, reason: cmd.reason ?? null, dueAt: due(dueAt), clockStart: policy.clockStart, dueFrom: due(dueFrom), calendar: cal.key, decideDays: c.routedAt ? countWorkingDays(cal, c.routedAt, now) : null }, visibleToCitizen: true },
        notify: { template: "complaint_accepted", payload: { reference: c.reference, due: lastDay(cal, dueAt) } },
      };
    }
    case "reject": {
      const suggested = cmd.suggested ? await serviceExists(deps.db, cmd.suggested) : null;
      if (cmd.suggested && !suggested) return { fields: { suggested: "service_unknown" } };
      const count = c.rejectionCount + 1;
      const moves = count + c.transferCount;
      const rest = c.suggestions.filter((s) => !(suggested && s.agencyCode === suggested.agencyCode && s.serviceCode === suggested.serviceCode));
      return {
        patch: {
          agencyCode: null,
          serviceCode: null,
          assignedTo: null,
          jurisdictionDueAt: null,
          actionDueAt: null,
          rejectionCount: count,
          // The third move (rejections and transfers together) leaves it with the unit.
          flagged: c.flagged || heldByUnit(moves),
          suggestions: suggested ? [{ ...suggested, score: 1 }, ...rest] : rest,
        },
        // The citizen sees that it moves on; the reason stays between the agency and the unit.
        event: { type: "rejected", data: { agencyCode: c.agencyCode, serviceCode: c.serviceCode, reason: cmd.reason, suggested: suggested ?? null, count, moves, decideDays: c.routedAt ? countWorkingDays(cal, c.routedAt, now) : null }, visibleToCitizen: true },
      };
    }
    case "request_info": {
      const infoDueAt = infoDeadline(cal, now);
      return {
        patch: { pausedAt: now, infoDueAt, actionDueAt: infoDueAt },
        event: { type: "info_requested", data: { message: cmd.message, infoDueAt: due(infoDueAt) }, visibleToCitizen: true },
        notify: { template: "info_requested", payload: { reference: c.reference, due: lastDay(cal, infoDueAt) } },
      };
    }
    case "answer": {
      const r = c.dueAt && c.pausedAt ? resumeDue(cal, c.dueAt, c.pausedAt, now) : { due: c.dueAt, pausedDays: 0 };
      return {
        patch: { pausedAt: null, infoDueAt: null, pausedDays: c.pausedDays + r.pausedDays, dueAt: r.due, actionDueAt: r.due },
        event: { type: "answered", data: { text: cmd.text, pausedDays: r.pausedDays, pausedFrom: c.pausedAt?.toISOString() ?? null, dueAt: r.due?.toISOString() ?? null }, visibleToCitizen: true },
        ...(c.agencyCode ? { agency: { event: "agency_answered" as const, agencyCode: c.agencyCode } } : {}),
      };
    }
    case "answer_inquiry":
    case "acknowledge":
    case "close":
    case "auto_close": {
      const outcome = cmd.action === "close" ? cmd.outcome : cmd.action === "answer_inquiry" ? "answered" : cmd.action === "acknowledge" ? "acknowledged" : "no_response";
      const resolution = cmd.action === "close" ? cmd.resolution : cmd.action === "answer_inquiry" ? cmd.answer : cmd.action === "acknowledge" ? (cmd.note ?? null) : null;
      // The service's own window when it has one (seed 001 uses 48 h and 3 working days).
      const window = (await servicePolicy(deps.db, c)).reopenWindow ?? deps.reopenWindow;
      // Praise is not reopened: there was nothing to resolve.
      const reopenUntil = outcome === "withdrawn" || outcome === "acknowledged" ? null : reopenDeadline(cal, now, window);
      return {
        patch: {
          outcome,
          resolution,
          closedAt: now,
          reopenUntil,
          actionDueAt: null,
          pausedAt: null,
          infoDueAt: null,
          closeWorkingDays: countWorkingDays(cal, c.createdAt, now),
          closedOnTime: c.dueAt ? now <= c.dueAt : null,
        },
        // The reports' facts travel with the event: days to close and whether in time.
        event: { type: "closed", data: { outcome, resolution, reopenUntil: reopenUntil?.toISOString() ?? null, closeDays: countWorkingDays(cal, c.createdAt, now), onTime: c.dueAt ? now <= c.dueAt : null }, visibleToCitizen: true },
        // Seed 001: the message carries the result; the summary goes in when it fits.
        notify: {
          template: "complaint_closed",
          payload: { reference: c.reference, outcome, summary: resolution, link: deps.publicUrl ? `${deps.publicUrl}/complaints/${c.reference}` : null, reopenUntil: reopenUntil ? lastDay(cal, reopenUntil) : null },
        },
      };
    }
    case "reopen": {
      const days = c.resolutionDays ?? (await slaDays(deps.db, c));
      const dueAt = addWorkingDays(cal, now, days);
      const reviewer = await reviewerAfterReopen(deps.db, c);
      return {
        patch: { outcome: null, closedAt: null, reopenUntil: null, reopenCount: c.reopenCount + 1, dueFrom: now, resolutionDays: days, pausedDays: 0, dueAt, actionDueAt: dueAt, assignedTo: reviewer?.id ?? c.assignedTo },
        // A reopen after "resolved" counts against first-time resolution in reports.
        // The reviewer's name is for the agency's timeline; the citizen's shows the reason only.
        event: { type: "reopened", data: { reason: cmd.reason, afterOutcome: c.outcome, dueAt: due(dueAt), assignedTo: reviewer?.id ?? null, assignedName: reviewer?.fullName ?? null }, visibleToCitizen: true },
        ...(c.agencyCode ? { agency: { event: "agency_reopened" as const, agencyCode: c.agencyCode, extra: { reason: cmd.reason } } } : {}),
      };
    }
    case "withdraw":
      return {
        patch: { outcome: "withdrawn", closedAt: now, actionDueAt: null, pausedAt: null, infoDueAt: null, reopenUntil: null },
        event: { type: "withdrawn", data: { reason: cmd.reason ?? null }, visibleToCitizen: true },
      };
    case "note":
      return { patch: {}, event: { type: "note", data: { text: cmd.text }, visibleToCitizen: false } };
    case "push_back": {
      const dueAt = addWorkingDays(cal, now, cmd.days);
      // The unit reopening a closed complaint is a reopen too: someone else looks again.
      const reviewer = c.status === "closed" ? await reviewerAfterReopen(deps.db, c) : null;
      return {
        patch: {
          acceptedAt: now,
          dueFrom: now,
          pausedDays: 0,
          dueAt,
          actionDueAt: dueAt,
          resolutionDays: cmd.days,
          outcome: null,
          closedAt: null,
          reopenUntil: null,
          reopenCount: c.status === "closed" ? c.reopenCount + 1 : c.reopenCount,
          assignedTo: reviewer?.id ?? c.assignedTo,
        },
        event: { type: "pushed_back", data: { note: cmd.note, days: cmd.days, dueAt: due(dueAt), afterOutcome: c.outcome, assignedTo: reviewer?.id ?? null, assignedName: reviewer?.fullName ?? null }, visibleToCitizen: true },
        // The national unit's follow-up: the agency hears of it at once, not at the next escalation.
        ...(c.agencyCode ? { agency: { event: "agency_followup" as const, agencyCode: c.agencyCode, extra: { note: cmd.note, due: lastDay(cal, dueAt) } } } : {}),
      };
    }
    case "reassign": {
      const people = c.agencyCode ? await agencyStaff(deps.db, c.agencyCode) : [];
      const to = people.find((p) => p.id === cmd.to);
      if (!to) return { fields: { to: "staff_unknown" } };
      return { patch: { assignedTo: to.id }, event: { type: "reassigned", data: { from: c.assignedTo, to: to.id, toName: to.fullName }, visibleToCitizen: false } };
    }
    case "transfer": {
      const to = await transferTarget(deps.db, cmd.to);
      if (!to) return { fields: { to: "service_unknown" } };
      if (to.agencyCode === c.agencyCode) return { fields: { to: "transfer_same_agency" } };
      if (!to.kinds.includes(c.kind)) return { fields: { to: "service_refuses_kind" } };
      const moves = c.rejectionCount + c.transferCount + 1;
      const jurisdictionDueAt = hasDeadlines(c.kind) ? addWorkingDays(cal, now, to.jurisdictionDays) : null;
      const overridden = cmd.override && heldByUnit(moves - 1);
      return {
        // A fresh start at the new agency: it decides on jurisdiction, then sets its own period.
        patch: {
          agencyCode: to.agencyCode,
          serviceCode: to.serviceCode,
          assignedTo: null,
          acceptedAt: null,
          resolutionDays: null,
          extensionReason: null,
          dueAt: null,
          pausedAt: null,
          infoDueAt: null,
          jurisdictionDueAt,
          actionDueAt: jurisdictionDueAt,
          routedAt: now,
          transferCount: c.transferCount + 1,
          flagged: c.flagged || heldByUnit(moves),
          complexity: to.complexity,
          importance: to.importance,
          actionType: to.actionType,
        },
        event: {
          type: "transferred",
          data: {
            fromAgency: c.agencyCode,
            fromService: c.serviceCode,
            agencyCode: to.agencyCode,
            serviceCode: to.serviceCode,
            reason: cmd.reason,
            moves,
            // The recorded override: who moved it past the cap, and why (the reason above).
            override: overridden && actor.kind === "staff" ? { by: actor.staff.id, name: actor.staff.fullName } : null,
          },
          visibleToCitizen: true,
        },
        agency: { event: "agency_transferred_in", agencyCode: to.agencyCode, extra: { reason: cmd.reason, fromAgency: c.agencyCode } },
      };
    }
    case "reclassify": {
      const before = { complexity: c.complexity, importance: c.importance, actionType: c.actionType };
      const after = { complexity: cmd.complexity, importance: cmd.importance, actionType: cmd.actionType };
      if (before.complexity === after.complexity && before.importance === after.importance && before.actionType === after.actionType) return { fields: { complexity: "classification_unchanged" } };
      return { patch: after, event: { type: "reclassified", data: { before, after, reason: cmd.reason ?? null }, visibleToCitizen: false } };
    }
  }
}

/** The agency's name in both languages, for messages ({} when there is none yet). */
export async function agencyName(db: Db, code: string | null): Promise<{ agency?: { ar: string; en: string } }> {
  if (!code) return {};
  const [a] = await db.select({ ar: agencies.nameAr, en: agencies.nameEn }).from(agencies).where(eq(agencies.code, code));
  return a ? { agency: a } : {};
}

/** Where the citizen hears about it: their account's channel, or the contact staff recorded. */
export async function recipient(db: Db, c: Row): Promise<{ channel: "sms" | "email"; recipient: string; lang: "ar" | "en" } | null> {
  if (c.citizenId) {
    const [p] = await db.select({ mobile: citizens.mobile, email: citizens.email, lang: citizens.lang }).from(citizens).where(eq(citizens.id, c.citizenId));
    if (!p) return null;
    return citizenChannel(p, c.notifyBy);
  }
  return c.contact?.mobile ? { channel: "sms", recipient: c.contact.mobile, lang: "ar" } : null;
}

/**
 * Takes `cmd` on the complaint `reference` as `actor`. `version` is the version the
 * actor saw; null for the deadline jobs, which act on whatever is current. Notes
 * change nothing another person could overwrite, so they skip the version check.
 */
export async function act(deps: LifecycleDeps, actor: Actor, reference: string, version: number | null, cmd: Command, files: CheckedFile[] = []): Promise<TransitionResult> {
  const now = deps.clock.now();
  const [c] = await deps.db.select().from(complaints).where(eq(complaints.reference, reference));
  if (!c) return { ok: false, error: "not_found" };
  const d = decide(
    { status: c.status, agencyCode: c.agencyCode, citizenId: c.citizenId, outcome: c.outcome, reopenUntil: c.reopenUntil, infoDueAt: c.infoDueAt, moves: c.rejectionCount + c.transferCount, kind: c.kind },
    cmd.action,
    actor,
    now,
  );
  if (!d.ok) return d;
  if (cmd.action === "transfer") {
    const m = moveCheck(c.rejectionCount + c.transferCount, actor, cmd.override);
    if (!m.ok) return m;
  }
  const checkVersion = cmd.action !== "note";
  if (checkVersion && version !== null && version !== c.version) return { ok: false, error: "conflict" };
  const p = await plan(deps, c, cmd, actor, now);
  if ("fields" in p) return { ok: false, error: "invalid", fields: p.fields };
  const notifyTo = p.notify ? await recipient(deps.db, c) : null;
  // The SLA job's next look at this complaint, from its new state (server/sla/rules.ts).
  const after = { ...c, ...p.patch, status: d.to } as Row;
  const slaNextAt = nextCheck(slaSchedule(slaStateOf(after, await escalationHoursOf(deps.db, after)), calendarFor(deps, after.agencyCode)), await firedKeys(deps.db, c.id));
  const newCycle = cmd.action === "accept" || cmd.action === "reopen" || cmd.action === "reject" || cmd.action === "push_back" || cmd.action === "transfer";

  return deps.db.transaction(async (tx) => {
    const changes = checkVersion || d.to !== c.status;
    if (changes) {
      const [u] = await tx
        .update(complaints)
        .set({ ...p.patch, status: d.to, slaNextAt, ...(newCycle ? { escalationLevel: 0 } : {}), version: sql`${complaints.version} + 1`, updatedAt: now })
        // Against the version read above, so a change in between (even by a job) conflicts.
        .where(and(eq(complaints.id, c.id), eq(complaints.version, c.version)))
        .returning({ version: complaints.version });
      if (!u) return { ok: false as const, error: "conflict" as const };
    }
    const [ev] = await tx
      .insert(complaintEvents)
      .values({ complaintId: c.id, ...actorColumns(actor), type: p.event.type, fromStatus: c.status, toStatus: d.to, data: p.event.data, visibleToCitizen: p.event.visibleToCitizen, at: now })
      .returning({ id: complaintEvents.id });
    for (const f of files) {
      await tx.insert(complaintAttachments).values({ complaintId: c.id, eventId: ev!.id, filename: f.filename, contentType: f.contentType, size: f.bytes.length, data: Buffer.from(f.bytes) });
    }
    if (p.notify && notifyTo) {
      await tx.insert(outbox).values({
        ...notifyTo,
        template: p.notify.template,
        payload: { ...p.notify.payload, agencyCode: c.agencyCode, ...(await agencyName(tx as unknown as Db, c.agencyCode)) },
        // One message per change: a retried transaction cannot send twice.
        idempotencyKey: `${p.notify.template}:${c.id}:${c.version + 1}`,
        nextAttemptAt: now,
        createdAt: now,
      });
    }
    if (p.agency) {
      await notifyAgency(tx as unknown as Db, { event: p.agency.event, complaintId: c.id, reference: c.reference, kind: c.kind, agencyCode: p.agency.agencyCode, key: ev!.id, extra: p.agency.extra }, now);
    }
    return { ok: true as const, reference: c.reference, status: d.to, version: changes ? c.version + 1 : c.version };
  });
}

