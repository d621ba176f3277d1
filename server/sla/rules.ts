// Every deadline a complaint is under, as a list of dated events: the pure heart of
// the SLA engine. The job (server/jobs/sla.ts) fires the events whose time has come,
// each exactly once (its key is unique per complaint); the forecast prints them.
//
// Seeds 000/001: the agency decides on jurisdiction in the service's days; the liaison
// officer is warned before the resolution due date; at the due date the complaint
// escalates to level 1, then to level 2 and level 3 after the service's delays in hours
// (24, 12, …); paused time (awaiting the citizen) does not count; a citizen who does not
// answer in 3 working days is reminded half-way and then the complaint closes.

import type { Calendar } from "../calendar/index.ts";
import { addHours, isWorkingDay, startOfLocalDay } from "../calendar/index.ts";
import { addDays } from "../calendar/zone.ts";
import { lastDay } from "../complaints/lifecycle.ts";

export const SLA_KINDS = [
  "jurisdiction_overdue",
  "resolution_warning",
  "escalation_1",
  "escalation_2",
  "escalation_3",
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
  /** The service's delays before levels 2 and 3 (and a third for the unit's follow-up). */
  escalationHours: number[];
}

export interface SlaPolicy {
  /** Working days before the due day on whose start the liaison officer is warned. */
  warningDays: number;
}
export const DEFAULT_POLICY: SlaPolicy = { warningDays: 1 };

export interface SlaEvent {
  kind: SlaKind;
  at: Date;
  /** Unique per complaint: the same deadline never fires twice. */
  key: string;
}

/** The start of the working day `n` working days before the day `due` ends. */
export function warningTime(cal: Calendar, due: Date, n: number): Date {
  let d = lastDay(cal, due);
  for (let left = n; left > 0; ) {
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
    out.push({ kind: "jurisdiction_overdue", at: c.jurisdictionDueAt, key: `jurisdiction_overdue:${iso(c.jurisdictionDueAt)}` });
  }
  // While the complaint waits for the citizen the resolution clock is stopped: the due
  // date moves on when they answer, so nothing about it fires meanwhile.
  if (c.status === "in_progress" && c.dueAt) {
    const [h2 = 24, h3 = 12] = c.escalationHours;
    out.push({ kind: "resolution_warning", at: warningTime(cal, c.dueAt, policy.warningDays), key: `resolution_warning:${cycle}` });
    out.push({ kind: "escalation_1", at: c.dueAt, key: `escalation_1:${cycle}` });
    out.push({ kind: "escalation_2", at: addHours(c.dueAt, h2), key: `escalation_2:${cycle}` });
    out.push({ kind: "escalation_3", at: addHours(c.dueAt, h2 + h3), key: `escalation_3:${cycle}` });
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
export function slaDecision(c: SlaComplaint, done: ReadonlySet<string>, now: Date, cal: Calendar, policy: SlaPolicy = DEFAULT_POLICY): SlaDecision {
  const schedule = slaSchedule(c, cal, policy);
  const due = dueEvents(schedule, done, now);
  const after = new Set([...done, ...due.map((e) => e.key)]);
  return { due, next: nextCheck(schedule, after), changesState: due.some((e) => e.kind === "info_expired") };
}

/** The escalation level an event puts a complaint at (jurisdiction overdue is level 1). */
export function levelOf(kind: SlaKind): number {
  return kind === "escalation_3" ? 3 : kind === "escalation_2" ? 2 : kind === "escalation_1" || kind === "jurisdiction_overdue" ? 1 : 0;
}

// --- digital reports: the unit's own 5-working-day deadline --------------------------

export type ReportSlaKind = "report_warning" | "report_overdue" | "followup_overdue";

export interface ReportSla {
  status: string;
  dueAt: Date;
  followups: { id: string; dueAt: Date; answered: boolean }[];
}

/** The reviewer is warned the working day before; past due it goes to the unit's head. */
export function reportSchedule(r: ReportSla, cal: Calendar, policy: SlaPolicy = DEFAULT_POLICY): { kind: ReportSlaKind; at: Date; key: string }[] {
  if (r.status === "closed") return [];
  const out: { kind: ReportSlaKind; at: Date; key: string }[] = [
    { kind: "report_warning", at: warningTime(cal, r.dueAt, policy.warningDays), key: "report_warning" },
    { kind: "report_overdue", at: r.dueAt, key: "report_overdue" },
  ];
  for (const f of r.followups) if (!f.answered) out.push({ kind: "followup_overdue", at: f.dueAt, key: `followup_overdue:${f.id}` });
  return out.sort((a, b) => a.at.getTime() - b.at.getTime());
}
