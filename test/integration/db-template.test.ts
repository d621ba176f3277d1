import { access, mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase, rawQuery } from "../../server/db.ts";
import { ensureTemplate, fillFromTemplate } from "../../server/db-template.ts";
import { SLOW_TEST_TIMEOUT } from "../support/server-process.ts";

// A new embedded data folder is a copy of a fresh cluster made once (server/db-template.ts),
// not the output of initdb; it must open, migrate and keep data like any other folder.
const made: string[] = [];
const scratch = async (name: string) => {
  const dir = await mkdtemp(join(tmpdir(), `hub-${name}-`));
  made.push(dir);
  return dir;
};
afterAll(async () => {
  for (const d of made) await rm(d, { recursive: true, force: true });
});
const exists = (p: string) =>
  access(p).then(
    () => true,
    () => false,
  );

describe("the embedded database's fresh-cluster template", { timeout: SLOW_TEST_TIMEOUT }, () => {
  it("two processes making it at once both end with one complete template", async () => {
    const root = await scratch("template");
    const target = join(root, "pglite-test");
    const [a, b] = await Promise.all([ensureTemplate(target), ensureTemplate(target)]);
    expect([a, b]).toEqual([target, target]);
    expect(await exists(join(target, "PG_VERSION"))).toBe(true);
    // Neither left its half-built folder behind.
    expect(await readdir(root)).toEqual(["pglite-test"]);

    // A folder filled from it is a working cluster (PGlite resumes it, no initdb).
    const pgdata = join(await scratch("fill"), "pglite");
    expect(await fillFromTemplate(pgdata, target)).toBe(true);
    expect(await exists(join(pgdata, "PG_VERSION"))).toBe(true);
  });

  it("a new data folder opens migrated, keeps what was written, and a copy cut short is made again", async () => {
    const dataDir = await scratch("data");
    const first = await openDatabase({ dataDir });
    try {
      await rawQuery(first.db, "create table kept (v text)", []);
      await rawQuery(first.db, "insert into kept values ('still here')", []);
      const [journal] = (await rawQuery(first.db, "select count(*)::int as n from drizzle.__drizzle_migrations", [])) as { n: number }[];
      expect(journal!.n).toBeGreaterThan(0);
    } finally {
      await first.close();
    }
    const again = await openDatabase({ dataDir });
    try {
      expect(await rawQuery(again.db, "select v from kept", [])).toEqual([{ v: "still here" }]);
    } finally {
      await again.close();
    }

    // A start killed mid-copy leaves files but no PG_VERSION: the next start copies again.
    const cut = await scratch("cut");
    await mkdir(join(cut, "pglite", "base"), { recursive: true });
    await writeFile(join(cut, "pglite", "postgresql.conf"), "half a file");
    const resumed = await openDatabase({ dataDir: cut });
    try {
      expect(await rawQuery(resumed.db, "select count(*)::int as n from agencies", [])).toEqual([{ n: 0 }]);
    } finally {
      await resumed.close();
    }
  });
});
