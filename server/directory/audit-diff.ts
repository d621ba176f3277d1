// What an admin change changed (issue 17 §4): the audit keeps each record before and
// after; the change log shows only the fields that differ. Pure.
//
// Objects are walked key by key; a list of records that all carry a `code` (services,
// cities) is matched by code, another list of records (the three escalation levels) by
// position, counted from 1; a list of plain values (hint phrases, weekend days, a
// coverage's cities) is one value.

export type PathPart = string | { code: string } | { position: number };

export interface DiffLine {
  path: PathPart[];
  before: unknown;
  after: unknown;
}

type Rec = Record<string, unknown>;
const isRecord = (v: unknown): v is Rec => typeof v === "object" && v !== null && !Array.isArray(v);
const coded = (v: unknown): v is unknown[] => Array.isArray(v) && v.length > 0 && v.every((x) => isRecord(x) && typeof x.code === "string");
const records = (v: unknown): v is Rec[] => Array.isArray(v) && v.length > 0 && v.every(isRecord);

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export function auditDiff(before: unknown, after: unknown, path: PathPart[] = []): DiffLine[] {
  if (same(before, after)) return [];
  // A record added or removed shows its fields one by one too.
  if ((isRecord(before) || before == null) && (isRecord(after) || after == null)) {
    const b = (before ?? {}) as Rec;
    const a = (after ?? {}) as Rec;
    const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])];
    return keys.flatMap((k) => auditDiff(b[k], a[k], [...path, k]));
  }
  const bothCoded = (coded(before) || before == null) && (coded(after) || after == null) && (coded(before) || coded(after));
  if (bothCoded) {
    const by = (list: unknown) => new Map(((list as Rec[] | null) ?? []).map((x) => [x.code as string, x]));
    const b = by(before);
    const a = by(after);
    const codes = [...new Set([...b.keys(), ...a.keys()])];
    return codes.flatMap((code) => auditDiff(b.get(code), a.get(code), [...path, { code }]));
  }
  if (records(before) && records(after)) {
    const n = Math.max(before.length, after.length);
    return Array.from({ length: n }, (_, i) => auditDiff(before[i], after[i], [...path, { position: i + 1 }])).flat();
  }
  return [{ path, before: before ?? null, after: after ?? null }];
}
