// First-contact resolution (seed 002 §5.3), defined once: a close counts when the
// complaint was classified "resolved at first contact", closed as resolved, never
// reopened (by the citizen or pushed back by the unit), and the citizen did not rate
// that close "not resolved". The pure rule and the SQL the daily figures use are side
// by side so they cannot drift; test/integration/agency-work.test.ts runs both on the
// same complaints.

export interface CloseFacts {
  actionType: string;
  outcome: string | null;
  /** Reopened or pushed back at any time, before or after this close. */
  reopened: boolean;
  /** The citizen's answer to "was it resolved?" on the invitation after this close. */
  rated: "yes" | "partly" | "no" | null;
}

export function isFirstContactResolution(f: CloseFacts): boolean {
  return f.actionType === "first_contact" && f.outcome === "resolved" && !f.reopened && f.rated !== "no";
}

/**
 * The same rule as a condition on a close event `e` of complaint `c` (aliases of
 * complaint_events and complaints), for server/kpi/aggregate.ts.
 */
export function firstContactSql(e = "e", c = "c"): string {
  return [
    `${c}.action_type = 'first_contact'`,
    `${e}.data->>'outcome' = 'resolved'`,
    `not exists (select 1 from complaint_events r where r.complaint_id = ${c}.id and r.type in ('reopened', 'pushed_back'))`,
    `not exists (select 1 from satisfaction s where s.complaint_id = ${c}.id and s.resolved = 'no' and s.invited_at >= ${e}.at)`,
  ].join(" and ");
}
