import { readFile } from "node:fs/promises";
import { loadDirectory } from "../directory/load.ts";
import { buildBaseline, baselineRank } from "./baseline.ts";
import { calibration, evaluate, parseCases, triageCurve, type EvalResult, type Ranker } from "./evaluate.ts";
import { routableServices, routerFor } from "./from-directory.ts";
import { suggest, thresholdFor } from "./suggest.ts";
import { exampleWords, toHistory } from "./history.ts";

// `npm run routing:eval`: the router beside a character n-gram baseline on the labelled
// complaints in test/fixtures/routing (see its README). `tune` may be looked at while
// improving the router (`--misses` lists its mistakes); `heldout` must never be.
const directory = await loadDirectory(process.env.AGENCIES_DIR ?? "agencies");
const services = routableServices(directory);
const index = routerFor(directory);
const baseline = buildBaseline(services);
const router: Ranker = (c) => suggest(index, { text: c.text, city: c.city || null }, 5);
const ngram: Ranker = (c) => baselineRank(baseline, c.text, c.city || null).slice(0, 5);

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : "-").padStart(6);
const line = (r: { total: number; top1: number; top3: number; service: number }) =>
  `${pct(r.top1, r.total)} ${pct(r.top3, r.total)} ${pct(r.service, r.total)}`;

for (const half of ["tune", "heldout"] as const) {
  const cases = parseCases(await readFile(`test/fixtures/routing/${half}.tsv`, "utf8"));
  const r = evaluate(router, cases);
  const b = evaluate(ngram, cases);
  console.log(`\n=== ${half} (n=${r.total}) ===`);
  console.log(`${"style".padEnd(13)} ${"n".padStart(4)}   router: top-1  top-3  service | baseline: top-1  top-3  service`);
  const styles = [...r.byStyle.keys()].sort();
  for (const s of [...styles, "ALL"]) {
    const rt = s === "ALL" ? r : r.byStyle.get(s)!;
    const bt = s === "ALL" ? b : b.byStyle.get(s)!;
    const mark = rt.top1 > bt.top1 ? " " : rt.top1 === bt.top1 ? "=" : "<";
    console.log(`${s.padEnd(13)} ${String(rt.total).padStart(4)}   ${line(rt)} | ${line(bt)} ${mark}`);
  }
  printCalibration("router", r);
  printCurve("router", r);
  for (const target of [0.95, 0.98]) {
    const t = thresholdFor(index.calibration, target);
    const [p] = triageCurve(r.outcomes, [t]);
    console.log(
      `  target precision ${target} -> threshold ${t} (from the tune half): triage ${pct(p!.triageRate, 1)}  precision ${pct(p!.precision, 1)}`,
    );
  }
  if (half === "tune" && process.argv.includes("--misses")) {
    for (const m of r.misses) {
      console.log(
        `  [${m.case.style}] want ${m.case.agency}/${m.case.service} got ${
          m.got
            .slice(0, 3)
            .map((g) => `${g.agencyCode}/${g.serviceCode}:${g.score.toFixed(2)}`)
            .join(", ") || "-"
        } | ${m.case.text.slice(0, 140)}`,
      );
    }
  }
}

function printCalibration(name: string, r: EvalResult) {
  console.log(`\n${name} calibration (first suggestion; agency right):`);
  console.log(`  score bin      n   mean score  accuracy`);
  for (const row of calibration(r.outcomes)) {
    if (!row.n) continue;
    console.log(
      `  ${row.from.toFixed(1)}–${row.to.toFixed(1)}  ${String(row.n).padStart(6)}   ${row.meanScore.toFixed(3).padStart(8)}  ${pct(row.accuracy * row.n, row.n)}`,
    );
  }
}

function printCurve(name: string, r: EvalResult) {
  console.log(`\n${name} triage-rate / precision (agency; service):`);
  for (const p of triageCurve(r.outcomes, [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95])) {
    console.log(
      `  threshold ${p.threshold.toFixed(2)}  triage ${pct(p.triageRate, 1)}  precision ${pct(p.precision, 1)}  service ${pct(p.servicePrecision, 1)}`,
    );
  }
}

// Replay: the labelled complaints as a stream of decisions. The router learns the first
// k (as agencies accepting them) and is tested on the last 150, which it never saw.
{
  const all = [
    ...parseCases(await readFile("test/fixtures/routing/tune.tsv", "utf8")),
    ...parseCases(await readFile("test/fixtures/routing/heldout.tsv", "utf8")),
  ];
  // A fixed shuffle (a linear congruential sequence), so the stream mixes styles and halves.
  let seed = 15;
  const order = all.map((c) => ({ c, k: (seed = (seed * 1103515245 + 12345) % 2 ** 31) }));
  const stream = order.sort((a, b) => a.k - b.k).map((x) => x.c);
  const test = stream.slice(-150);
  const threshold = thresholdFor(index.calibration, 0.98);
  // Twice: with the directory as it is, and with a directory of names only (no hints or
  // examples), as a new service would start; there the history is all the router has.
  const namesOnly = {
    ...directory,
    agencies: directory.agencies.map((a) => ({
      ...a,
      services: a.services.map((s) => ({ ...s, hints: { ar: [], en: [], examples: { ar: [], en: [] } } })),
    })),
  };
  for (const [label, dir] of [
    ["directory", directory],
    ["names only", namesOnly],
  ] as const) {
    console.log(`\n=== replay (${label}): learn the first k decisions, test on the last ${test.length} (threshold ${threshold}) ===`);
    for (const k of [0, 100, 200, 300, stream.length - test.length]) {
      const history = toHistory(
        stream.slice(0, k).map((c) => ({ agencyCode: c.agency, serviceCode: c.service, words: exampleWords(c.text), rejectedBy: [] })),
      );
      const learned = routerFor(dir, history);
      const r = evaluate((c) => suggest(learned, { text: c.text, city: c.city || null }, 5), test);
      const [p] = triageCurve(r.outcomes, [threshold]);
      console.log(
        `  k=${String(k).padStart(3)}  top-1 ${pct(r.top1, r.total)}  top-3 ${pct(r.top3, r.total)}  service ${pct(r.service, r.total)}  triage ${pct(p!.triageRate, 1)}  precision ${pct(p!.precision, 1)}`,
      );
    }
  }
}
