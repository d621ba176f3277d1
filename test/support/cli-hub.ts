import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll } from "vitest";
import { runCli } from "../../server/cli-run.ts";
import { parseConfig } from "../../server/config.ts";
import { openDatabase, type Database } from "../../server/db.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";

/**
 * Hubs that a test opens as an operator's command would (`npm run hub -- …`): each
 * one its own data folder on PGlite, or its own database on PostgreSQL, described by
 * the environment the command reads. Call at a file's or describe's top level: the
 * databases are dropped after its tests.
 */
export function cliHubs(prefix: string) {
  const opened: TestDatabase[] = [];
  afterAll(async () => {
    await Promise.all(opened.map((d) => d.close()));
  });
  return {
    /** A new hub's environment. */
    async env(): Promise<Record<string, string>> {
      const dataDir = await mkdtemp(join(tmpdir(), `${prefix}-`));
      if (!process.env.DATABASE_URL) return { DATA_DIR: dataDir };
      const pg = await createTestDatabase();
      opened.push(pg);
      return { DATABASE_URL: pg.url!, DATA_DIR: dataDir, HUB_SECRET: "test-secret-".padEnd(40, "x") };
    },
    /** The hub's database, opened (and migrated) as the command opens it. */
    open(env: Record<string, string>): Promise<Database> {
      const config = parseConfig(env);
      return openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, max: 5 });
    },
    /** Runs a command against the hub; what it printed, by stream. */
    async cli(args: string[], env: Record<string, string>): Promise<{ code: number; out: string[]; err: string[] }> {
      const out: string[] = [];
      const err: string[] = [];
      const code = await runCli(args, { out: (l) => out.push(l), err: (l) => err.push(l), env });
      return { code, out, err };
    },
  };
}
