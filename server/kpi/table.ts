// One table of figures per agency (or service) for the pages, the CSV and the XLSX, so
// the three always agree (the quarterly report test reads them back and compares).

import type { Kpis } from "./compute.ts";

export const COLUMNS = [
  "received",
  "accepted",
  "rejected",
  "acceptanceRate",
  "avgDecideDays",
  "closed",
  "onTimeRate",
  "openOverdue",
  "medianCloseDays",
  "p90CloseDays",
  "firstTimeResolution",
  "firstContactResolution",
  "reopenRate",
  "ratings",
  "avgStars",
  "escalations",
  "reports",
] as const;
export type Column = (typeof COLUMNS)[number];

const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
const one = (x: number | null) => (x === null ? null : Math.round(x * 10) / 10);

/** The value of each column: numbers, percentages as 0–100 with one decimal, or null for "no data". */
export function cells(k: Kpis): Record<Column, number | null> {
  return {
    received: k.received,
    accepted: k.accepted,
    rejected: k.rejected,
    acceptanceRate: pct(k.acceptanceRate),
    avgDecideDays: one(k.avgDecideDays),
    closed: k.closed,
    onTimeRate: pct(k.onTimeRate),
    openOverdue: k.openOverdue,
    medianCloseDays: k.medianCloseDays,
    p90CloseDays: k.p90CloseDays,
    firstTimeResolution: pct(k.firstTimeResolution),
    firstContactResolution: pct(k.firstContactResolution),
    reopenRate: pct(k.reopenRate),
    ratings: k.satisfaction.answered,
    avgStars: one(k.satisfaction.avgStars),
    escalations: k.escalations[1] + k.escalations[2] + k.escalations[3],
    reports: k.reports.filed,
  };
}

export interface FigureTable {
  headers: string[];
  rows: (string | number | null)[][];
}

export function figureTable(labels: { name: string; columns: Record<Column, string> }, entries: { name: string; k: Kpis }[]): FigureTable {
  return {
    headers: [labels.name, ...COLUMNS.map((c) => labels.columns[c])],
    rows: entries.map((e) => {
      const c = cells(e.k);
      return [e.name, ...COLUMNS.map((col) => c[col])];
    }),
  };
}

/**
 * A text cell a spreadsheet would run as a formula (=, +, -, @, or a tab or CR that
 * some programs skip first) gets a leading apostrophe (OWASP's CSV injection advice):
 * agency and service names come from files and people, and a cell is not a program.
 * Numbers stay numbers.
 */
export function formulaSafe<T extends string | number | null>(v: T): T | string {
  return typeof v === "string" && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** RFC 4180 CSV with a BOM, so spreadsheet programs read the Arabic as UTF-8. */
export function toCsv(t: FigureTable): string {
  const esc = (v: string | number | null) => {
    const s = v === null ? "" : String(formulaSafe(v));
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return "\uFEFF" + [t.headers, ...t.rows].map((r) => r.map(esc).join(",")).join("\r\n") + "\r\n";
}

export async function toXlsx(t: FigureTable, opts: { sheet: string; title: string; rtl: boolean }): Promise<Buffer> {
  const { default: ExcelJS } = await import("exceljs");
  const wb = new ExcelJS.Workbook();
  wb.creator = "Complaint hub";
  const ws = wb.addWorksheet(opts.sheet.slice(0, 31), { views: [{ rightToLeft: opts.rtl }] });
  ws.addRow([opts.title]).font = { bold: true, size: 14 };
  ws.addRow(t.headers.map(formulaSafe)).font = { bold: true };
  for (const r of t.rows) ws.addRow(r.map((v) => (v === null ? "" : formulaSafe(v))));
  ws.columns.forEach((c, i) => (c.width = i === 0 ? 40 : 14));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
