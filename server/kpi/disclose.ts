// What the public may see of the figures (the transparency page and its open data).
// A small agency's rates would point at individuals, so under the threshold only
// "under N" shows for it; elsewhere a small non-zero count shows as "under N" too.
// The rule names its columns, so adding, removing or moving a column of the table
// cannot make it suppress the wrong one.

import { SUPPRESS_BELOW } from "../policy.ts";
import { COLUMNS, type Column, type FigureTable } from "./table.ts";

export interface DisclosureRule<C extends string = string> {
  /** What each cell of a row is, in order. */
  columns: readonly C[];
  suppressBelow: number;
  /** The row's population: under the threshold the whole row is withheld but for its label. */
  population: C;
  /** Counts: a non-zero count under the threshold is replaced by the label. */
  counts: readonly C[];
  /** Shown as they are whatever the figures (the row's name). */
  keep: readonly C[];
  /** The text shown instead ("under 10"). */
  suppressed: string;
}

export function disclose<C extends string>(table: FigureTable, rule: DisclosureRule<C>): FigureTable {
  const at = (c: C) => {
    const i = rule.columns.indexOf(c);
    if (i < 0) throw new RangeError(`disclosure rule names a column the table does not have: ${c}`);
    return i;
  };
  const population = at(rule.population);
  const counts = new Set(rule.counts.map(at));
  const keep = new Set(rule.keep.map(at));
  const rows = table.rows.map((r) => {
    const small = Number(r[population] ?? 0) < rule.suppressBelow;
    return r.map((v, i) => {
      if (keep.has(i)) return v;
      if (small) return i === population ? rule.suppressed : null;
      return counts.has(i) && typeof v === "number" && v > 0 && v < rule.suppressBelow ? rule.suppressed : v;
    });
  });
  return { headers: table.headers, rows };
}

/** The public rule for figureTable's tables: a name column, then COLUMNS. */
export function publicDisclosure(suppressed: string): DisclosureRule<"name" | Column> {
  return {
    columns: ["name", ...COLUMNS],
    suppressBelow: SUPPRESS_BELOW,
    population: "received",
    counts: ["received", "accepted", "rejected", "closed", "openOverdue", "ratings", "escalations", "reports"],
    keep: ["name"],
    suppressed,
  };
}
