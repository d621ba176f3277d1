import { spawn } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { freePort, SLOW_TEST_TIMEOUT, START_TIMEOUT } from "../support/server-process.ts";

// `npm start` as an operator (or a container's init) runs it: SIGTERM to npm must end
// the server too, having closed it, stopped the jobs and closed the database.
let database: TestDatabase | undefined;
afterAll(async () => {
  await database?.close();
});

describe("npm start and SIGTERM", () => {
  it(
    "SIGTERM to npm start stops the hub: the port closes and every process exits",
    async () => {
      const dataDir = await mkdtemp(join(tmpdir(), "hub-data-"));
      const port = await freePort();
      const env: Record<string, string> = {
        ...(process.env as Record<string, string>),
        PORT: String(port),
        HOST: "127.0.0.1",
        DATA_DIR: dataDir,
        LOG_LEVEL: "info",
      };
      if (process.env.DATABASE_URL) {
        database = await createTestDatabase();
        Object.assign(env, { DATABASE_URL: database.url!, HUB_SECRET: "test-secret-".padEnd(40, "x") });
      }
      const npm = spawn("npm", ["start", "--silent"], { env, stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      npm.stdout!.on("data", (d) => (out += d));
      npm.stderr!.on("data", (d) => (out += d));
      const exited = new Promise<void>((resolve) => npm.on("exit", () => resolve()));
      // The same wait as startHub: on a busy machine the first start (migrations, seed) takes over a minute.
      const deadline = Date.now() + START_TIMEOUT;
      while (!out.includes("hub listening")) {
        if (Date.now() > deadline) throw new Error(`no start:\n${out}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      npm.kill("SIGTERM");
      await exited;
      // Once npm is gone the server must be gone too, not left serving (it was before).
      let stillServing = true;
      for (let i = 0; i < 100 && stillServing; i++) {
        stillServing = await fetch(`http://127.0.0.1:${port}/healthz`).then(
          () => true,
          () => false,
        );
        if (stillServing) await new Promise((r) => setTimeout(r, 100));
      }
      expect(stillServing, out).toBe(false);
      expect(out).toContain("shutting down");
    },
    SLOW_TEST_TIMEOUT,
  );
});
