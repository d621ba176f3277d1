import type { complaints } from "../../schema/index.ts";
import type { SlaComplaint } from "./rules.ts";

// The reads moved to the SLA store; re-exported for the callers that import them here.
export { escalationHoursOf, firedKeys } from "./store.ts";

type Row = typeof complaints.$inferSelect;

/** The columns of a complaint the SLA rules read. */
export function slaStateOf(c: Row, escalationHours: number[]): SlaComplaint {
  return {
    status: c.status,
    jurisdictionDueAt: c.jurisdictionDueAt,
    dueAt: c.dueAt,
    pausedAt: c.pausedAt,
    infoDueAt: c.infoDueAt,
    closedAt: c.closedAt,
    outcome: c.outcome,
    reopenUntil: c.reopenUntil,
    reopenCount: c.reopenCount,
    acceptedAt: c.acceptedAt,
    escalationHours,
  };
}
