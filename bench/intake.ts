// `npm run bench:intake`: the hub's complaints.submit (tRPC over HTTP, the real entry
// point on PostgreSQL) against a bare baseline (bench/baseline-intake.ts: Hono +
// postgres.js, one INSERT … RETURNING per request), driven by the same autocannon load
// in alternating pairs so both see the same noise on a shared machine. Every request
// carries a new client key, so each one files a new complaint. Afterwards the stored
// complaints are counted against the 2xx answers: nothing acknowledged may be lost.
//
// Targets (issue #16): hub >= 50 % of the baseline's rate at 10 connections, and
// p99 < 50 ms at a fixed 200 req/s.
//
// Needs a PostgreSQL server: BENCH_PG (default postgres://postgres@127.0.0.1:5432/postgres);
// creates a fresh database and drops it at the end. PAIRS, SECONDS, CONNECTIONS tune it.

import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import autocannon from "autocannon";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "../schema/index.ts";
import type { Db } from "../server/db.ts";
import { createSession } from "../server/auth/sessions.ts";
import { freePort, startHub } from "../test/support/server-process.ts";

const serverUrl = process.env.BENCH_PG ?? "postgres://postgres@127.0.0.1:5432/postgres";
const PAIRS = Number(process.env.PAIRS ?? 3);
const SECONDS = Number(process.env.SECONDS ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 10);
const RATE = 200;

const name = `bench_intake_${randomBytes(4).toString("hex")}`;
const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database ${name}`);
const dbUrl = new URL(serverUrl);
dbUrl.pathname = `/${name}`;
const url = dbUrl.toString();
const dataDir = await mkdtemp(join(tmpdir(), "bench-intake-"));

const children: (() => Promise<void>)[] = [];
async function cleanup() {
  for (const stop of children.reverse()) await stop().catch(() => {});
  await admin.unsafe(`drop database if exists ${name} with (force)`);
  await admin.end();
  await rm(dataDir, { recursive: true, force: true });
}

try {
  // --- the hub: the real entry point, migrating the fresh database ----------------
  const hubPort = await freePort();
  const hubUrl = `http://127.0.0.1:${hubPort}`;
  const hub = await startHub({
    PORT: String(hubPort),
    DATABASE_URL: url,
    HUB_SECRET: randomBytes(32).toString("hex"),
    DATA_DIR: dataDir,
    PUBLIC_URL: hubUrl,
    HUB_DEMO: "false",
    LOG_LEVEL: process.env.HUB_LOG_LEVEL ?? "info",
    // For profiling the hub alone: HUB_NODE_OPTIONS="--cpu-prof --cpu-prof-dir=/tmp/prof".
    ...(process.env.HUB_NODE_OPTIONS ? { NODE_OPTIONS: process.env.HUB_NODE_OPTIONS } : {}),
  });
  children.push(hub.stop);

  // --- citizens with sessions, written straight into the database -------------------
  const client = postgres(url, { max: 2, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Db;
  const cookies: string[] = [];
  const now = new Date();
  for (let i = 0; i < 20; i++) {
    const [c] = await client`
      insert into citizens (national_id, nationality, first_name, father_name, grandfather_name, family_name, date_of_birth,
                            mobile, email, country, city, address, password_hash, policy_accepted_at, mobile_verified_at)
      values (${String(1_900_000_000 + i)}, 'SA', 'محمد', 'عبدالله', 'سعد', 'القحطاني', '1990-01-01',
              ${`+9665${String(10_000_000 + i)}`}, null, 'SA', 'riyadh', 'حي النخيل', 'x', ${now.toISOString()}, ${now.toISOString()})
      returning id`;
    const { token } = await createSession(db, "citizen", c!.id as string, now);
    cookies.push(`hub_session=${token}`);
  }

  // --- the baseline ---------------------------------------------------------------
  const basePort = await freePort();
  const base: ChildProcess = spawn(process.execPath, ["--import", "tsx", "bench/baseline-intake.ts"], {
    env: { ...process.env, DATABASE_URL: url, PORT: String(basePort) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const baseExited = new Promise((r) => base.on("exit", r));
  children.push(async () => {
    base.kill("SIGTERM");
    await baseExited;
  });
  await new Promise<void>((resolve, reject) => {
    base.stdout!.on("data", (d) => String(d).includes("listening") && resolve());
    base.on("exit", () => reject(new Error("the baseline exited before listening")));
  });
  const baseUrl = `http://127.0.0.1:${basePort}`;

  const texts = [
    "الكهرباء مقطوعة عن الحي منذ الصباح",
    "المويه مقطوعة من امس في حي النخيل",
    "النت بطيء جدا في البيت ولا يعمل",
    "حفرة كبيرة في الشارع العام أمام المدرسة",
    "أرجو التواصل معي بخصوص موضوع التأخير",
  ];
  let seq = 0;
  const run = (target: "hub" | "baseline", opts: { duration: number; connections: number; overallRate?: number }) =>
    autocannon({
      url: target === "hub" ? hubUrl : baseUrl,
      connections: opts.connections,
      duration: opts.duration,
      ...(opts.overallRate ? { overallRate: opts.overallRate } : {}),
      requests: [
        {
          method: "POST",
          path: target === "hub" ? "/trpc/complaints.submit" : "/submit",
          setupRequest: (req) => {
            const i = seq++;
            req.headers = { "content-type": "application/json", origin: hubUrl, cookie: cookies[i % cookies.length]! };
            req.body = JSON.stringify({
              kind: "complaint",
              text: `${texts[i % texts.length]} رقم ${i}`,
              city: "riyadh",
              notifyBy: "sms",
              clientKey: `bench-${target}-${i}-${name}`,
            });
            return req;
          },
        },
      ],
    });

  const fmt = (r: autocannon.Result) =>
    `${r.requests.average.toFixed(1).padStart(8)} req/s   p50 ${String(r.latency.p50).padStart(4)} ms   p99 ${String(r.latency.p99).padStart(4)} ms   2xx ${r["2xx"]}  non-2xx ${r.non2xx}  errors ${r.errors}`;

  console.log(`bench:intake on PostgreSQL (${name}); ${PAIRS} alternating pairs of ${SECONDS} s at ${CONNECTIONS} connections\n`);
  // Warm both (JIT, pools, prepared statements, PostgreSQL caches); not counted.
  await run("hub", { duration: 3, connections: CONNECTIONS });
  await run("baseline", { duration: 3, connections: CONNECTIONS });

  let hub2xx = 0;
  const ratios: number[] = [];
  const hubRates: number[] = [];
  const baseRates: number[] = [];
  const hubP99: number[] = [];
  const hubP50: number[] = [];
  for (let p = 1; p <= PAIRS; p++) {
    // Alternate which goes first, so neither always runs on the warmer machine.
    const order: ("hub" | "baseline")[] = p % 2 ? ["hub", "baseline"] : ["baseline", "hub"];
    const res: Record<string, autocannon.Result> = {};
    for (const t of order) res[t] = await run(t, { duration: SECONDS, connections: CONNECTIONS });
    const h = res.hub!;
    const b = res.baseline!;
    hub2xx += h["2xx"];
    ratios.push(h.requests.average / b.requests.average);
    hubRates.push(h.requests.average);
    baseRates.push(b.requests.average);
    hubP50.push(h.latency.p50);
    hubP99.push(h.latency.p99);
    console.log(`pair ${p}  hub      ${fmt(h)}`);
    console.log(`pair ${p}  baseline ${fmt(b)}`);
    console.log(`pair ${p}  hub/baseline ${(100 * ratios.at(-1)!).toFixed(1)} %\n`);
  }
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
  };
  console.log(
    `median of ${PAIRS} pairs at ${CONNECTIONS} connections: hub ${median(hubRates).toFixed(1)} req/s, baseline ${median(baseRates).toFixed(1)} req/s`,
  );
  console.log(
    `median hub/baseline ratio ${(100 * median(ratios)).toFixed(1)} % (target >= 50 %); hub p50 ${median(hubP50)} ms, p99 ${median(hubP99)} ms`,
  );

  // Fixed rate: 200 req/s offered whatever the answers take (latencies are corrected
  // for coordinated omission by autocannon).
  const fixed = await run("hub", { duration: SECONDS, connections: 50, overallRate: RATE });
  hub2xx += fixed["2xx"];
  console.log(`\nhub at a fixed ${RATE} req/s: ${fmt(fixed)}`);
  console.log(`p99 at ${RATE} req/s: ${fixed.latency.p99} ms (target < 50 ms)`);

  // Nothing acknowledged was lost: the warm-up's answers are not counted above, so
  // compare the measured runs' 2xx with the complaints they filed.
  const [{ n }] = (await client`select count(*)::int as n from complaints where client_key like 'bench-hub-%'`) as unknown as [
    { n: number },
  ];
  const [{ e }] =
    (await client`select count(*)::int as e from complaints c where client_key like 'bench-hub-%' and not exists (select 1 from outbox o where o.idempotency_key = 'complaint_received:' || c.id)`) as unknown as [
      { e: number },
    ];
  console.log(`\nstored hub complaints ${n} (>= ${hub2xx} acknowledged in measured runs, plus warm-up); without their SMS: ${e}`);
  await client.end();
} finally {
  await cleanup();
}
