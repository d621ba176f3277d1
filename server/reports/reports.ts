// Digital reports: the citizen files one (an escalation of a complaint, or a suggestion
// to improve or digitise a service); the national unit's reviewer asks the agency,
// pushes the complaint back, answers and closes; the agency answers the unit's
// questions from its liaison portal. Each step writes the report's timeline and, where
// the citizen should know, a message, in one transaction.

import { z } from "zod";
import type { Calendar } from "../calendar/index.ts";
import { addWorkingDays } from "../calendar/index.ts";
import type { Clock } from "../clock.ts";
import type { Db } from "../db.ts";
import { hasRole, type StaffActor } from "../auth/roles.ts";
import { fieldErrors } from "../fields.ts";
import { withNewReference } from "../complaints/write.ts";
import { citizenChannel } from "../notify/recipient.ts";
import { enqueue, outboxKey } from "../notify/outbox.ts";
import { lastDay } from "../calendar/working-days.ts";
import type { ReopenWindow } from "../calendar/window.ts";
import { act } from "../complaints/transition.ts";
import { escalationEligibility, REPORT_DAYS, REPORT_OUTCOMES, REPORT_TYPES, type Eligibility } from "./eligibility.ts";
import * as store from "./store.ts";
import type { ComplaintRow, ReportPatch, ReportRow } from "./store.ts";

export type { ReportView } from "./store.ts";

export interface ReportDeps {
  db: Db;
  clock: Clock;
  calendar: Calendar;
  reopenWindow: ReopenWindow;
}

export { FOLLOWUP_DAYS } from "../policy.ts";
import { FOLLOWUP_DAYS } from "../policy.ts";

const text = (min: number, max: number) => z.string({ error: "required" }).trim().min(min, "too_short").max(max, "too_long");

export const reportSchema = z.object({
  type: z.enum(REPORT_TYPES, { error: "report_type_invalid" }),
  complaint: z
    .string()
    .trim()
    .max(32)
    .optional()
    .transform((s) => s?.toUpperCase() || undefined),
  service: z
    .string()
    .trim()
    .max(100)
    .optional()
    .transform((s) => s || undefined),
  text: text(10, 5000),
  clientKey: z.string().trim().min(8, "invalid").max(64, "invalid"),
});

/** What the citizen would need to know about escalating one of their complaints now. */
export async function complaintEligibility(
  deps: ReportDeps,
  citizenId: string,
  reference: string,
): Promise<(Eligibility & { complaintId?: string; agencyCode?: string | null; serviceCode?: string | null }) | null> {
  const c = await store.citizenComplaint(deps.db, citizenId, reference);
  return c ? eligibilityOf(deps, c) : null;
}

/**
 * The same answer for a complaint known by id, for the rating link's page (which has
 * no signed-in citizen): every page that speaks of escalating says what this says.
 */
export async function complaintEligibilityById(deps: ReportDeps, complaintId: string): Promise<Eligibility | null> {
  const c = await store.complaintRow(deps.db, complaintId);
  return c ? eligibilityOf(deps, c) : null;
}

async function eligibilityOf(deps: ReportDeps, c: ComplaintRow) {
  const f = await store.escalationFacts(deps.db, c.id);
  const e = escalationEligibility(
    {
      status: c.status,
      outcome: c.outcome,
      actionDueAt: c.actionDueAt,
      lastVisibleAt: f.lastVisibleAt ?? c.createdAt,
      rating: f.rating,
      openReport: f.openReport,
    },
    deps.calendar,
    deps.clock.now(),
  );
  return { ...e, complaintId: c.id, agencyCode: c.agencyCode, serviceCode: c.serviceCode };
}

export type FileReportResult =
  | { ok: true; reference: string; dueAt: Date }
  | { ok: false; error: "invalid"; fields: Record<string, string> }
  | { ok: false; error: "ineligible"; reason: string; eligibleFrom?: Date };

export async function fileReport(deps: ReportDeps, citizenId: string, raw: unknown): Promise<FileReportResult> {
  const parsed = reportSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid", fields: fieldErrors(parsed.error) };
  const v = parsed.data;
  const { db } = deps;
  const now = deps.clock.now();
  const existing = await store.reportByClientKey(db, citizenId, v.clientKey);
  if (existing) return { ok: true, reference: existing.reference, dueAt: existing.dueAt };

  let complaintId: string | null = null;
  let agencyCode: string;
  let serviceCode: string | null = null;
  let ground: string | null = null;
  if (v.type === "escalation") {
    if (!v.complaint) return { ok: false, error: "invalid", fields: { complaint: "required" } };
    const e = await complaintEligibility(deps, citizenId, v.complaint);
    if (!e) return { ok: false, error: "invalid", fields: { complaint: "not_found" } };
    if (!e.ok) return { ok: false, error: "ineligible", reason: e.reason, ...(e.eligibleFrom ? { eligibleFrom: e.eligibleFrom } : {}) };
    complaintId = e.complaintId!;
    agencyCode = e.agencyCode!;
    serviceCode = e.serviceCode ?? null;
    ground = e.ground;
  } else {
    const [a, s] = (v.service ?? "").split("/");
    const svc = a && s ? await store.activeService(db, a, s) : null;
    if (!svc) return { ok: false, error: "invalid", fields: { service: v.service ? "service_unknown" : "required" } };
    agencyCode = svc.agencyCode;
    serviceCode = svc.code;
  }
  const person = await store.citizenContact(db, citizenId);
  if (!person) return { ok: false, error: "invalid", fields: { _form: "invalid" } };
  const dueAt = addWorkingDays(deps.calendar, now, REPORT_DAYS);
  return withNewReference("DR", now, (reference) =>
    db.transaction(async (txRaw) => {
      const tx = txRaw as unknown as Db;
      const r = await store.insertReport(tx, {
        reference,
        type: v.type,
        status: "open",
        citizenId,
        complaintId,
        ground,
        agencyCode,
        serviceCode,
        text: v.text,
        dueAt,
        clientKey: v.clientKey,
        createdAt: now,
        updatedAt: now,
      });
      if (!r) {
        const same = (await store.reportByClientKey(tx, citizenId, v.clientKey))!;
        return { ok: true as const, reference: same.reference, dueAt: same.dueAt };
      }
      await store.addReportEvent(tx, {
        reportId: r.id,
        actorKind: "citizen",
        actorId: citizenId,
        type: "filed",
        data: { type: v.type, ground },
        at: now,
      });
      // A report is filed once (its form key): the message is that filing's.
      const message = {
        ...citizenChannel(person, person.notifyBy),
        template: "report_received",
        payload: { reference, due: lastDay(deps.calendar, dueAt) },
      };
      await enqueue(tx, [{ ...message, key: outboxKey("report_received", r.id, "filed") }], now);
      return { ok: true as const, reference, dueAt };
    }),
  );
}

// --- reading -------------------------------------------------------------------------

export const citizenReports = store.citizenReports;

/** A citizen's own report; null when it is not theirs. Internal steps stay hidden. */
export async function citizenReport(db: Db, citizenId: string, reference: string) {
  const r = await store.reportWithContext(db, { reference, citizenId });
  if (!r) return null;
  return { ...r, events: r.events.filter((e) => e.visibleToCitizen), followups: [] };
}

export async function reviewerReport(db: Db, actor: StaffActor, reference: string) {
  if (!hasRole(actor, "reviewer")) return null;
  return store.reportWithContext(db, { reference });
}

/** The reviewer's queue: open reports, soonest due first (overdue on top). */
export async function reviewQueue(db: Db, actor: StaffActor, limit = 100) {
  if (!hasRole(actor, "reviewer")) return [];
  return store.openReports(db, limit);
}

/** Questions from the unit waiting for this agency's answer. */
export async function agencyFollowups(db: Db, agencyCodes: string[]) {
  if (!agencyCodes.length) return [];
  return store.unansweredFollowups(db, agencyCodes);
}

// --- acting ------------------------------------------------------------------------

/**
 * The reviewer's technical-fault judgement (seed 004's share) sent with an answer or a
 * close: a form that shows the checkbox also sends `technical_fault_asked`, so an
 * unticked box records "not a fault" while a caller that never asked leaves the flag be.
 */
const faultFields = { technical_fault: z.string().optional(), technical_fault_asked: z.string().optional() };
const faultOf = (cmd: Record<string, unknown>): boolean | undefined =>
  cmd.technical_fault_asked ? ["on", "1", "true"].includes(String(cmd.technical_fault ?? "")) : undefined;

export const reviewerCommands = {
  ask_agency: z.object({ question: text(5, 2000) }),
  push_back: z.object({
    note: text(5, 2000),
    days: z.coerce.number({ error: "days_invalid" }).int("days_invalid").min(1, "days_invalid").max(60, "days_invalid"),
  }),
  answer: z.object({ answer: text(5, 5000), ...faultFields }),
  close: z.object({ outcome: z.enum(REPORT_OUTCOMES, { error: "outcome_invalid" }), answer: text(5, 5000), ...faultFields }),
};
export type ReviewerAction = keyof typeof reviewerCommands;

export type ReviewResult =
  | { ok: true; reference: string }
  | { ok: false; error: "not_found" | "conflict" | "not_now" | "no_complaint" }
  | { ok: false; error: "invalid"; fields: Record<string, string> };

async function tellCitizen(tx: Db, r: ReportRow, template: string, payload: Record<string, unknown>, key: string, now: Date) {
  const p = await store.citizenContact(tx, r.citizenId);
  if (!p) return;
  await enqueue(tx, [{ ...citizenChannel(p, p.notifyBy), template, payload: { reference: r.reference, ...payload }, key }], now);
}

export async function review(
  deps: ReportDeps,
  actor: StaffActor,
  reference: string,
  version: number,
  action: ReviewerAction,
  raw: unknown,
): Promise<ReviewResult> {
  if (!hasRole(actor, "reviewer")) return { ok: false, error: "not_found" };
  const parsed = reviewerCommands[action].safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, error: "invalid", fields: fieldErrors(parsed.error) };
  const cmd = parsed.data as Record<string, unknown>;
  const now = deps.clock.now();
  const r = await store.reportByReference(deps.db, reference);
  if (!r) return { ok: false, error: "not_found" };
  if (r.status === "closed") return { ok: false, error: "not_now" };
  if (r.version !== version) return { ok: false, error: "conflict" };

  return deps.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const bump = (patch: ReportPatch) => store.bumpReport(tx, r.id, r.version, patch, now);
    const event = (type: string, data: Record<string, unknown>, visibleToCitizen: boolean) =>
      store.addReportEvent(tx, { reportId: r.id, actorKind: "staff", actorId: actor.id, type, data, visibleToCitizen, at: now });
    switch (action) {
      case "ask_agency": {
        if (!(await bump({ status: "awaiting_agency" }))) return { ok: false as const, error: "conflict" as const };
        const dueAt = addWorkingDays(deps.calendar, now, FOLLOWUP_DAYS);
        await store.addFollowup(tx, {
          reportId: r.id,
          agencyCode: r.agencyCode,
          question: String(cmd.question),
          askedBy: actor.id,
          askedAt: now,
          dueAt,
        });
        await event("asked_agency", { question: cmd.question, dueAt: dueAt.toISOString() }, true);
        return { ok: true as const, reference };
      }
      case "push_back": {
        if (!r.complaintId) return { ok: false as const, error: "no_complaint" as const };
        const complaintRef = (await store.complaintReference(tx, r.complaintId))!;
        const pushed = await act({ ...deps, db: tx }, { kind: "staff", staff: actor }, complaintRef, null, {
          action: "push_back",
          note: String(cmd.note),
          days: Number(cmd.days),
        });
        if (!pushed.ok) return { ok: false as const, error: pushed.error === "conflict" ? ("conflict" as const) : ("not_now" as const) };
        if (!(await bump({}))) return { ok: false as const, error: "conflict" as const };
        await event("pushed_back", { note: cmd.note, days: cmd.days }, true);
        return { ok: true as const, reference };
      }
      case "answer": {
        const fault = faultOf(cmd);
        if (!(await bump({ answer: String(cmd.answer), answeredAt: now, ...(fault === undefined ? {} : { technicalFault: fault }) })))
          return { ok: false as const, error: "conflict" as const };
        if (fault !== undefined && fault !== r.technicalFault) await event("technical_fault", { value: fault }, false);
        await event("answered", { answer: cmd.answer }, true);
        // Each answer is a new version of the report: one message per answer.
        await tellCitizen(tx, r, "report_answered", {}, outboxKey("report_answered", r.id, r.version + 1), now);
        return { ok: true as const, reference };
      }
      case "close": {
        const fault = faultOf(cmd);
        const patch = {
          status: "closed" as const,
          outcome: String(cmd.outcome),
          answer: String(cmd.answer),
          answeredAt: now,
          closedAt: now,
        };
        if (!(await bump({ ...patch, ...(fault === undefined ? {} : { technicalFault: fault }) })))
          return { ok: false as const, error: "conflict" as const };
        if (fault !== undefined && fault !== r.technicalFault) await event("technical_fault", { value: fault }, false);
        await event("closed", { outcome: cmd.outcome, answer: cmd.answer }, true);
        // A report closes once (closed refuses every action), at the version this makes.
        await tellCitizen(tx, r, "report_closed", { outcome: cmd.outcome }, outboxKey("report_closed", r.id, r.version + 1), now);
        return { ok: true as const, reference };
      }
    }
  });
}

/**
 * The reviewer sets or corrects the technical-fault flag on its own, closed reports
 * included (the judgement may come after the answer). Internal: the citizen is not told.
 */
export async function flagTechnicalFault(
  deps: ReportDeps,
  actor: StaffActor,
  reference: string,
  version: number,
  raw: Record<string, unknown>,
): Promise<ReviewResult> {
  if (!hasRole(actor, "reviewer")) return { ok: false, error: "not_found" };
  const r = await store.reportByReference(deps.db, reference);
  if (!r) return { ok: false, error: "not_found" };
  if (r.version !== version) return { ok: false, error: "conflict" };
  const value = faultOf({ ...raw, technical_fault_asked: "1" })!;
  const now = deps.clock.now();
  return deps.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    if (!(await store.bumpReport(tx, r.id, r.version, { technicalFault: value }, now)))
      return { ok: false as const, error: "conflict" as const };
    await store.addReportEvent(tx, {
      reportId: r.id,
      actorKind: "staff",
      actorId: actor.id,
      type: "technical_fault",
      data: { value },
      visibleToCitizen: false,
      at: now,
    });
    return { ok: true as const, reference };
  });
}

/** The agency's liaison officer answers the unit's question from their portal. */
export async function answerFollowup(
  deps: ReportDeps,
  actor: StaffActor,
  followupId: string,
  raw: unknown,
): Promise<
  | { ok: true; reference: string }
  | { ok: false; error: "not_found" | "not_now" }
  | { ok: false; error: "invalid"; fields: Record<string, string> }
> {
  const parsed = z.object({ answer: text(5, 5000) }).safeParse(raw ?? {});
  const f = await store.followupById(deps.db, followupId);
  if (!f || !(hasRole(actor, "liaison", f.agencyCode) || hasRole(actor, "agency_supervisor", f.agencyCode)))
    return { ok: false, error: "not_found" };
  if (!parsed.success) return { ok: false, error: "invalid", fields: fieldErrors(parsed.error) };
  if (f.answeredAt) return { ok: false, error: "not_now" };
  const now = deps.clock.now();
  return deps.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    if (!(await store.answerFollowupRow(tx, f.id, parsed.data.answer, actor.id, now)))
      return { ok: false as const, error: "not_now" as const };
    const pending = await store.pendingFollowupCount(tx, f.reportId);
    const r = (await store.reportById(tx, f.reportId))!;
    if (!pending && r.status === "awaiting_agency") await store.reopenForReviewer(tx, f.reportId, now);
    // The citizen learns that the agency replied; the reply itself is for the reviewer to weigh.
    await store.addReportEvent(tx, {
      reportId: f.reportId,
      actorKind: "staff",
      actorId: actor.id,
      type: "agency_answered",
      data: { answer: parsed.data.answer, followupId: f.id },
      visibleToCitizen: false,
      at: now,
    });
    return { ok: true as const, reference: r.reference };
  });
}

export const ratingInput = z.object({
  resolved: z.enum(["yes", "partly", "no"], { error: "required" }),
  stars: z.coerce.number({ error: "required" }).int("required").min(1, "required").max(5, "required"),
});

/** The citizen rates the unit's answer once the report is closed. */
export async function rateReport(db: Db, citizenId: string, reference: string, raw: unknown, now: Date) {
  const parsed = ratingInput.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false as const, error: "invalid" as const, fields: fieldErrors(parsed.error) };
  return (await store.rateReportRow(db, citizenId, reference, parsed.data, now))
    ? { ok: true as const }
    : { ok: false as const, error: "not_now" as const };
}
