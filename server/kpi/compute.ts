// Key figures for any period (seed 002 §5.3), per agency and national, from the daily
// figures. The measures are pure functions of the sums, so they are tested on small
// hand-built sets; the only live part is the backlog of open complaints already past
// their deadline, which counts against on-time resolution so it cannot hide.

import type { Db } from "../db.ts";
import { overdueBacklog, overdueBacklogByService, sumsByAgency, type Period, type Sums } from "./store.ts";
import { KPI, sumsOnly } from "./definitions.ts";

export type { Period, Sums } from "./store.ts";

export { overdueBacklog, sumsByAgency } from "./store.ts";

export interface Kpis {
  received: number;
  receivedBy: { kind: Record<string, number>; channel: Record<string, number> };
  accepted: number;
  rejected: number;
  acceptanceRate: number | null;
  avgDecideDays: number | null;
  closed: number;
  closedOnTime: number;
  openOverdue: number;
  onTimeRate: number | null;
  medianCloseDays: number | null;
  p90CloseDays: number | null;
  firstTimeResolution: number | null;
  /** Seed 002: share of closes resolved at the first contact (classified so, never reopened). */
  firstContactResolution: number | null;
  reopenRate: number | null;
  satisfaction: {
    invited: number;
    answered: number;
    yes: number;
    partly: number;
    no: number;
    avgStars: number | null;
    responseRate: number | null;
  };
  escalations: { 1: number; 2: number; 3: number };
  reports: { filed: number; byType: Record<string, number>; closed: number; byOutcome: Record<string, number>; avgDays: number | null };
}

const total = (m: Record<string, number> | undefined) => Object.values(m ?? {}).reduce((a, b) => a + b, 0);
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** The value at quantile q of a histogram {value: count} (nearest rank). */
export function quantile(histogram: Record<string, number>, q: number): number | null {
  const entries = Object.entries(histogram)
    .map(([k, n]) => [Number(k), n] as const)
    .filter(([k, n]) => Number.isFinite(k) && n > 0)
    .sort((a, b) => a[0] - b[0]);
  const n = entries.reduce((a, [, c]) => a + c, 0);
  if (!n) return null;
  const rank = Math.max(1, Math.ceil(q * n));
  let seen = 0;
  for (const [k, c] of entries) {
    seen += c;
    if (seen >= rank) return k;
  }
  return entries[entries.length - 1]![0];
}

/** The measures from summed daily figures and the live overdue backlog. Pure. */
export function measures(s: Sums, openOverdue: number): Kpis {
  const received = s.received ?? {};
  const kind: Record<string, number> = {};
  const channel: Record<string, number> = {};
  for (const [dim, n] of Object.entries(received)) {
    const [k = "", ch = ""] = dim.split(":");
    kind[k] = (kind[k] ?? 0) + n;
    channel[ch] = (channel[ch] ?? 0) + n;
  }
  // The rates seed 002 names are computed by their one definition (server/kpi/definitions.ts).
  const defined = sumsOnly(s, openOverdue);
  const accepted = total(s.accepted);
  const rejected = total(s.rejected);
  const closed = total(s.closed);
  const closedOnTime = total(s.closed_on_time);
  const resolved = s.closed?.resolved ?? 0;
  const reopenedAfterResolved = s.reopened?.resolved ?? 0;
  const ratings = s.rating ?? {};
  const answered = total(ratings);
  const invited = total(s.rating_invited);
  const reportsClosed = total(s.reports_closed);
  return {
    received: total(received),
    receivedBy: { kind, channel },
    accepted,
    rejected,
    acceptanceRate: KPI.acceptance_rate.compute(defined).value,
    avgDecideDays: ratio(total(s.decide_days), accepted + rejected),
    closed,
    closedOnTime,
    openOverdue,
    onTimeRate: KPI.on_time.compute(defined).value,
    medianCloseDays: quantile(s.close_days ?? {}, 0.5),
    p90CloseDays: quantile(s.close_days ?? {}, 0.9),
    firstTimeResolution: ratio(Math.max(0, resolved - reopenedAfterResolved), resolved),
    firstContactResolution: KPI.first_contact_resolution.compute(defined).value,
    reopenRate: ratio(total(s.reopened), closed),
    satisfaction: {
      invited,
      answered,
      yes: ratings.yes ?? 0,
      partly: ratings.partly ?? 0,
      no: ratings.no ?? 0,
      avgStars: ratio(total(s.stars), answered),
      responseRate: ratio(answered, invited),
    },
    escalations: { 1: s.escalated?.["1"] ?? 0, 2: s.escalated?.["2"] ?? 0, 3: s.escalated?.["3"] ?? 0 },
    reports: {
      filed: total(s.reports),
      byType: s.reports ?? {},
      closed: reportsClosed,
      byOutcome: s.reports_closed ?? {},
      avgDays: ratio(total(s.report_days), reportsClosed),
    },
  };
}

export function addSums(a: Sums, b: Sums): Sums {
  const out: Sums = structuredClone(a);
  for (const [metric, dims] of Object.entries(b))
    for (const [dim, v] of Object.entries(dims)) (out[metric] ??= {})[dim] = (out[metric]?.[dim] ?? 0) + v;
  return out;
}

/** Per-agency and national figures for a period. `until` bounds the live backlog. */
export async function kpis(db: Db, p: Period, until: Date, filter: { agencyCode?: string; serviceCode?: string } = {}) {
  const [sums, backlog] = await Promise.all([sumsByAgency(db, p, filter), overdueBacklog(db, until, filter.agencyCode)]);
  const agencies = new Set([...sums.keys(), ...backlog.keys()].filter(Boolean));
  const perAgency = new Map<string, Kpis>();
  let national: Sums = {};
  for (const code of agencies) {
    const s = sums.get(code) ?? {};
    perAgency.set(code, measures(s, backlog.get(code) ?? 0));
    national = addSums(national, s);
  }
  national = addSums(national, sums.get("") ?? {});
  const allBacklog = [...backlog.values()].reduce((a, b) => a + b, 0);
  return { perAgency, national: measures(national, allBacklog) };
}

/** Agencies ranked by a measure, only those with enough cases for the figure to mean something. */
export function ranking(
  perAgency: Map<string, Kpis>,
  pick: (k: Kpis) => number | null,
  minCases: number,
): { agencyCode: string; value: number; cases: number }[] {
  return [...perAgency.entries()]
    .map(([agencyCode, k]) => ({ agencyCode, value: pick(k), cases: k.received + k.closed }))
    .filter((r): r is { agencyCode: string; value: number; cases: number } => r.value !== null && r.cases >= minCases)
    .sort((a, b) => b.value - a.value);
}

/** One agency's figures per service (the drill-down); the backlog is the agency's. */
export async function serviceKpis(db: Db, p: Period, until: Date, agencyCode: string) {
  const [sums, backlog] = await Promise.all([
    sumsByAgency(db, p, { agencyCode }, "service"),
    overdueBacklogByService(db, until, agencyCode),
  ]);
  const out = new Map<string, Kpis>();
  for (const code of new Set([...sums.keys(), ...backlog.keys()])) out.set(code, measures(sums.get(code) ?? {}, backlog.get(code) ?? 0));
  return out;
}

/** Calendar quarters and years as local-date periods. */
export function quarterPeriod(year: number, quarter: 1 | 2 | 3 | 4 | null): Period {
  if (quarter === null) return { from: `${year}-01-01`, to: `${year}-12-31` };
  const startMonth = (quarter - 1) * 3 + 1;
  const endMonth = startMonth + 2;
  const lastDay = new Date(Date.UTC(year, endMonth, 0)).getUTCDate();
  const mm = (m: number) => String(m).padStart(2, "0");
  return { from: `${year}-${mm(startMonth)}-01`, to: `${year}-${mm(endMonth)}-${lastDay}` };
}

/** The last `n` calendar months up to the month of `today` (local dates), oldest first. */
export function lastMonths(today: string, n: number): (Period & { label: string })[] {
  const [y, m] = today.split("-").map(Number) as [number, number];
  const out: (Period & { label: string })[] = [];
  for (let i = n - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(y, m - 1 - i, 1));
    const yy = d.getUTCFullYear();
    const mm = d.getUTCMonth() + 1;
    const last = new Date(Date.UTC(yy, mm, 0)).getUTCDate();
    const p = String(mm).padStart(2, "0");
    out.push({ label: `${yy}-${p}`, from: `${yy}-${p}-01`, to: `${yy}-${p}-${last}` });
  }
  return out;
}

/** National (or one agency's) figures month by month: the trend of every measure. */
export async function trend(db: Db, months: (Period & { label: string })[], now: Date, agencyCode?: string) {
  const out: { label: string; k: Kpis }[] = [];
  for (const p of months) {
    const sums = await sumsByAgency(db, p, agencyCode ? { agencyCode } : {});
    let all: Sums = {};
    for (const s of sums.values()) all = addSums(all, s);
    // Overdue backlog only makes sense for the current month; earlier months show their closes.
    const end = new Date(`${p.to}T23:59:59Z`);
    const backlog = end >= now ? [...(await overdueBacklog(db, now, agencyCode)).values()].reduce((a, b) => a + b, 0) : 0;
    out.push({ label: p.label, k: measures(all, backlog) });
  }
  return out;
}
