import type { Directory } from "../directory/load.ts";
import { evaluate, triageCurve, type LabelledCase } from "./evaluate.ts";
import { routerFor } from "./from-directory.ts";
import { exampleWords, toHistory } from "./history.ts";
import { suggest } from "./suggest.ts";

// Replay: labelled complaints as a stream of officers' decisions. The router learns the
// first k (as agencies accepting them) and is tested on the last `testSize`, which it
// never saw. Pure: eval.ts prints it and a unit test holds it.

/** The cases in a fixed shuffled order (a linear congruential sequence), so the stream mixes styles and halves. */
export function decisionStream(cases: LabelledCase[], seed = 15): LabelledCase[] {
  let s = seed;
  return cases
    .map((c) => ({ c, k: (s = (s * 1103515245 + 12345) % 2 ** 31) }))
    .sort((a, b) => a.k - b.k)
    .map((x) => x.c);
}

/** The directory as a new service would start: names only, no hints or examples. */
export function namesOnly(d: Directory): Directory {
  return {
    ...d,
    agencies: d.agencies.map((a) => ({
      ...a,
      services: a.services.map((s) => ({ ...s, hints: { ar: [], en: [], examples: { ar: [], en: [] } } })),
    })),
  };
}

export interface ReplayPoint {
  k: number;
  total: number;
  top1: number;
  top3: number;
  service: number;
  triageRate: number;
  precision: number;
}

export function replay(directory: Directory, stream: LabelledCase[], ks: number[], testSize: number, threshold: number): ReplayPoint[] {
  const test = stream.slice(-testSize);
  return ks.map((k) => {
    const history = toHistory(
      stream.slice(0, Math.min(k, stream.length - testSize)).map((c) => ({
        agencyCode: c.agency,
        serviceCode: c.service,
        words: exampleWords(c.text),
        rejectedBy: [],
      })),
    );
    const learned = routerFor(directory, history);
    const r = evaluate((c) => suggest(learned, { text: c.text, city: c.city || null }, 5), test);
    const [p] = triageCurve(r.outcomes, [threshold]);
    return { k, total: r.total, top1: r.top1, top3: r.top3, service: r.service, triageRate: p!.triageRate, precision: p!.precision };
  });
}
