import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { loadDirectory } from "../directory/load.ts";
import { buildBaseline, baselineRank } from "./baseline.ts";
import { calibration, evaluate, parseCases, triageCurve, type EvalResult, type Ranker } from "./evaluate.ts";
import { routableServices, routerFor } from "./from-directory.ts";
import { DEFAULT_TARGET_PRECISION, suggest, thresholdFor } from "./suggest.ts";
import { decisionStream, namesOnly, replay } from "./replay.ts";

// `npm run routing:eval`: the router beside a character n-gram baseline on the labelled
// complaints in test/fixtures/routing (see its README). `tune` may be looked at while
// improving the router (`--misses` lists its mistakes); `calibration` only fits the
// confidence (npm run routing:calibrate) and `heldout` only reports: neither is looked at
// case by case.
const directory = await loadDirectory(process.env.AGENCIES_DIR ?? "agencies");
const services = routableServices(directory);
const index = routerFor(directory);
const baseline = buildBaseline(services);
const router: Ranker = (c) => suggest(index, { text: c.text, city: c.city || null }, 5);
const ngram: Ranker = (c) => baselineRank(baseline, c.text, c.city || null).slice(0, 5);

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : "-").padStart(6);
const line = (r: { total: number; top1: number; top3: number; service: number }) =>
  `${pct(r.top1, r.total)} ${pct(r.top3, r.total)} ${pct(r.service, r.total)}`;

// The calibration set is printed once it exists (npm run routing:calibrate needs it).
const HALVES = ["tune", ...(existsSync("test/fixtures/routing/calibration.tsv") ? ["calibration"] : []), "heldout"];
for (const half of HALVES) {
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
  for (const target of [...new Set([0.9, DEFAULT_TARGET_PRECISION, 0.98])]) {
    const t = thresholdFor(index.calibration, target);
    const [p] = triageCurve(r.outcomes, [t]);
    console.log(
      `  target precision ${target} -> threshold ${t} (from the calibration set): triage ${pct(p!.triageRate, 1)}  precision ${pct(p!.precision, 1)}`,
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

// Replay: the labelled complaints as a stream of decisions (server/routing/replay.ts),
// with the directory as it is and with names only, where the history is all the router has.
{
  const stream = decisionStream([
    ...parseCases(await readFile("test/fixtures/routing/tune.tsv", "utf8")),
    ...parseCases(await readFile("test/fixtures/routing/heldout.tsv", "utf8")),
  ]);
  const threshold = thresholdFor(index.calibration, DEFAULT_TARGET_PRECISION);
  const TEST = 150;
  for (const [label, dir] of [
    ["directory", directory],
    ["names only", namesOnly(directory)],
  ] as const) {
    console.log(`\n=== replay (${label}): learn the first k decisions, test on the last ${TEST} (threshold ${threshold}) ===`);
    for (const p of replay(dir, stream, [0, 100, 200, 300, stream.length - TEST], TEST, threshold))
      console.log(
        `  k=${String(p.k).padStart(3)}  top-1 ${pct(p.top1, p.total)}  top-3 ${pct(p.top3, p.total)}  service ${pct(p.service, p.total)}  triage ${pct(p.triageRate, 1)}  precision ${pct(p.precision, 1)}`,
      );
  }
}
