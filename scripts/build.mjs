// `npm run build`: compile with tsc (tsconfig.build.json), then copy what the compiled
// code reads next to itself at run time. Plain JavaScript so it runs before anything is built.
import { execFileSync } from "node:child_process";
import { cpSync, rmSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// Another folder inside the repository may be named (the production-start test builds
// into its own); it must be inside, where node_modules is found.
const out = process.argv[2] ?? "dist";
rmSync(out, { recursive: true, force: true });
execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", out], { stdio: "inherit" });
for (const path of ["schema/migrations", "views/static", "server/demo/registry.csv"]) {
  cpSync(path, `${out}/${path}`, { recursive: true });
}
console.log(`built ${out}/ (start it with: npm run start:prod, or node ${out}/server/main.js)`);
