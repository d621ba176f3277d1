import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadDirectory } from "../../server/directory/load.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { sampleFiles, writeDirectory } from "../support/directory-fixture.ts";
import { runHub, SLOW_TEST_TIMEOUT, startHub } from "../support/server-process.ts";

// These run the real process. On the PostgreSQL pass they use a database of their own.
const opened: TestDatabase[] = [];
async function databaseEnv(): Promise<Record<string, string>> {
  const dataDir = await mkdtemp(join(tmpdir(), "hub-data-"));
  if (!process.env.DATABASE_URL) return { DATA_DIR: dataDir };
  const db = await createTestDatabase();
  opened.push(db);
  return { DATA_DIR: dataDir, DATABASE_URL: db.url!, HUB_SECRET: "test-secret-".padEnd(40, "x") };
}
afterAll(async () => {
  for (const db of opened) await db.close();
});

describe("starting the hub", { timeout: SLOW_TEST_TIMEOUT }, () => {
  it("serves the Arabic home page listing every agency of the sample directory", async () => {
    const hub = await startHub(await databaseEnv());
    try {
      const html = await (await fetch(`${hub.url}/`)).text();
      expect(html).toMatch(/<html lang="ar" dir="rtl">/);
      const { agencies } = await loadDirectory("agencies");
      for (const a of agencies) expect(html).toContain(`data-agency="${a.code}"`);
      expect((await fetch(`${hub.url}/readyz`)).status).toBe(200);
      // Demo mode (the default on the embedded database) gives the liaison portal and
      // triage queue something to show; on PostgreSQL demo data needs HUB_DEMO=1.
      if (!process.env.DATABASE_URL) expect(hub.output()).toMatch(/"complaints":7[,}].*demo data ready/);
      else expect(hub.output()).not.toContain("demo data ready");
    } finally {
      await hub.stop();
    }
  });

  it("a malformed agency file stops start-up with a message naming the file and field", async () => {
    const files = sampleFiles();
    (files["ROADS.json"] as any).escalation[1].email = "not-an-email";
    const dir = await writeDirectory(files);
    const run = runHub({ ...(await databaseEnv()), AGENCIES_DIR: dir, PORT: "0" });
    const code = await run.exited;
    expect(code).toBe(1);
    expect(run.output()).toMatch(/ROADS\.json: escalation\[1\]\.email: must be an email address/);
    expect(run.output()).not.toContain("hub listening");
  });

  it("a wrong setting stops start-up naming the variable", async () => {
    const run = runHub({ ...(await databaseEnv()), HUB_WEEKEND: "fri,funday" });
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/HUB_WEEKEND: unknown weekday "fun"/);
  });
});
