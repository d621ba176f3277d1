import { normalizeArabic } from "../text/arabic.ts";
import type { RoutableService } from "./suggest.ts";

// The yardstick the router must beat (issue 15): character 3–5-gram TF-IDF cosine
// between the complaint and each service's directory text (names, hints, examples),
// with the same place rule as the router (a regional agency only for its cities).
// Written the way anyone would in a few minutes; not used for routing.

export interface BaselineIndex {
  services: RoutableService[];
  vectors: Map<string, number>[];
  norms: number[];
  idf: Map<string, number>;
}

function grams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const w of normalizeArabic(text).split(/[^\p{L}\p{N}]+/u)) {
    if (!w) continue;
    const s = ` ${w} `;
    for (let n = 3; n <= 5; n++)
      for (let i = 0; i + n <= s.length; i++) {
        const g = s.slice(i, i + n);
        out.set(g, (out.get(g) ?? 0) + 1);
      }
  }
  return out;
}

export function buildBaseline(services: RoutableService[]): BaselineIndex {
  const raw = services.map((s) =>
    grams(
      [
        s.name.ar,
        s.name.en,
        s.agencyName.ar,
        s.agencyName.en,
        ...s.hints.ar,
        ...s.hints.en,
        ...s.hints.examples.ar,
        ...s.hints.examples.en,
      ].join(" "),
    ),
  );
  const df = new Map<string, number>();
  for (const v of raw) for (const g of v.keys()) df.set(g, (df.get(g) ?? 0) + 1);
  const idf = new Map([...df].map(([g, d]) => [g, Math.log(1 + services.length / d)]));
  const vectors = raw.map((v) => new Map([...v].map(([g, c]) => [g, (1 + Math.log(c)) * idf.get(g)!])));
  const norms = vectors.map((v) => Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)));
  return { services, vectors, norms, idf };
}

export function baselineRank(b: BaselineIndex, text: string, city: string | null | undefined) {
  const q = new Map([...grams(text)].flatMap(([g, c]) => (b.idf.has(g) ? [[g, (1 + Math.log(c)) * b.idf.get(g)!] as const] : [])));
  const qn = Math.sqrt([...q.values()].reduce((s, x) => s + x * x, 0)) || 1;
  const scored = b.services.flatMap((s, i) => {
    if (s.cities && !(city && s.cities.includes(city))) return [];
    let dot = 0;
    for (const [g, x] of q) dot += x * (b.vectors[i]!.get(g) ?? 0);
    const score = dot / (qn * (b.norms[i] || 1));
    return score > 0 ? [{ agencyCode: s.agencyCode, serviceCode: s.serviceCode, score }] : [];
  });
  return scored.sort((a, b) => b.score - a.score);
}
