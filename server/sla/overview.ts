// The due-soon and overdue picture: per agency for the national unit, for one agency
// for its supervisor. Counts only open complaints; the clock is paused for those
// waiting on the citizen, so they are never overdue here. The queries are in the SLA
// store.

export { mostOverdue, slaOverview, type AgencySla } from "./store.ts";
