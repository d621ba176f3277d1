import { mkdtemp } from "node:fs/promises";
import { createServer, connect, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { and, eq, inArray, sql } from "drizzle-orm";
import { complaints } from "../../schema/index.ts";
import { createSession } from "../../server/auth/sessions.ts";
import { createTestDatabase, type TestDatabase } from "./db.ts";
import { insertCitizen, seedRegistry } from "./registry.ts";
import { freePort, startHub, type HubProcess } from "./server-process.ts";

/** The fault suite needs a PostgreSQL server that outlives the hub process. */
export const onPostgres = !!process.env.DATABASE_URL;
export const SKIP_REASON = "the fault suite runs on PostgreSQL only: set DATABASE_URL (.ci/run does)";

/**
 * A TCP proxy in the test between the hub and PostgreSQL: `cut()` resets every
 * connection through it and every new one; `blackhole()` keeps them open but passes
 * nothing either way (a silent network); `restore()` forwards again.
 */
export async function tcpProxy(target: { host: string; port: number }) {
  let mode: "up" | "cut" | "blackhole" = "up";
  const pairs = new Set<[Socket, Socket]>();
  const silent = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (mode === "cut") return void client.resetAndDestroy();
    if (mode === "blackhole") {
      silent.add(client);
      client.on("error", () => {}).on("close", () => silent.delete(client));
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("error", drop).on("close", drop);
    upstream.on("error", drop).on("close", drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    port,
    cut() {
      mode = "cut";
      for (const [a, b] of pairs) {
        a.resetAndDestroy();
        b.resetAndDestroy();
      }
      pairs.clear();
    },
    blackhole() {
      mode = "blackhole";
      // Bytes wait in the sockets' buffers, unread, until restore() or forever.
      for (const [a, b] of pairs) {
        a.unpipe(b);
        b.unpipe(a);
        a.pause();
        b.pause();
      }
    },
    restore() {
      if (mode === "blackhole") {
        for (const [a, b] of pairs) {
          a.pipe(b);
          b.pipe(a);
        }
        for (const s of silent) s.destroy();
      }
      mode = "up";
    },
    close: () => {
      for (const [a, b] of pairs) {
        a.destroy();
        b.destroy();
      }
      for (const s of silent) s.destroy();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A migrated database of the test's own, a citizen with a session, and the hub's environment. */
export async function faultSetup(opts: { viaProxy?: boolean; env?: Record<string, string>; email?: string } = {}) {
  const database: TestDatabase = await createTestDatabase();
  await seedRegistry(database.db);
  const citizenId = await insertCitizen(database.db, opts.email ? { email: opts.email } : {});
  const { token } = await createSession(database.db, "citizen", citizenId, new Date());
  const direct = new URL(database.url!);
  const proxy = opts.viaProxy ? await tcpProxy({ host: direct.hostname, port: Number(direct.port || 5432) }) : undefined;
  const hubUrl = new URL(database.url!);
  if (proxy) {
    hubUrl.hostname = "127.0.0.1";
    hubUrl.port = String(proxy.port);
  }
  const port = await freePort();
  const env: Record<string, string> = {
    PORT: String(port),
    DATABASE_URL: hubUrl.toString(),
    HUB_SECRET: "fault-suite-secret-".padEnd(40, "x"),
    HUB_DEMO: "0",
    DATA_DIR: await mkdtemp(join(tmpdir(), "hub-fault-")),
    DATABASE_CONNECT_TIMEOUT_S: "2",
    ...opts.env,
  };
  return {
    database,
    proxy,
    citizenId,
    cookie: `hub_session=${token}`,
    env,
    base: `http://127.0.0.1:${port}`,
    start: (): Promise<HubProcess> => startHub(env),
  };
}

/** Resolves when `check` answers true; polls an event the test cannot subscribe to. */
export async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function submitBody(key: string, notifyBy: "sms" | "email" = "sms") {
  return JSON.stringify({ kind: "complaint", text: `الكهرباء مقطوعة عن الحي منذ الصباح ${key}`, city: "riyadh", notifyBy, clientKey: key });
}

/** One complaint through tRPC over the socket; the reference when the hub acknowledged it. */
export async function submitOnce(
  base: string,
  cookie: string,
  key: string,
  notifyBy: "sms" | "email" = "sms",
): Promise<{ status: number; reference?: string; body?: unknown }> {
  const res = await fetch(`${base}/trpc/complaints.submit`, {
    method: "POST",
    headers: { origin: base, "content-type": "application/json", cookie },
    body: submitBody(key, notifyBy),
    signal: AbortSignal.timeout(60_000),
  });
  const body = (await res.json().catch(() => null)) as { result?: { data?: { reference?: string } } } | null;
  return { status: res.status, reference: res.status === 200 ? body?.result?.data?.reference : undefined, body };
}

/**
 * What the database holds for the acknowledged keys. `lost` is acknowledged but not
 * stored; `duplicated` counts complaints beyond one per key.
 */
export async function countStored(database: TestDatabase, citizenId: string, acknowledged: Map<string, string>) {
  const keys = [...acknowledged.keys()];
  const rows = keys.length
    ? await database.db
        .select({ key: complaints.clientKey, reference: complaints.reference })
        .from(complaints)
        .where(and(eq(complaints.citizenId, citizenId), inArray(complaints.clientKey, keys)))
    : [];
  const byKey = new Map(rows.map((r) => [r.key!, r.reference]));
  const lost = keys.filter((k) => byKey.get(k) !== acknowledged.get(k)).length;
  const [{ total, distinct }] = (await database.db
    .select({ total: sql<number>`count(*)::int`, distinct: sql<number>`count(distinct ${complaints.clientKey})::int` })
    .from(complaints)
    .where(eq(complaints.citizenId, citizenId))) as [{ total: number; distinct: number }];
  return { acknowledged: keys.length, stored: byKey.size, lost, duplicated: total - distinct };
}

export function report(name: string, r: { acknowledged: number; stored: number; lost: number; sentTwice: number }, extra = "") {
  console.log(
    `${name}: acknowledged=${r.acknowledged} stored=${r.stored} lost=${r.lost} sent_twice=${r.sentTwice}${extra ? " " + extra : ""}`,
  );
}
