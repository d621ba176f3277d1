// The complaint lifecycle as a pure state machine: who may do what, from which state,
// and what the complaint looks like afterwards. No SQL and no HTTP here, so every
// allowed and forbidden transition is tested directly (test/unit/complaints).

import type { Calendar } from "../calendar/index.ts";
import { addWorkingDays, countWorkingDays } from "../calendar/index.ts";
import { hasRole, type StaffActor } from "../auth/roles.ts";

export const STATUSES = ["triage", "routed", "in_progress", "awaiting_citizen", "closed", "withdrawn"] as const;
export type Status = (typeof STATUSES)[number];

export const OUTCOMES = [
  "resolved",
  "partially_resolved",
  "not_resolvable",
  "duplicate",
  "no_response",
  "withdrawn",
  "answered",
  "acknowledged",
] as const;
export type Outcome = (typeof OUTCOMES)[number];
/**
 * Outcomes an officer may choose on the close form; `no_response` is only ever set by the
 * deadline rule, `answered` and `acknowledged` by the one-step answer and acknowledgement.
 */
export const STAFF_OUTCOMES = OUTCOMES.filter((o) => o !== "no_response" && o !== "answered" && o !== "acknowledged");

/**
 * Kinds handled as what they are (issue 14, seed 002 §5.1): praise is acknowledged and
 * passed on, with no jurisdiction decision, deadline or escalation; an inquiry may be
 * answered and closed in one step. Everything else runs the full lifecycle.
 */
/** How the national unit answered the media outlet a complaint came from (seed 002 §5.2). */
export const OUTLET_REPLY_MEANS = ["letter", "email", "press_statement", "phone", "meeting"] as const;
export type OutletReplyMeans = (typeof OUTLET_REPLY_MEANS)[number];

export const hasDeadlines = (kind: string): boolean => kind !== "praise";

export const ACTIONS = [
  "route",
  "accept",
  "reject",
  "request_info",
  "answer",
  "close",
  "auto_close",
  "reopen",
  "withdraw",
  "note",
  "reassign",
  "push_back",
  "transfer",
  "reclassify",
  "acknowledge",
  "answer_inquiry",
  "answer_outlet",
] as const;
export type Action = (typeof ACTIONS)[number];

export { INFO_DAYS, MOVES_BEFORE_HOLD, REJECTIONS_BEFORE_FLAG } from "../policy.ts";
import { INFO_DAYS, MOVES_BEFORE_HOLD } from "../policy.ts";

export type MoveCheck = { ok: true; overridden: boolean } | { ok: false; error: "move_cap" | "override_forbidden" };

/**
 * May the complaint move again (an agency rejecting it, the unit transferring it)?
 * `moves` is rejections + transfers so far. Under the cap anyone allowed the action may;
 * at the cap only a national-unit reviewer, and only by asking for the override (which
 * the caller records with its reason on the event).
 */
export function moveCheck(moves: number, actor: Actor, override: boolean): MoveCheck {
  if (moves < MOVES_BEFORE_HOLD) return { ok: true, overridden: false };
  if (!override) return { ok: false, error: "move_cap" };
  return actor.kind === "staff" && hasRole(actor.staff, "reviewer")
    ? { ok: true, overridden: true }
    : { ok: false, error: "override_forbidden" };
}

/** Held at the unit: the move that reached the cap sends it to triage, whatever it was. */
export const heldByUnit = (moves: number): boolean => moves >= MOVES_BEFORE_HOLD;

export type Actor = { kind: "citizen"; id: string } | { kind: "staff"; staff: StaffActor } | { kind: "system" };

/** What the rules need to know about a complaint. */
export interface LifecycleState {
  status: Status;
  agencyCode: string | null;
  citizenId: string | null;
  outcome: string | null;
  reopenUntil: Date | null;
  infoDueAt: Date | null;
  /** Rejections + transfers so far (absent = none): the agency may not reject past the cap. */
  moves?: number;
  /** The kind of submission (absent = a complaint): praise and inquiries have their own steps. */
  kind?: string;
  /** The channel it came in by (absent = not the media): only a media item has an outlet to answer. */
  channel?: string;
  /** The outlet has been answered since the complaint last closed (absent = not yet). */
  outletAnswered?: boolean;
}

export type Refusal =
  | "forbidden"
  | "not_now"
  | "reopen_closed"
  | "info_not_due"
  | "move_cap"
  | "override_forbidden"
  | "not_for_kind"
  | "not_media"
  | "outlet_answered";

/** The one status each action moves a complaint to; `null` keeps the status. */
const MOVES: Record<Action, { from: readonly Status[]; to: Status | null }> = {
  route: { from: ["triage"], to: "routed" },
  accept: { from: ["routed"], to: "in_progress" },
  reject: { from: ["routed"], to: "triage" },
  request_info: { from: ["in_progress"], to: "awaiting_citizen" },
  answer: { from: ["awaiting_citizen"], to: "in_progress" },
  close: { from: ["in_progress", "awaiting_citizen"], to: "closed" },
  auto_close: { from: ["awaiting_citizen"], to: "closed" },
  reopen: { from: ["closed"], to: "in_progress" },
  withdraw: { from: ["triage", "routed", "in_progress", "awaiting_citizen"], to: "withdrawn" },
  note: { from: STATUSES, to: null },
  reassign: { from: ["routed", "in_progress", "awaiting_citizen"], to: null },
  // The national unit, answering a digital report, sends it back with a new window.
  push_back: { from: ["in_progress", "closed"], to: "in_progress" },
  // The unit moves a complaint between agencies in any state before closure (issue 14).
  transfer: { from: ["routed", "in_progress", "awaiting_citizen"], to: "routed" },
  // The agency corrects complexity, importance or the action type (seed 002 §5.1.9).
  reclassify: { from: ["routed", "in_progress", "awaiting_citizen"], to: null },
  // Praise: the agency acknowledges it; nothing to decide, no deadline, nothing to reopen.
  acknowledge: { from: ["routed", "in_progress"], to: "closed" },
  // An inquiry: the agency answers and closes in one step.
  answer_inquiry: { from: ["routed", "in_progress", "awaiting_citizen"], to: "closed" },
  // Seed 002 §5.2: once the complaint is resolved (closed) or the proposals are made (a
  // close with another outcome, its resolution text the proposals), the outlet that
  // published it is told the solution or the actions taken. Internal: it changes no state.
  answer_outlet: { from: ["closed"], to: null },
};

/** Which actions belong to one kind only, and which kinds skip the usual steps. */
const KIND_ONLY: Partial<Record<Action, string>> = { acknowledge: "praise", answer_inquiry: "inquiry" };
const NOT_FOR_PRAISE: Action[] = ["accept", "reject", "request_info", "close"];

const isAgencyStaff = (actor: Actor, agencyCode: string | null): boolean =>
  actor.kind === "staff" &&
  agencyCode !== null &&
  (hasRole(actor.staff, "liaison", agencyCode) || hasRole(actor.staff, "agency_supervisor", agencyCode));

const isOwner = (actor: Actor, s: LifecycleState): boolean => actor.kind === "citizen" && s.citizenId !== null && actor.id === s.citizenId;

/** Who may take each action on this complaint, whatever its state. */
function permitted(action: Action, actor: Actor, s: LifecycleState): boolean {
  switch (action) {
    case "route":
      return actor.kind === "staff" && hasRole(actor.staff, "triage");
    case "accept":
    case "reject":
    case "request_info":
    case "close":
    case "reassign":
    case "reclassify":
    case "acknowledge":
    case "answer_inquiry":
      return isAgencyStaff(actor, s.agencyCode);
    case "transfer":
      return actor.kind === "staff" && (hasRole(actor.staff, "triage") || hasRole(actor.staff, "reviewer")) && s.agencyCode !== null;
    case "answer":
    case "reopen":
    case "withdraw":
      return isOwner(actor, s);
    case "auto_close":
      return actor.kind === "system";
    case "push_back":
      return actor.kind === "staff" && hasRole(actor.staff, "reviewer") && s.agencyCode !== null;
    case "answer_outlet":
      // The national unit, not the agency's liaison officer (seed 002 §5.2): the ministry
      // that watched the media and registered the item is the one that "informs the media
      // outlet that was the source of the complaint"; the agency resolves, the unit answers
      // the outlet. It also keeps one voice towards the press when several agencies were
      // involved (a transfer) and the outlet never dealt with the agency. The unit's case
      // workers: triage (who registered it) and reviewers.
      return actor.kind === "staff" && (hasRole(actor.staff, "triage") || hasRole(actor.staff, "reviewer"));
    case "note":
      // Internal notes: the agency and the national unit's case workers.
      return (
        isAgencyStaff(actor, s.agencyCode) ||
        (actor.kind === "staff" && (hasRole(actor.staff, "triage") || hasRole(actor.staff, "reviewer")))
      );
  }
}

export type Decision = { ok: true; to: Status } | { ok: false; error: Refusal };

/**
 * May this actor take this action now? A refusal on who you are comes before one on
 * the state, so someone outside the complaint learns nothing about where it stands.
 */
export function decide(s: LifecycleState, action: Action, actor: Actor, now: Date): Decision {
  if (!permitted(action, actor, s)) return { ok: false, error: "forbidden" };
  // Only a media item has an outlet to answer, whatever its state: said before "not now".
  if (action === "answer_outlet" && s.channel !== "media") return { ok: false, error: "not_media" };
  const move = MOVES[action];
  if (!move.from.includes(s.status)) return { ok: false, error: "not_now" };
  // Once per closure: the outlet hears the result it published about. A reopened and
  // closed-again complaint has a new result, so the outlet is answered again.
  if (action === "answer_outlet" && s.outletAnswered) return { ok: false, error: "outlet_answered" };
  if (action === "reopen") {
    if (s.outcome === "withdrawn" || !s.reopenUntil || now >= s.reopenUntil) return { ok: false, error: "reopen_closed" };
  }
  if (action === "auto_close" && (!s.infoDueAt || now < s.infoDueAt)) return { ok: false, error: "info_not_due" };
  const kind = s.kind ?? "complaint";
  if (KIND_ONLY[action] && KIND_ONLY[action] !== kind) return { ok: false, error: "not_for_kind" };
  if (kind === "praise" && NOT_FOR_PRAISE.includes(action)) return { ok: false, error: "not_for_kind" };
  // The unit decided where it belongs after the cap: the agency cannot bounce it again.
  if (action === "reject" && heldByUnit(s.moves ?? 0)) return { ok: false, error: "move_cap" };
  return { ok: true, to: move.to ?? s.status };
}

/** Every action the actor could take now: the portal shows exactly these buttons. */
export function available(s: LifecycleState, actor: Actor, now: Date): Action[] {
  return ACTIONS.filter((a) => decide(s, a, actor, now).ok);
}

// --- the deadlines each transition sets --------------------------------------------

// The reopen window and the last-day rule belong to the calendar (server/calendar),
// so config and the SLA rules read them without depending on the lifecycle.
export { parseReopenWindow, reopenDeadline, type ReopenWindow } from "../calendar/window.ts";
export { lastDay } from "../calendar/working-days.ts";
export { DEFAULT_REOPEN_WINDOW } from "../policy.ts";

export function infoDeadline(cal: Calendar, requestedAt: Date): Date {
  return addWorkingDays(cal, requestedAt, INFO_DAYS);
}

/**
 * The resolution clock stops while the agency waits for the citizen. The due date moves
 * by the working days that ended while paused, so a same-day answer costs nothing and
 * a pause across a weekend costs only the working days in it.
 */
export function resumeDue(cal: Calendar, due: Date, pausedAt: Date, resumedAt: Date): { due: Date; pausedDays: number } {
  const pausedDays = countWorkingDays(cal, pausedAt, resumedAt);
  if (pausedDays === 0) return { due, pausedDays };
  // `due` is the midnight that ends the last working day; count on from that day.
  return { due: addWorkingDays(cal, new Date(due.getTime() - 1), pausedDays), pausedDays };
}

/** A window longer than the service's SLA must be justified; reports count these. */
export function extensionNeedsReason(days: number, slaDays: number): boolean {
  return days > slaDays;
}
