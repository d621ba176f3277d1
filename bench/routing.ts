// `npm run bench:routing`: the router's time for one suggestion on a 300-word complaint
// (issue 15: under 5 ms), median and 95th percentile over 500 runs after warm-up.
import { loadDirectory } from "../server/directory/load.ts";
import { routerFor } from "../server/routing/from-directory.ts";
import { suggest } from "../server/routing/suggest.ts";
import { readFileSync } from "node:fs";

const index = routerFor(await loadDirectory("agencies"));
const long = readFileSync("test/fixtures/routing/heldout.tsv", "utf8")
  .split("\n")
  .filter((l) => l.startsWith("long\t"))
  .map((l) => l.split("\t")[4]!);
const texts = long.filter((t) => t.split(/\s+/).length >= 300);
for (let i = 0; i < 200; i++) suggest(index, { text: texts[i % texts.length]!, city: null });
const times: number[] = [];
// Wall time moves with the machine's load (other processes on the same cores); the
// process's own CPU time per suggestion is printed beside it.
const cpu0 = process.cpuUsage();
for (let i = 0; i < 500; i++) {
  const t = texts[i % texts.length]!;
  const start = performance.now();
  suggest(index, { text: t, city: null });
  times.push(performance.now() - start);
}
const cpu = process.cpuUsage(cpu0);
times.sort((a, b) => a - b);
const words = texts.map((t) => t.split(/\s+/).length);
console.log(
  `suggest() on ${texts.length} complaints of ${Math.min(...words)}–${Math.max(...words)} words: median ${times[250]!.toFixed(2)} ms, p95 ${times[475]!.toFixed(2)} ms, max ${times[499]!.toFixed(2)} ms; CPU ${((cpu.user + cpu.system) / 1000 / 500).toFixed(2)} ms per suggestion (mean)`,
);
