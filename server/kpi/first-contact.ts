// First-contact resolution (seed 002 §5.3), defined once: a close counts when the
// complaint was classified "resolved at first contact", closed as resolved, never
// reopened (by the citizen or pushed back by the unit), and the citizen did not rate
// that close "not resolved". The pure rule and the SQL the daily figures use are side
// by side so they cannot drift; test/integration/agency-work.test.ts runs both on the
// same complaints. An inquiry answered on the spot (outcome "answered") counts like a
// resolved complaint: it is seed 002 §5.5.6's "inquiries answered immediately".

export interface CloseFacts {
  actionType: string;
  outcome: string | null;
  /** Reopened or pushed back at any time, before or after this close. */
  reopened: boolean;
  /** The citizen's answer to "was it resolved?" on the invitation after this close. */
  rated: "yes" | "partly" | "no" | null;
}

/** The outcomes that resolve the request: a complaint resolved, an inquiry answered. */
export const RESOLVED_OUTCOMES: readonly string[] = ["resolved", "answered"];

export function isFirstContactResolution(f: CloseFacts): boolean {
  return f.actionType === "first_contact" && RESOLVED_OUTCOMES.includes(f.outcome ?? "") && !f.reopened && f.rated !== "no";
}

/**
 * The same rule as a condition on a close event `e` of complaint `c` (aliases of
 * complaint_events and complaints), for server/kpi/aggregate.ts.
 */
export function firstContactSql(e = "e", c = "c"): string {
  return [
    `${c}.action_type = 'first_contact'`,
    `${e}.data->>'outcome' in (${RESOLVED_OUTCOMES.map((o) => `'${o}'`).join(", ")})`,
    `not exists (select 1 from complaint_events r where r.complaint_id = ${c}.id and r.type in ('reopened', 'pushed_back'))`,
    `not exists (select 1 from satisfaction s where s.complaint_id = ${c}.id and s.resolved = 'no' and s.invited_at >= ${e}.at)`,
  ].join(" and ");
}
