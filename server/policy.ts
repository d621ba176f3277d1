import type { ReopenWindow } from "./calendar/window.ts";

// The hub's domain constants, each with the seed or rule it comes from. Pure values:
// rule modules, use cases and pages import them from here, never from each other, so
// changing a window means changing one line. Per-agency and per-service settings
// (SLA days, reopen window, clock start) live in the directory; these are the defaults
// and the rules that hold for everyone.

/** Seeds 000/001: the citizen has 3 working days to supply requested information. */
export const INFO_DAYS = 3;
/** CPGRAMS: after this many rejections the national unit decides instead of re-routing. */
export const REJECTIONS_BEFORE_FLAG = 3;
/**
 * After this many moves between agencies (an agency's rejections and the unit's
 * transfers together) the complaint stays with the national unit until it decides and
 * assigns; any further move needs a senior's recorded override.
 */
export const MOVES_BEFORE_HOLD = 3;
/** Seed 001 (second table): a closed complaint may be reopened for 3 working days; HUB_REOPEN_WINDOW sets another (the first table's is 48 h). */
export const DEFAULT_REOPEN_WINDOW: ReopenWindow = { unit: "working_days", n: 3 };
/** A service with no SLA for a kind resolves it within this many working days. */
export const DEFAULT_SLA_DAYS = 10;
/** The national unit answers a digital report within 5 working days (seed 004). */
export const REPORT_DAYS = 5;
/** An open complaint with no news for this many working days may be escalated. */
export const NO_NEWS_DAYS = 10;
/** The agency answers the unit's follow-up question within this many working days. */
export const FOLLOWUP_DAYS = 2;
/** Satisfaction links work for 14 days (seed 004). */
export const SATISFACTION_DAYS = 14;
/** The SLA job warns this many working days before a resolution deadline. */
export const WARNING_DAYS = 1;
/** Rankings leave out agencies with fewer cases than this: a 100% of 2 proves nothing. */
export const MIN_CASES = 20;
/** Public figures under this are shown as "under 10". */
export const SUPPRESS_BELOW = 10;

/**
 * Seed 002 §5.5.6: an inquiry is answered "within the set time, for example 42 hours".
 * Clock hours from receipt to the answer, per kind of submission; a kind without one
 * (null) is measured only against its service's working-day deadline (on time).
 */
export const ANSWER_TARGET_HOURS: Readonly<Record<"complaint" | "inquiry" | "suggestion" | "praise" | "report", number | null>> = {
  complaint: null,
  inquiry: 42,
  suggestion: null,
  praise: null,
  report: null,
};
/** The quality audit samples this many closed cases per agency per quarter unless the unit asks for another number. */
export const AUDIT_SAMPLE_SIZE = 10;
/** The quality KPI's weight on the audit's score; the rest goes to the citizens' "resolved" answers. */
export const QUALITY_AUDIT_WEIGHT = 0.5;
/** A rating of this many stars or more counts as satisfied (the usual "top two boxes" of five). */
export const SATISFIED_STARS = 4;
/** Pending complaints by age, in working days on the hub calendar: 0–5, 6–10, 11–20, over 20. */
export const AGE_BUCKETS = [6, 11, 21] as const;
