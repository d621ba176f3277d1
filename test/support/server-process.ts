import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/**
 * Budget for a test that starts the hub process or opens a database from a data folder
 * (migrations, demo seed): on a busy 2-core machine that alone has taken over a minute,
 * so such tests wait for the event itself and only give up well past it.
 */
export const SLOW_TEST_TIMEOUT = 300_000;
/** How long startHub waits for "hub listening"; SLOW_TEST_TIMEOUT leaves room after it. */
export const START_TIMEOUT = 240_000;

export interface HubProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/** Runs the real entry point (`npm start` without npm) so tests see what an operator sees. */
export function runHub(
  env: Record<string, string>,
  entry: string[] = ["--import", "tsx", "server/main.ts"],
): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, entry, {
    env: { ...process.env, LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** `entry`: node's arguments; the sources through tsx unless a test runs the compiled hub. */
export async function startHub(
  env: Record<string, string>,
  timeoutMs = START_TIMEOUT,
  entry?: string[],
): Promise<HubProcess & { exited: Promise<number | null> }> {
  const port = await freePort();
  const { child, output, exited } = runHub({ PORT: String(port), HOST: "127.0.0.1", ...env }, entry);
  const deadline = Date.now() + timeoutMs;
  let done = false;
  exited.then(() => (done = true));
  while (!output().includes("hub listening")) {
    if (done) throw new Error(`the hub exited before listening:\n${output()}`);
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error(`the hub did not listen within ${timeoutMs} ms:\n${output()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    exited,
    url: `http://127.0.0.1:${port}`,
    output,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}
