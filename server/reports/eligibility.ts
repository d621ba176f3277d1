// When may a citizen escalate a complaint to the national unit as a digital report?
// Seeds 000/001's escalation cases: the agency let the deadline pass; it closed the
// complaint without dealing with it; the citizen rated the closure unresolved; or the
// citizen has heard nothing for too long. Pure, so every case is tested directly.

import type { Calendar } from "../calendar/index.ts";
import { addWorkingDays, countWorkingDays } from "../calendar/index.ts";

export const REPORT_TYPES = ["escalation", "service_improvement", "digital_transformation"] as const;
export type ReportType = (typeof REPORT_TYPES)[number];
export const REPORT_OUTCOMES = ["upheld", "partially_upheld", "not_upheld", "referred"] as const;

export { NO_NEWS_DAYS, REPORT_DAYS } from "../policy.ts";
import { NO_NEWS_DAYS } from "../policy.ts";

export interface EscalationFacts {
  status: string;
  outcome: string | null;
  actionDueAt: Date | null;
  /** The latest event the citizen could see. */
  lastVisibleAt: Date;
  /** The citizen's rating of the latest closure, if any. */
  rating: { resolved: string | null; stars: number | null } | null;
  /** An escalation of this complaint already open at the unit. */
  openReport: boolean;
}

export type Ground = "overdue" | "closed_unprocessed" | "rated_unresolved" | "no_news";
export type Eligibility =
  | { ok: true; ground: Ground }
  | {
      ok: false;
      reason: "report_open" | "with_national_unit" | "awaiting_you" | "withdrawn" | "not_yet" | "closed_resolved";
      eligibleFrom?: Date;
    };

export function escalationEligibility(f: EscalationFacts, cal: Calendar, now: Date): Eligibility {
  if (f.openReport) return { ok: false, reason: "report_open" };
  if (f.status === "triage") return { ok: false, reason: "with_national_unit" };
  if (f.status === "withdrawn") return { ok: false, reason: "withdrawn" };
  if (f.status === "closed") {
    if (f.outcome === "not_resolvable" || f.outcome === "duplicate" || f.outcome === "no_response")
      return { ok: true, ground: "closed_unprocessed" };
    if (f.rating && (f.rating.resolved === "no" || (f.rating.stars !== null && f.rating.stars <= 2)))
      return { ok: true, ground: "rated_unresolved" };
    return { ok: false, reason: "closed_resolved" };
  }
  // The agency's clock is stopped while it waits for the citizen's answer.
  if (f.status === "awaiting_citizen") return { ok: false, reason: "awaiting_you" };
  if (f.actionDueAt && f.actionDueAt <= now) return { ok: true, ground: "overdue" };
  if (countWorkingDays(cal, f.lastVisibleAt, now) >= NO_NEWS_DAYS) return { ok: true, ground: "no_news" };
  const noNewsFrom = addWorkingDays(cal, f.lastVisibleAt, NO_NEWS_DAYS);
  const from = f.actionDueAt && f.actionDueAt < noNewsFrom ? f.actionDueAt : noNewsFrom;
  return { ok: false, reason: "not_yet", eligibleFrom: from };
}
