// `npm run bench:embedded`: the embedded default (PGlite in DATA_DIR, demo data) as an
// operator starts it: time from spawn to the first page, and resident memory once it
// serves, on an empty data folder (cold: migrations, demo seed) and again on restart.
//
// Target (issue #16): cold start to the first page < 8 s, < 400 MB resident after start.

import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startHub } from "../test/support/server-process.ts";

const rssMb = async (pid: number) => {
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  return Math.round(Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024);
};

const dataDir = await mkdtemp(join(tmpdir(), "bench-embedded-"));
try {
  for (const run of ["cold (empty data folder)", "restart (same folder)"]) {
    const t = performance.now();
    const hub = await startHub({ DATA_DIR: dataDir, LOG_LEVEL: "info" }, 300_000);
    const page = await fetch(`${hub.url}/`);
    await page.text();
    const s = (performance.now() - t) / 1000;
    const rss = await rssMb(hub.child.pid!);
    // A moment later, after the jobs' first run (atStart), as an operator would look.
    await new Promise((r) => setTimeout(r, 5000));
    const settled = await rssMb(hub.child.pid!);
    console.log(
      `${run.padEnd(26)} first page (HTTP ${page.status}) after ${s.toFixed(1)} s; resident ${rss} MB then, ${settled} MB 5 s later`,
    );
    // Where the start-up time went: the hub's own log lines, as offsets from spawn.
    for (const l of hub.output().split("\n")) {
      try {
        const j = JSON.parse(l) as { time: number; msg: string };
        if (j.msg !== "request") console.log(`    +${((j.time - (Date.now() - (performance.now() - t))) / 1000).toFixed(1)} s  ${j.msg}`);
      } catch {
        // not one of the hub's JSON log lines
      }
    }
    await hub.stop();
  }
  console.log("targets: cold start < 8 s, < 400 MB resident");
} finally {
  await rm(dataDir, { recursive: true, force: true });
}
