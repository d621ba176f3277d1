/**
 * `npm install` runs this (postinstall): makes the fresh-cluster template the embedded
 * database's first start copies instead of running initdb (server/db-template.ts).
 * It never fails the install: without a template the first start runs initdb itself,
 * as it always did, and keeps the result as the template.
 *
 *   node --import tsx scripts/pglite-template.ts
 */
import { ensureTemplate } from "../server/db-template.ts";

const t = performance.now();
try {
  const dir = await ensureTemplate();
  console.log(`embedded database template ready in ${dir} (${((performance.now() - t) / 1000).toFixed(1)} s)`);
} catch (e) {
  console.warn(`embedded database template not made (the first start will run initdb instead): ${(e as Error).message}`);
}
