import type { RoutingIndex } from "./suggest.ts";
import { suggest } from "./suggest.ts";

export interface LabelledCase {
  agency: string;
  service: string;
  city: string;
  text: string;
}

export function parseCases(tsv: string): LabelledCase[] {
  const [header, ...lines] = tsv.trim().split("\n");
  const cols = header!.split("\t");
  return lines.map((l) => {
    const cells = l.split("\t");
    const get = (c: string) => cells[cols.indexOf(c)] ?? "";
    return { agency: get("agency"), service: get("service"), city: get("city"), text: get("text") };
  });
}

export interface EvalResult {
  total: number;
  top1: number;
  top3: number;
  misses: { case: LabelledCase; got: string[] }[];
}

export function evaluate(index: RoutingIndex, cases: LabelledCase[]): EvalResult {
  let top1 = 0;
  let top3 = 0;
  const misses: EvalResult["misses"] = [];
  for (const c of cases) {
    const got = suggest(index, { text: c.text, city: c.city }, 3).map((s) => `${s.agencyCode}/${s.serviceCode}`);
    const want = `${c.agency}/${c.service}`;
    if (got[0] === want) top1++;
    if (got.includes(want)) top3++;
    else misses.push({ case: c, got });
    if (got[0] !== want && got.includes(want)) misses.push({ case: c, got });
  }
  return { total: cases.length, top1, top3, misses };
}
