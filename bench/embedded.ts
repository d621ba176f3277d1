// `npm run bench:embedded`: the embedded default (PGlite in DATA_DIR, demo data) as an
// operator starts it: time from spawn to the first page, and resident memory once it
// serves, on an empty data folder (cold: migrations, demo seed) and again on restart.
// `npm run bench:embedded -- 5` starts cold 5 times (each on its own empty folder) and
// prints the medians; the machine is shared and noisy, one run says little.
//
// Target (issue #16): cold start to the first page < 8 s, < 400 MB resident after start.
// Peak is the process's high-water mark (VmHWM), what an operator's memory limit meets.

import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHub } from "../test/support/server-process.ts";
import { templateDir } from "../server/db-template.ts";

const status = async (pid: number, field: "VmRSS" | "VmHWM") => {
  const text = await readFile(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)![1]) / 1024);
};
// CPU seconds the hub used (user + system, all its threads): steadier than the clock on a busy machine.
const cpuSeconds = async (pid: number) => {
  const f = (await readFile(`/proc/${pid}/stat`, "utf8")).split(") ")[1]!.split(" ");
  return (Number(f[11]) + Number(f[12])) / 100;
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;

const runs = Math.max(1, Number(process.argv[2] ?? 1));
const template = await templateDir();
const hasTemplate = await access(join(template, "PG_VERSION")).then(
  () => true,
  () => false,
);
console.log(`fresh-cluster template ${hasTemplate ? "present" : "absent (the first cold start makes it)"}: ${template}`);

const results: Record<string, { s: number[]; cpu: number[]; rss: number[]; peak: number[] }> = {};
const measure = async (run: string, dataDir: string, logLines: boolean) => {
  const t = performance.now();
  const hub = await startHub({ DATA_DIR: dataDir, LOG_LEVEL: "info" }, 300_000);
  const page = await fetch(`${hub.url}/`);
  await page.text();
  const s = (performance.now() - t) / 1000;
  const rss = await status(hub.child.pid!, "VmRSS");
  const cpu = await cpuSeconds(hub.child.pid!);
  // A moment later, after the jobs' first run (atStart), as an operator would look.
  await new Promise((r) => setTimeout(r, 5000));
  const settled = await status(hub.child.pid!, "VmRSS");
  const peak = await status(hub.child.pid!, "VmHWM");
  console.log(
    `${run.padEnd(26)} first page (HTTP ${page.status}) after ${s.toFixed(1)} s (${cpu.toFixed(1)} s CPU); resident ${rss} MB then, ${settled} MB 5 s later, peak ${peak} MB`,
  );
  const r = (results[run] ??= { s: [], cpu: [], rss: [], peak: [] });
  r.s.push(s);
  r.cpu.push(cpu);
  r.rss.push(settled);
  r.peak.push(peak);
  // Where the start-up time went: the hub's own log lines, as offsets from spawn.
  if (logLines) {
    for (const l of hub.output().split("\n")) {
      try {
        const j = JSON.parse(l) as { time: number; msg: string };
        if (j.msg !== "request") console.log(`    +${((j.time - (Date.now() - (performance.now() - t))) / 1000).toFixed(1)} s  ${j.msg}`);
      } catch {
        // not one of the hub's JSON log lines
      }
    }
  }
  await hub.stop();
};

for (let i = 0; i < runs; i++) {
  const dataDir = await mkdtemp(join(tmpdir(), "bench-embedded-"));
  try {
    await measure("cold (empty data folder)", dataDir, i === 0);
    if (i === 0) await measure("restart (same folder)", dataDir, true);
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}
if (runs > 1) {
  for (const [run, r] of Object.entries(results)) {
    console.log(
      `median of ${r.s.length}, ${run}: first page ${median(r.s).toFixed(1)} s (${median(r.cpu).toFixed(1)} s CPU), resident ${median(r.rss)} MB, peak ${median(r.peak)} MB`,
    );
  }
}
console.log("targets: cold start < 8 s, < 400 MB resident");
