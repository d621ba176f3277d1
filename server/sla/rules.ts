// Every deadline a complaint is under, as a list of dated events: the pure heart of
// the SLA engine. The job (server/jobs/sla.ts) fires the events whose time has come,
// each exactly once (its key is unique per complaint); the forecast prints them.
//
// Seeds 000/001: the agency decides on jurisdiction in the service's days; the liaison
// officer is warned before the resolution due date; at the due date the complaint
// escalates to level 1, then to level 2 and level 3 after the service's delays in hours
// (24, 12, …); paused time (awaiting the citizen) does not count; a citizen who does not
// answer in 3 working days is reminded half-way and then the complaint closes.
//
// Issue 14 §4: those delays are working hours on the agency's calendar (Sunday–Thursday
// 07:30–14:30 by default), so no level fires over a weekend; the jurisdiction decision
// climbs levels 1–3 the same way; and after level 3 plus the service's third delay the
// complaint goes "beyond the agency" to the national unit's queue.

import type { Calendar } from "../calendar/index.ts";
import { addWorkingDays, addWorkingHours, isWorkingDay, lastDay, startOfLocalDay } from "../calendar/index.ts";
import { addDays } from "../calendar/zone.ts";
import { WARNING_DAYS } from "../policy.ts";

export const SLA_KINDS = [
  "jurisdiction_overdue",
  "resolution_warning",
  "escalation_1",
  "escalation_2",
  "escalation_3",
  "jurisdiction_2",
  "jurisdiction_3",
  "beyond_agency",
  "info_reminder",
  "info_expired",
  "satisfaction_invite",
  "reopen_expired",
] as const;
export type SlaKind = (typeof SLA_KINDS)[number];

export interface SlaComplaint {
  status: string;
  jurisdictionDueAt: Date | null;
  dueAt: Date | null;
  pausedAt: Date | null;
  infoDueAt: Date | null;
  closedAt: Date | null;
  outcome: string | null;
  reopenUntil: Date | null;
  reopenCount: number;
  /** When the current resolution window was set (acceptance or the unit's push-back). */
  acceptedAt: Date | null;
  /** The service's delays before levels 2 and 3 and then the unit, in working hours. */
  escalationHours: number[];
}

export interface SlaPolicy {
  /** Working days before the due day on whose start the liaison officer is warned. */
  warningDays: number;
}
export const DEFAULT_POLICY: SlaPolicy = { warningDays: WARNING_DAYS };

export interface SlaEvent {
  kind: SlaKind;
  at: Date;
  /** Unique per complaint: the same deadline never fires twice. */
  key: string;
}

/** The start of the working day `n` working days before the day `due` ends. */
export function warningTime(cal: Calendar, due: Date, n: number): Date {
  let d = lastDay(cal, due);
  for (let left = n; left > 0;) {
    d = addDays(d, -1);
    if (isWorkingDay(cal, d)) left--;
  }
  return startOfLocalDay(cal, d);
}

/** Every event of the complaint's current state, in time order, fired or not. */
export function slaSchedule(c: SlaComplaint, cal: Calendar, policy: SlaPolicy = DEFAULT_POLICY): SlaEvent[] {
  const out: SlaEvent[] = [];
  const iso = (d: Date) => d.toISOString();
  // One resolution cycle per acceptance, reopening or push-back: each is watched afresh.
  const cycle = `${c.reopenCount}@${c.acceptedAt ? iso(c.acceptedAt) : "-"}`;
  if (c.status === "routed" && c.jurisdictionDueAt) {
    const j = iso(c.jurisdictionDueAt);
    const { l2, l3, unit } = ladder(cal, c.jurisdictionDueAt, c.escalationHours);
    out.push({ kind: "jurisdiction_overdue", at: c.jurisdictionDueAt, key: `jurisdiction_overdue:${j}` });
    out.push({ kind: "jurisdiction_2", at: l2, key: `jurisdiction_2:${j}` });
    out.push({ kind: "jurisdiction_3", at: l3, key: `jurisdiction_3:${j}` });
    out.push({ kind: "beyond_agency", at: unit, key: `beyond_agency:jurisdiction:${j}` });
  }
  // While the complaint waits for the citizen the resolution clock is stopped: the due
  // date moves on when they answer, so nothing about it fires meanwhile.
  if (c.status === "in_progress" && c.dueAt) {
    const { l2, l3, unit } = ladder(cal, c.dueAt, c.escalationHours);
    out.push({ kind: "resolution_warning", at: warningTime(cal, c.dueAt, policy.warningDays), key: `resolution_warning:${cycle}` });
    out.push({ kind: "escalation_1", at: c.dueAt, key: `escalation_1:${cycle}` });
    out.push({ kind: "escalation_2", at: l2, key: `escalation_2:${cycle}` });
    out.push({ kind: "escalation_3", at: l3, key: `escalation_3:${cycle}` });
    out.push({ kind: "beyond_agency", at: unit, key: `beyond_agency:resolution:${cycle}` });
  }
  if (c.status === "awaiting_citizen" && c.pausedAt && c.infoDueAt) {
    const half = new Date(c.pausedAt.getTime() + (c.infoDueAt.getTime() - c.pausedAt.getTime()) / 2);
    out.push({ kind: "info_reminder", at: half, key: `info_reminder:${iso(c.pausedAt)}` });
    out.push({ kind: "info_expired", at: c.infoDueAt, key: `info_expired:${iso(c.pausedAt)}` });
  }
  if (c.status === "closed" && c.closedAt && c.outcome !== "withdrawn") {
    out.push({ kind: "satisfaction_invite", at: c.closedAt, key: `satisfaction_invite:${iso(c.closedAt)}` });
    if (c.reopenUntil) out.push({ kind: "reopen_expired", at: c.reopenUntil, key: `reopen_expired:${iso(c.closedAt)}` });
  }
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** Events due by `now` that have not fired yet. */
export function dueEvents(schedule: SlaEvent[], done: ReadonlySet<string>, now: Date): SlaEvent[] {
  return schedule.filter((e) => e.at <= now && !done.has(e.key));
}

/** When the job next needs to look at the complaint; null when nothing is left. */
export function nextCheck(schedule: SlaEvent[], done: ReadonlySet<string>): Date | null {
  return schedule.find((e) => !done.has(e.key))?.at ?? null;
}

export interface SlaDecision {
  /** Due by now and not fired yet, in time order. */
  due: SlaEvent[];
  /** When to look again, once these have fired; null when nothing is left. */
  next: Date | null;
  /**
   * One of them changes the complaint's state (no answer closes it, which schedules a
   * satisfaction invitation): the job then lets the lifecycle act and decides again.
   */
  changesState: boolean;
}

/** What the SLA job does for one complaint at `now`, from its loaded facts alone. */
export function slaDecision(
  c: SlaComplaint,
  done: ReadonlySet<string>,
  now: Date,
  cal: Calendar,
  policy: SlaPolicy = DEFAULT_POLICY,
): SlaDecision {
  const schedule = slaSchedule(c, cal, policy);
  const due = dueEvents(schedule, done, now);
  const after = new Set([...done, ...due.map((e) => e.key)]);
  return { due, next: nextCheck(schedule, after), changesState: due.some((e) => e.kind === "info_expired") };
}

/**
 * The escalation ladder from a missed deadline (level 1): levels 2 and 3 and the national
 * unit's takeover, each the service's delay in working hours after the one before. The
 * schedule fires them; the citizen's delay notice names the last.
 */
export function ladder(cal: Calendar, levelOneAt: Date, escalationHours: readonly number[]): { l2: Date; l3: Date; unit: Date } {
  const [h2 = 24, h3 = 12, h4 = 12] = escalationHours;
  const l2 = addWorkingHours(cal, levelOneAt, h2);
  const l3 = addWorkingHours(cal, l2, h3);
  return { l2, l3, unit: addWorkingHours(cal, l3, h4) };
}

/** The escalation level an event puts a complaint at (jurisdiction overdue is level 1). */
export function levelOf(kind: SlaKind): number {
  switch (kind) {
    case "escalation_1":
    case "jurisdiction_overdue":
      return 1;
    case "escalation_2":
    case "jurisdiction_2":
      return 2;
    case "escalation_3":
    case "jurisdiction_3":
    case "beyond_agency":
      return 3;
    default:
      return 0;
  }
}

/** Which ladder put a complaint beyond the agency: the citizen is told which. */
export function beyondReason(key: string): "jurisdiction" | "resolution" {
  return key.startsWith("beyond_agency:jurisdiction") ? "jurisdiction" : "resolution";
}

// --- when the resolution clock starts, and re-planning after a calendar change -------

export type ClockStart = "receipt" | "acceptance";

/**
 * Where an accepted complaint's resolution window counts from (issue 17 §3). On receipt
 * (the seeds' reading, and the default) the days the agency took to decide on
 * jurisdiction are inside the window; on acceptance they are not.
 */
export function resolutionStart(policy: ClockStart, receivedAt: Date, acceptedAt: Date): Date {
  return policy === "receipt" ? receivedAt : acceptedAt;
}

/** The facts a complaint's open deadlines were computed from. */
export interface PlannedDeadlines {
  status: string;
  routedAt: Date | null;
  jurisdictionDays: number | null;
  jurisdictionDueAt: Date | null;
  /** Start of the current resolution window (receipt, acceptance, reopening, push-back). */
  dueFrom: Date | null;
  resolutionDays: number | null;
  pausedDays: number;
  dueAt: Date | null;
  pausedAt: Date | null;
  infoDueAt: Date | null;
}

export interface Replanned {
  jurisdictionDueAt: Date | null;
  dueAt: Date | null;
  infoDueAt: Date | null;
}

/**
 * The deadlines of an open complaint worked out again on a (changed) calendar, from the
 * same starting points and day counts. A window of n days resumed after p paused days
 * ends where n + p days from the start do (addWorkingDays composes), so one count
 * re-plans a paused-and-resumed window too. Returns null when nothing moves.
 */
export function replanDeadlines(c: PlannedDeadlines, cal: Calendar, infoDays: number): Replanned | null {
  const next: Replanned = { jurisdictionDueAt: c.jurisdictionDueAt, dueAt: c.dueAt, infoDueAt: c.infoDueAt };
  if (c.status === "routed" && c.routedAt && c.jurisdictionDays !== null && c.jurisdictionDueAt) {
    next.jurisdictionDueAt = addWorkingDays(cal, c.routedAt, c.jurisdictionDays);
  }
  if ((c.status === "in_progress" || c.status === "awaiting_citizen") && c.dueFrom && c.resolutionDays !== null && c.dueAt) {
    next.dueAt = addWorkingDays(cal, c.dueFrom, c.resolutionDays + c.pausedDays);
  }
  if (c.status === "awaiting_citizen" && c.pausedAt && c.infoDueAt) {
    next.infoDueAt = addWorkingDays(cal, c.pausedAt, infoDays);
  }
  const same = (a: Date | null, b: Date | null) => (a?.getTime() ?? null) === (b?.getTime() ?? null);
  return same(next.jurisdictionDueAt, c.jurisdictionDueAt) && same(next.dueAt, c.dueAt) && same(next.infoDueAt, c.infoDueAt) ? null : next;
}

// --- digital reports: the unit's own 5-working-day deadline --------------------------

/**
 * A deadline set as `days` working days from `start`, worked out again on `cal` after a
 * calendar change: the new instant, or null when it did not move (digital reports and
 * the unit's questions to agencies count on the national unit's calendar).
 */
export function replanFromStart(cal: Calendar, start: Date, days: number, current: Date): Date | null {
  const next = addWorkingDays(cal, start, days);
  return next.getTime() === current.getTime() ? null : next;
}

export type ReportSlaKind = "report_warning" | "report_overdue" | "followup_overdue";

export interface ReportSla {
  status: string;
  dueAt: Date;
  followups: { id: string; dueAt: Date; answered: boolean }[];
}

/** The reviewer is warned the working day before; past due it goes to the unit's head. */
export function reportSchedule(
  r: ReportSla,
  cal: Calendar,
  policy: SlaPolicy = DEFAULT_POLICY,
): { kind: ReportSlaKind; at: Date; key: string }[] {
  if (r.status === "closed") return [];
  const out: { kind: ReportSlaKind; at: Date; key: string }[] = [
    { kind: "report_warning", at: warningTime(cal, r.dueAt, policy.warningDays), key: "report_warning" },
    { kind: "report_overdue", at: r.dueAt, key: "report_overdue" },
  ];
  for (const f of r.followups) if (!f.answered) out.push({ kind: "followup_overdue", at: f.dueAt, key: `followup_overdue:${f.id}` });
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}
