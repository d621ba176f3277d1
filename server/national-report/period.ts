// The periodic national report's periods (seed 002 §5.4: quarterly and annual reports):
// "2026-Q3" or "2026" in the address, the local-date range they cover, and the period
// before, whose figures the executive summary compares with.

import { quarterPeriod, type Period } from "../kpi/compute.ts";

export interface ReportPeriod {
  /** As in the address and the notes table: "2026-Q3" or "2026". */
  key: string;
  year: number;
  quarter: 1 | 2 | 3 | 4 | null;
  range: Period;
}

export const PERIOD_PATTERN = "\\d{4}(?:-Q[1-4])?";

export function reportPeriod(year: number, quarter: 1 | 2 | 3 | 4 | null): ReportPeriod {
  return { key: quarter ? `${year}-Q${quarter}` : String(year), year, quarter, range: quarterPeriod(year, quarter) };
}

/** "2026-Q3" or "2026"; null for anything else (the route answers 404). */
export function parseReportPeriod(s: string): ReportPeriod | null {
  const m = /^(\d{4})(?:-Q([1-4]))?$/.exec(s);
  if (!m) return null;
  const year = Number(m[1]);
  if (year < 2000 || year > 2100) return null;
  return reportPeriod(year, m[2] ? (Number(m[2]) as 1 | 2 | 3 | 4) : null);
}

/** The quarter before (Q1's is the last quarter of the year before), or the year before. */
export function previousPeriod(p: ReportPeriod): ReportPeriod {
  if (p.quarter === null) return reportPeriod(p.year - 1, null);
  return p.quarter === 1 ? reportPeriod(p.year - 1, 4) : reportPeriod(p.year, (p.quarter - 1) as 1 | 2 | 3);
}

/** The quarterly table's query for the same period (its CSV and XLSX carry the same figures). */
export function tableQuery(p: ReportPeriod): string {
  return `year=${p.year}&quarter=${p.quarter ?? "year"}`;
}
