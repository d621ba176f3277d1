import { readFile } from "node:fs/promises";
import { loadDirectory } from "../directory/load.ts";
import { evaluate, parseCases } from "./evaluate.ts";
import { routableServices } from "./from-directory.ts";
import { buildIndex } from "./suggest.ts";

// `npm run routing:eval`: accuracy on the labelled complaints in test/fixtures/routing.
// `tune` may be looked at while improving the router; `heldout` must never be.
const index = buildIndex(routableServices(await loadDirectory(process.env.AGENCIES_DIR ?? "agencies")));
const pct = (n: number, d: number) => `${((100 * n) / d).toFixed(1)}%`;
for (const half of ["tune", "heldout"] as const) {
  const cases = parseCases(await readFile(`test/fixtures/routing/${half}.tsv`, "utf8"));
  const r = evaluate(index, cases);
  console.log(`${half.padEnd(8)} n=${r.total}  top-1 ${pct(r.top1, r.total)}  top-3 ${pct(r.top3, r.total)}`);
  if (half === "tune" && process.argv.includes("--misses")) {
    for (const m of r.misses) console.log(`  want ${m.case.agency}/${m.case.service}  got ${m.got.join(", ") || "-"}  | ${m.case.text}`);
  }
}
