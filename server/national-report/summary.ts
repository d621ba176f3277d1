// The executive summary: the headline figures of the period beside the period before,
// and which way each moved. The values are the quarterly table's cells (kpi/table.ts),
// so the summary, the agency table, the appendix, the CSV, the XLSX and the PDF print
// one set of figures. Pure.

import { cells, type Column } from "../kpi/table.ts";
import type { Kpis } from "../kpi/compute.ts";

/** How a figure is compared: rates in percentage points, everything else in per cent. */
export type Measure = "count" | "rate" | "days" | "score";

export interface Headline {
  column: Column;
  measure: Measure;
  /** Whether a rise is good news (on time), bad news (overdue, escalations) or neither (received). */
  rising: "good" | "bad" | "neutral";
}

export const HEADLINES: readonly Headline[] = [
  { column: "received", measure: "count", rising: "neutral" },
  { column: "closed", measure: "count", rising: "good" },
  { column: "onTimeRate", measure: "rate", rising: "good" },
  { column: "openOverdue", measure: "count", rising: "bad" },
  { column: "acceptanceRate", measure: "rate", rising: "neutral" },
  { column: "medianCloseDays", measure: "days", rising: "bad" },
  { column: "firstContactResolution", measure: "rate", rising: "good" },
  { column: "avgStars", measure: "score", rising: "good" },
  { column: "escalations", measure: "count", rising: "bad" },
  { column: "reports", measure: "count", rising: "neutral" },
];

export interface Change {
  direction: "up" | "down" | "same";
  /** Percentage points for rates, per cent of the previous value otherwise; one decimal. */
  amount: number;
  unit: "points" | "percent";
  /** Good or bad news, for the colour; "neutral" when a rise means neither. */
  tone: "good" | "bad" | "neutral";
}

const one = (x: number) => Math.round(x * 10) / 10;

/** The change from `before` to `now`; null when either is missing or a per cent of zero would be needed. */
export function change(h: Headline, now: number | null, before: number | null): Change | null {
  if (now === null || before === null) return null;
  const points = h.measure === "rate";
  if (!points && before === 0) return null;
  const amount = one(points ? now - before : ((now - before) / before) * 100);
  const direction = amount > 0 ? "up" : amount < 0 ? "down" : "same";
  const tone = direction === "same" || h.rising === "neutral" ? "neutral" : (direction === "up") === (h.rising === "good") ? "good" : "bad";
  return { direction, amount: Math.abs(amount), unit: points ? "points" : "percent", tone };
}

export interface SummaryRow extends Headline {
  now: number | null;
  before: number | null;
  change: Change | null;
}

export function summary(now: Kpis, before: Kpis): SummaryRow[] {
  const a = cells(now);
  const b = cells(before);
  return HEADLINES.map((h) => ({ ...h, now: a[h.column], before: b[h.column], change: change(h, a[h.column], b[h.column]) }));
}

/** The agencies the report names in its main table: enough complaints for their rates to mean something. */
export function reportedAgencies<T extends { k: Kpis }>(entries: T[], minCases: number): { shown: T[]; fewer: T[] } {
  const shown = entries.filter((e) => e.k.received >= minCases).sort((x, y) => y.k.received - x.k.received);
  return { shown, fewer: entries.filter((e) => e.k.received < minCases) };
}
