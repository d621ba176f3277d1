import { execFile } from "node:child_process";
import { mkdtemp } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { SLOW_TEST_TIMEOUT, startHub } from "../support/server-process.ts";

// The production start (issue 18 item 4): `npm run build` compiles the hub to JavaScript
// and node runs it directly, no npm and no tsx in the process. SIGTERM (a container
// stopping, a rolling deploy) must let a request already being answered finish, then
// end the process with 0. The build goes to .build-test/ so it does not touch dist/.
const OUT = ".build-test";
let database: TestDatabase | undefined;
afterAll(async () => {
  await database?.close();
});

/** Starts a POST whose body the test holds back: the request is in flight until `finish`. */
function heldRequest(url: string, path: string, origin: string) {
  const first = "nationalId=1023456789&";
  const rest = "password=not-the-password";
  let finish!: () => void;
  let connected!: Promise<void>;
  const answered = new Promise<number>((resolve, reject) => {
    const req = request(
      `${url}${path}`,
      {
        method: "POST",
        headers: {
          origin,
          connection: "close",
          "content-type": "application/x-www-form-urlencoded",
          "content-length": String(first.length + rest.length),
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode!));
      },
    );
    req.on("error", reject);
    connected = new Promise((resolve) => req.on("socket", (s) => s.once("connect", () => resolve())));
    req.write(first);
    finish = () => req.end(rest);
  });
  return { answered, connected, finish: () => finish() };
}

describe("the compiled hub", () => {
  it(
    "runs with node alone and, on SIGTERM, finishes the request in flight before exiting 0",
    async () => {
      await promisify(execFile)(process.execPath, ["scripts/build.mjs", OUT], { maxBuffer: 16 << 20 });
      const env: Record<string, string> = { HUB_DEMO: "0", DATA_DIR: await mkdtemp(join(tmpdir(), "hub-prod-")) };
      if (process.env.DATABASE_URL) {
        database = await createTestDatabase();
        Object.assign(env, { DATABASE_URL: database.url!, HUB_SECRET: "prod-start-secret-".padEnd(40, "x") });
      }
      const hub = await startHub(env, undefined, [`${OUT}/server/main.js`]);
      expect(hub.child.spawnargs.join(" ")).not.toContain("tsx");
      const page = await fetch(`${hub.url}/`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('dir="rtl"');
      expect((await fetch(`${hub.url}/static/app.css`)).status).toBe(200);

      // The sign-in form's POST, its body half sent: in flight when SIGTERM arrives.
      const origin = `http://localhost:${new URL(hub.url).port}`;
      const held = heldRequest(hub.url, "/signin", origin);
      await held.connected;
      // A request on a second connection answered means the hub has taken the first one
      // (connections are accepted in the order they arrived), so it is in flight now.
      expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
      hub.child.kill("SIGTERM");
      const deadline = Date.now() + 60_000;
      while (!hub.output().includes("shutting down")) {
        if (Date.now() > deadline) throw new Error(`no shutdown:\n${hub.output()}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      // Stopped taking new connections, still answering the one it has.
      await expect(fetch(`${hub.url}/healthz`)).rejects.toThrow();
      held.finish();
      const status = await held.answered;
      expect(status, hub.output()).toBeLessThan(500);
      expect(await hub.exited).toBe(0);
      expect(hub.output()).toContain('"msg":"stopped"');
    },
    SLOW_TEST_TIMEOUT,
  );
});
