import { readFile, writeFile } from "node:fs/promises";
import { format, resolveConfig } from "prettier";
import { loadDirectory } from "../directory/load.ts";
import { parseCases } from "./evaluate.ts";
import { buildIndex, confidence, probability, rank, type Calibration } from "./suggest.ts";
import { places, routableServices } from "./from-directory.ts";

// `npm run routing:calibrate`: fits the router's confidence on the CALIBRATION set only
// (logistic regression of "the agency is right" on the length-independent features of
// suggest.ts) and writes server/routing/calibration.json with the precision / triage
// curve the configured target precision picks its threshold from. Not on the tune half:
// the router was developed on it, so it is right there more often than anywhere else,
// and a confidence fitted there promised more than the router keeps.
const directory = await loadDirectory(process.env.AGENCIES_DIR ?? "agencies");
const index = buildIndex(routableServices(directory), { places: places(directory) });
const cases = parseCases(await readFile("test/fixtures/routing/calibration.tsv", "utf8"));

const rows: { f: number[]; y: number; c: number }[] = [];
for (const [ci, c] of cases.entries()) {
  const ranked = rank(index, { text: c.text, city: c.city || null });
  // Every suggestion the hub may route on: the first one of each agency.
  const seen = new Set<string>();
  for (const r of ranked.slice(0, 5)) {
    const agency = index.entries[r.e]!.service.agencyCode;
    if (seen.has(agency)) continue;
    seen.add(agency);
    // Capped whatever the fit says (suggest.ts WEAK_CAP): not what the weights are for.
    if (!r.solid) continue;
    rows.push({ f: r.features, y: agency === c.agency ? 1 : 0, c: ci });
  }
}

function fit(data: { f: number[]; y: number }[]): number[] {
  const dim = data[0]!.f.length;
  const w = new Array<number>(dim).fill(0);
  // Chosen by the five-fold log-loss: 0.01 under-fitted (0.296 -> 0.252 for the same six features at 0.001).
  const l2 = 0.001;
  for (let it = 0; it < 4000; it++) {
    const g = new Array<number>(dim).fill(0);
    for (const { f, y } of data) {
      const p = probability({ weights: w, curve: [] }, f);
      for (let i = 0; i < dim; i++) g[i]! += (p - y) * f[i]!;
    }
    for (let i = 0; i < dim; i++) w[i]! -= 0.5 * (g[i]! / data.length + (i ? l2 * w[i]! : 0));
  }
  return w.map((x) => Math.round(x * 1e4) / 1e4);
}
const calibration: Calibration = { weights: fit(rows), curve: [] };

// The curve: for each threshold, the calibration set's triage rate and automatic precision,
// each case scored by weights fitted without it (five folds): scored by weights that
// had seen it, a case's confidence flatters the threshold.
const FOLDS = 5;
const foldOf = (i: number) => i % FOLDS;
const foldWeights = Array.from({ length: FOLDS }, (_, k) => fit(rows.filter((r) => foldOf(r.c) !== k)));
// How well the features predict, case by case, on folds they were not fitted on (the
// yardstick for choosing features; lower is better).
let logLoss = 0;
for (const r of rows) {
  const p = Math.min(1 - 1e-6, Math.max(1e-6, probability({ weights: foldWeights[foldOf(r.c)]!, curve: [] }, r.f)));
  logLoss -= r.y ? Math.log(p) : Math.log(1 - p);
}
logLoss /= rows.length;
const tops = cases.map((c, i) => {
  const [top] = rank(index, { text: c.text, city: c.city || null });
  const weights = foldWeights[foldOf(i)]!;
  return {
    p: top ? confidence({ weights, curve: [] }, top.features, top.solid) : 0,
    right: !!top && index.entries[top.e]!.service.agencyCode === c.agency,
  };
});
for (let t = 0; t <= 99; t++) {
  const threshold = t / 100;
  const auto = tops.filter((x) => x.p >= threshold);
  calibration.curve.push({
    threshold,
    // A one-sided 95 % Wilson lower bound, not the point estimate: a few hundred cases
    // prove little. One-sided because the claim is "at least the target" (z = 1.645; the
    // two-sided 1.96 asked for 97.5 % and let one case move the threshold by 0.2).
    precision: Math.round(wilsonLow(auto.filter((x) => x.right).length, auto.length) * 1e4) / 1e4,
    triageRate: Math.round((1 - auto.length / tops.length) * 1e4) / 1e4,
  });
}
function wilsonLow(k: number, n: number): number {
  if (!n) return 1;
  const z = 1.645;
  const p = k / n;
  return (p + (z * z) / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
}

// In the formatter's layout, so npm run lint (prettier --check) passes on the file as written.
const out = "server/routing/calibration.json";
await writeFile(out, await format(JSON.stringify(calibration), { ...(await resolveConfig(out)), parser: "json" }));
console.log(
  `fitted on ${rows.length} suggestions from ${cases.length} calibration cases: weights ${calibration.weights.join(", ")}; five-fold log-loss ${logLoss.toFixed(4)}`,
);
