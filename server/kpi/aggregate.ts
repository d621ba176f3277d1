// Daily figures for the national unit's reports, rebuilt from the source tables for a
// range of local days: one transaction deletes the days and inserts them again, so a
// rerun (the job, or after a correction) is always consistent. Every figure is a sum,
// so any period's figures are sums of days (server/kpi/compute.ts). The SQL is in the
// KPI store.

export { aggregateDays, sources } from "./store.ts";
