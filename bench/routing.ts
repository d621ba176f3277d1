// `npm run bench:routing`: the router's time for one suggestion on a 300-word complaint
// (issue 15: under 5 ms), median and 95th percentile over 500 runs after warm-up, with
// the character n-gram baseline timed on the same texts in the same run (rounds
// alternate, so the machine's load falls on both alike).
import { loadDirectory } from "../server/directory/load.ts";
import { buildBaseline, baselineRank } from "../server/routing/baseline.ts";
import { routableServices, routerFor } from "../server/routing/from-directory.ts";
import { suggest } from "../server/routing/suggest.ts";
import { readFileSync } from "node:fs";

const directory = await loadDirectory("agencies");
const index = routerFor(directory);
const baseline = buildBaseline(routableServices(directory));
const long = readFileSync("test/fixtures/routing/heldout.tsv", "utf8")
  .split("\n")
  .filter((l) => l.startsWith("long\t"))
  .map((l) => l.split("\t")[4]!);
const texts = long.filter((t) => t.split(/\s+/).length >= 300);
const router = (t: string) => suggest(index, { text: t, city: null });
const ngram = (t: string) => baselineRank(baseline, t, null);
for (let i = 0; i < 200; i++) {
  router(texts[i % texts.length]!);
  ngram(texts[i % texts.length]!);
}

const times = { router: [] as number[], baseline: [] as number[] };
const cpu = { router: 0, baseline: 0 };
for (let round = 0; round < 10; round++)
  for (const [name, fn] of [
    ["router", router],
    ["baseline", ngram],
  ] as const) {
    const cpu0 = process.cpuUsage();
    for (let i = 0; i < 50; i++) {
      const t = texts[(round * 50 + i) % texts.length]!;
      const start = performance.now();
      fn(t);
      times[name].push(performance.now() - start);
    }
    const used = process.cpuUsage(cpu0);
    cpu[name] += used.user + used.system;
  }
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const words = texts.map((t) => t.split(/\s+/).length);
console.log(
  `${texts.length} complaints of ${Math.min(...words)}–${Math.max(...words)} words, 500 suggestions each (10 alternating rounds):`,
);
for (const name of ["router", "baseline"] as const)
  console.log(
    `  ${name.padEnd(8)} median ${median(times[name]).toFixed(2)} ms  p95 ${p95(times[name]).toFixed(2)} ms  max ${Math.max(...times[name]).toFixed(2)} ms  CPU ${(cpu[name] / 1000 / 500).toFixed(2)} ms each`,
  );
console.log(`  router / baseline (medians): ${(median(times.router) / median(times.baseline)).toFixed(2)}`);
