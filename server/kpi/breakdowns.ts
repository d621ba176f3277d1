// The national unit's breakdowns (seed 002 §5.4: counts, time to resolve, categories and
// pending cases per report) and the KPIs of seed 002 with their inputs. Figures of a
// period come from the daily figures (kpi_daily), like every other page; what is pending
// is counted live, as it is now. The pure parts (age buckets, folding rows) are here
// beside the loaders so the page and its CSV take the same rows.

import type { Calendar } from "../calendar/types.ts";
import { countWorkingDays, localDate, startOfLocalDay } from "../calendar/index.ts";
import { addDays } from "../calendar/zone.ts";
import type { Db } from "../db.ts";
import { AGE_BUCKETS } from "../policy.ts";
import { auditTotals } from "../quality/store.ts";
import { addSums } from "./compute.ts";
import { computeAll, type AuditTotals, type KpiInputs } from "./definitions.ts";
import {
  BREAKDOWN_DIMENSIONS,
  cityRegions,
  liveBacklogByKind,
  pendingByAge,
  repeatedAgainstStaffRows,
  repeatedAgainstUnitRows,
  sumsByAgency,
  sumsByAgencyService,
  type BreakdownDimension,
  type Period,
  type Sums,
} from "./store.ts";
import { MIN_REPEATS } from "./recurring.ts";

export { BREAKDOWN_DIMENSIONS, type BreakdownDimension };

/** The period's instants on the hub calendar: [from's midnight, the midnight after to). */
export function periodInstants(cal: Calendar, p: Period): { from: Date; to: Date } {
  return { from: startOfLocalDay(cal, p.from), to: startOfLocalDay(cal, addDays(p.to, 1)) };
}

function addAudit(into: Record<string, AuditTotals>, from: Record<string, AuditTotals>) {
  for (const [k, a] of Object.entries(from)) {
    const t = (into[k] ??= { n: 0, addressed: 0, correct: 0, clear: 0, complete: 0 });
    t.n += a.n;
    t.addressed += a.addressed;
    t.correct += a.correct;
    t.clear += a.clear;
    t.complete += a.complete;
  }
}

/** The inputs of every KPI, nationally or for one agency. */
export async function kpiInputs(db: Db, cal: Calendar, p: Period, now: Date, agencyCode?: string): Promise<KpiInputs> {
  const { from, to } = periodInstants(cal, p);
  const [byAgency, live, audits] = await Promise.all([
    sumsByAgency(db, p, agencyCode ? { agencyCode } : {}),
    liveBacklogByKind(db, now, agencyCode),
    auditTotals(db, from, to),
  ]);
  let sums: Sums = {};
  for (const s of byAgency.values()) sums = addSums(sums, s);
  const audit: Record<string, AuditTotals> = {};
  for (const [code, a] of audits) if (!agencyCode || code === agencyCode) addAudit(audit, a);
  return { sums, overdueByKind: live.overdue, pastTargetByKind: live.pastTarget, audit };
}

export async function indicators(db: Db, cal: Calendar, p: Period, now: Date, agencyCode?: string) {
  return computeAll(await kpiInputs(db, cal, p, now, agencyCode));
}

export interface BreakdownRow {
  /** The classification's value (a code), or "AGENCY/SERVICE" for services. */
  value: string;
  received: number;
  closed: number;
  /** Closes that had a deadline (praise has none). */
  closedDue: number;
  closedOnTime: number;
  /** closedOnTime ÷ closedDue, 0–1; null when no close had a deadline. */
  onTime: number | null;
}

function row(value: string, received: number, closed: number, closedDue: number, closedOnTime: number): BreakdownRow {
  return { value, received, closed, closedDue, closedOnTime, onTime: closedDue > 0 ? closedOnTime / closedDue : null };
}

/** The rows of each classification from the period's sums (pure). */
export function dimensionRows(s: Sums): Record<BreakdownDimension, BreakdownRow[]> {
  const acc = new Map<string, [number, number, number, number]>();
  const add = (metric: string, i: number) => {
    for (const [dim, n] of Object.entries(s[metric] ?? {})) {
      const a = acc.get(dim) ?? [0, 0, 0, 0];
      a[i]! += n;
      acc.set(dim, a);
    }
  };
  add("bd_received", 0);
  add("bd_closed", 1);
  add("bd_closed_due", 2);
  add("bd_on_time", 3);
  const out = Object.fromEntries(BREAKDOWN_DIMENSIONS.map((d) => [d, [] as BreakdownRow[]])) as Record<BreakdownDimension, BreakdownRow[]>;
  for (const [dim, [r, c, d, o]] of [...acc.entries()].sort((a, b) => b[1][0] - a[1][0] || a[0].localeCompare(b[0]))) {
    const at = dim.indexOf("=");
    const k = dim.slice(0, at) as BreakdownDimension;
    if (out[k]) out[k].push(row(dim.slice(at + 1), r, c, d, o));
  }
  return out;
}

/** City rows folded into their regions (a city with no region stays under its own code). */
export function regionRows(cityRows: BreakdownRow[], regionOf: (city: string) => string): BreakdownRow[] {
  const by = new Map<string, BreakdownRow>();
  for (const r of cityRows) {
    const key = regionOf(r.value);
    const a = by.get(key) ?? row(key, 0, 0, 0, 0);
    by.set(key, row(key, a.received + r.received, a.closed + r.closed, a.closedDue + r.closedDue, a.closedOnTime + r.closedOnTime));
  }
  return [...by.values()].sort((a, b) => b.received - a.received || a.value.localeCompare(b.value));
}

/** Services ("AGENCY/SERVICE") from the per-service sums (the kpi_daily columns themselves). */
export function serviceRows(byService: Map<string, Sums>): BreakdownRow[] {
  const t = (m: Record<string, number> | undefined) => Object.values(m ?? {}).reduce((a, b) => a + b, 0);
  return [...byService.entries()]
    .filter(([key]) => !key.startsWith("/") && !key.endsWith("/"))
    .map(([key, s]) => row(key, t(s.received), t(s.closed), t(s.closed_due), t(s.closed_on_time)))
    .filter((r) => r.received + r.closed > 0)
    .sort((a, b) => b.received - a.received || a.value.localeCompare(b.value));
}

export async function breakdowns(db: Db, p: Period) {
  const [byAgency, byService, regions] = await Promise.all([
    sumsByAgency(db, p),
    sumsByAgencyService(db, p, ["received", "closed", "closed_due", "closed_on_time"]),
    cityRegions(db),
  ]);
  let sums: Sums = {};
  for (const s of byAgency.values()) sums = addSums(sums, s);
  const dims = dimensionRows(sums);
  return { dims, services: serviceRows(byService), regions: regionRows(dims.city, (c) => regions.get(c)?.en ?? c), regionNames: regions };
}

/** Age buckets in working days: 0–5, 6–10, 11–20, over 20 (AGE_BUCKETS are the lower bounds of the later ones). */
export function ageBucket(workingDays: number): number {
  let b = 0;
  for (const lower of AGE_BUCKETS) if (workingDays >= lower) b++;
  return b;
}

/**
 * The instants before which an open complaint is at least AGE_BUCKETS[i] working days
 * old now, on the hub calendar (countWorkingDays: the day it came does not count, a day
 * counts once it has ended). The age depends only on the local date of filing, so each
 * cut-off is the midnight after the latest such date.
 */
export function ageCutoffs(cal: Calendar, now: Date, bounds: readonly number[] = AGE_BUCKETS): Date[] {
  const today = localDate(cal, now);
  return bounds.map((k) => {
    let d = today;
    // At most a year back: a calendar with no working days for a year has no old complaints either.
    for (let i = 0; i < 400 && countWorkingDays(cal, startOfLocalDay(cal, d), now) < k; i++) d = addDays(d, -1);
    return startOfLocalDay(cal, addDays(d, 1));
  });
}

export const PENDING_STATUSES = ["triage", "routed", "in_progress", "awaiting_citizen"] as const;

/** Open complaints now by status × age bucket (counts), with the totals. */
export async function pending(db: Db, cal: Calendar, now: Date) {
  const rows = await pendingByAge(db, ageCutoffs(cal, now));
  const matrix = Object.fromEntries(PENDING_STATUSES.map((s) => [s, AGE_BUCKETS.map(() => 0).concat(0)])) as Record<string, number[]>;
  for (const r of rows) if (matrix[r.status]) matrix[r.status]![r.bucket] = (matrix[r.status]![r.bucket] ?? 0) + r.n;
  return matrix;
}

/** Complaints repeated against one unit (server/kpi/store.ts says what "unit" is), all agencies or one. */
export function repeatedAgainstUnit(db: Db, cal: Calendar, p: Period, agencyCode?: string) {
  const { from, to } = periodInstants(cal, p);
  return repeatedAgainstUnitRows(db, from, to, MIN_REPEATS, agencyCode);
}

/** Complaints naming one staff member, nationally or at one agency (the same visibility as the units'). */
export function repeatedAgainstStaff(db: Db, cal: Calendar, p: Period, agencyCode?: string) {
  const { from, to } = periodInstants(cal, p);
  return repeatedAgainstStaffRows(db, from, to, MIN_REPEATS, agencyCode);
}
