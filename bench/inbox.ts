// `npm run bench:inbox`: the liaison inbox's queries at scale, run exactly as the app
// builds them (captured from drizzle), each under EXPLAIN (ANALYZE, BUFFERS), then the
// inbox pages over HTTP. Load data first with `npm run seed:bulk -- --complaints 1000000`;
// needs DATABASE_URL.
//
// Targets (issue 16 item 3): every tab count, filter and word search under 50 ms at the
// database with a million complaints, and under 100 ms p95 over HTTP.
//
// "before" is the inbox as it was before that item (bench/inbox-before.ts: counts up to
// 10,000, a word search through the text index alone), run in the same process against
// the same data with the filter indexes of migration 0022 dropped inside a transaction
// that is rolled back; "after" is the inbox as it is. RUNS (default 5) sets how often
// each is timed; the medians are compared. HTTP_REQUESTS (default 60) per page type.

import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { serve } from "@hono/node-server";
import { sql } from "drizzle-orm";
import * as schema from "../schema/index.ts";
import { openDatabase, type Db } from "../server/db.ts";
import { inboxCounts, inboxPage, inboxQuerySchema, type InboxWindow } from "../server/complaints/inbox.ts";
import * as before from "./inbox-before.ts";
import { createSession } from "../server/auth/sessions.ts";
import { systemClock } from "../server/clock.ts";
import { testApp } from "../test/support/app.ts";
import { freePort } from "../test/support/server-process.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("set DATABASE_URL to the PostgreSQL database loaded by `npm run seed:bulk`");
  process.exit(2);
}
const RUNS = Number(process.env.RUNS ?? 5);
const HTTP_REQUESTS = Number(process.env.HTTP_REQUESTS ?? 60);
const NEW_INDEXES = ["complaints_inbox_city_idx", "complaints_inbox_service_idx", "complaints_inbox_class_idx"];

const client = postgres(url, { max: 1, onnotice: () => {} });
type Captured = { sql: string; params: unknown[] };
const captured: Captured[] = [];
const db = drizzle(client, { schema, logger: { logQuery: (sql, params) => captured.push({ sql, params }) } }) as unknown as Db;

const [{ n }] = (await client`select count(*)::int as n from complaints`) as unknown as [{ n: number }];
const [busiest] =
  await client`select agency_code, count(*)::int as n from complaints where agency_code is not null group by 1 order by 2 desc limit 1`;
const agency = busiest!.agency_code as string;
const [sample] = await client`select reference from complaints where agency_code = ${agency} and status = 'closed' offset 5000 limit 1`;
const [svc] = await client`select service_code from complaints where agency_code = ${agency} group by 1 order by count(*) desc limit 1`;
const [city] = await client`select city from complaints where agency_code = ${agency} group by 1 order by count(*) desc limit 1`;
console.log(`${Number(n).toLocaleString("en")} complaints; the busiest agency ${agency} has ${Number(busiest!.n).toLocaleString("en")}\n`);

const now = new Date();
const w: InboxWindow = {
  agencyCode: agency,
  staffId: "00000000-0000-0000-0000-000000000000",
  now,
  soon: new Date(now.getTime() + 2 * 86400_000),
};
const month = { ...w, fromAt: new Date(now.getTime() - 30 * 86400_000), toAt: now };
const cases: [string, Record<string, string>, InboxWindow?][] = [
  ["tab: awaiting decision", { tab: "routed" }],
  ["tab: in progress", { tab: "in_progress" }],
  ["tab: awaiting citizen", { tab: "awaiting_citizen" }],
  ["tab: due soon", { tab: "due_soon" }],
  ["tab: overdue", { tab: "overdue" }],
  ["tab: closed", { tab: "closed" }],
  ["filter: service", { tab: "in_progress", service: svc!.service_code as string }],
  ["filter: city", { tab: "in_progress", city: city!.city as string }],
  ["filter: importance (none match)", { tab: "in_progress", importance: "high" }],
  ["filter: classification (none)", { tab: "in_progress", complexity: "routine", importance: "high" }],
  ["filter: date range", { tab: "closed" }, month],
  ["filter: mine", { tab: "in_progress", mine: "1" }],
  ["search: common words", { tab: "in_progress", q: "انقطاع المياه" }],
  ["search: folded spelling", { tab: "closed", q: "الإنارة" }],
  ["search: rare word", { tab: "in_progress", q: "123457" }],
  ["search: no match", { tab: "in_progress", q: "زلزال" }],
  ["search: reference", { tab: "closed", q: sample!.reference as string }],
];

/** The statements one call issues, as drizzle sent them. */
async function statements(call: () => Promise<unknown>): Promise<Captured[]> {
  captured.length = 0;
  await call();
  return [...captured];
}

type Sql = postgres.Sql | postgres.TransactionSql;
async function explain(on: Sql, q: Captured) {
  const rows = await on.unsafe(`explain (analyze, buffers) ${q.sql}`, q.params as never[]);
  const lines = rows.map((r) => r["QUERY PLAN"] as string);
  return { ms: Number(/Execution Time: ([\d.]+) ms/.exec(lines.at(-1) ?? "")?.[1]), lines };
}

/** Median over RUNS of the summed execution time of the statements (after one warm-up). */
async function time(on: Sql, qs: Captured[]) {
  const totals: number[] = [];
  let plans: string[][] = [];
  for (let i = 0; i <= RUNS; i++) {
    const r = [];
    for (const q of qs) r.push(await explain(on, q));
    if (i > 0) totals.push(r.reduce((s, x) => s + x.ms, 0));
    plans = r.map((x) => x.lines);
  }
  return { ms: median(totals), plans };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)]!;
const fmt = (ms: number) => ms.toFixed(2).padStart(8);

// --- before: the old queries, with 0022's indexes out of the planner's reach ------------
class RolledBack extends Error {}
const old: Record<string, { page: number; counts: number }> = {};
// The old inbox sent one statement for each; captured first, outside the transaction
// below, which holds the pool's one connection (and a lock on the table).
const oldSql = new Map<string, { page: Captured[]; counts: Captured[] }>();
for (const [label, raw, win] of cases) {
  const q = inboxQuerySchema.parse(raw);
  oldSql.set(label, {
    page: await statements(() => before.inboxPage(db, q, win ?? w)),
    counts: await statements(() => before.inboxCounts(db, q, win ?? w)),
  });
}
await client
  .begin(async (tx) => {
    for (const ix of NEW_INDEXES) await tx.unsafe(`drop index if exists "${ix}"`);
    for (const [label, { page, counts }] of oldSql) old[label] = { page: (await time(tx, page)).ms, counts: (await time(tx, counts)).ms };
    throw new RolledBack();
  })
  .catch((e) => {
    if (!(e instanceof RolledBack)) throw e;
  });

// --- after: the inbox as it is, with every plan printed ---------------------------------
const summary: string[] = [];
let worst = 0;
for (const [label, raw, win] of cases) {
  const q = inboxQuerySchema.parse(raw);
  const page = await statements(() => inboxPage(db, q, win ?? w));
  const counts = await statements(() => inboxCounts(db, q, win ?? w));
  const p = await time(client, page);
  const c = await time(client, counts);
  worst = Math.max(worst, p.ms, c.ms);
  console.log(`=== ${label}: page ${p.ms.toFixed(2)} ms (${page.length} statements), tab counts ${c.ms.toFixed(2)} ms (${counts.length})`);
  for (const [kind, plans] of [
    ["page", p.plans],
    ["tab counts", c.plans],
  ] as const)
    plans.forEach((lines, i) => console.log(`--- ${kind}, statement ${i + 1}\n${lines.join("\n")}`));
  const b = old[label]!;
  const ratio = (x: number, y: number) => `${(x / Math.max(y, 0.001)).toFixed(1)}x`.padStart(8);
  summary.push(
    `${label.padEnd(34)} page ${fmt(b.page)} -> ${fmt(p.ms)} ms ${ratio(b.page, p.ms)}   counts ${fmt(b.counts)} -> ${fmt(c.ms)} ms ${ratio(b.counts, c.ms)}`,
  );
}
console.log(`\nmedians of ${RUNS} runs at the database, before -> after (ratio = before / after):`);
for (const line of summary) console.log(line);
console.log(`slowest query after: ${worst.toFixed(2)} ms (target < 50 ms)\n`);
await client.end();

// --- over HTTP: the real app on a port, a liaison officer of the busiest agency ---------
const database = await openDatabase({ url, migrate: false, max: 10 });
const { app } = testApp(database, { clock: systemClock });
const [officer] = (await database.db.execute(
  sql`insert into staff_users (email, full_name) values (${`bench.${randomBytes(4).toString("hex")}@hub.example`}, 'Bench officer') returning id`,
)) as unknown as { id: string }[];
await database.db.execute(sql`insert into staff_roles (staff_id, role, agency_code) values (${officer!.id}, 'liaison', ${agency})`);
const { token } = await createSession(database.db, "staff", officer!.id, new Date());
const port = await freePort();
const server = serve({ fetch: app.fetch, port, hostname: "127.0.0.1" });
const base = `http://127.0.0.1:${port}/agency?agency=${agency}`;
const htmx = { "hx-request": "true", "hx-target": "#inbox" };
const pages: [string, string, Record<string, string>][] = [
  ["full page (first tab)", base, {}],
  ["tab switch (htmx)", `${base}&tab=closed`, htmx],
  ["filter: city (htmx)", `${base}&tab=in_progress&city=${city!.city}`, htmx],
  ["filter: classification (htmx)", `${base}&tab=in_progress&importance=high`, htmx],
  ["search: common words (htmx)", `${base}&tab=in_progress&q=${encodeURIComponent("انقطاع المياه")}`, htmx],
  ["search: rare word (htmx)", `${base}&tab=in_progress&q=123457`, htmx],
];
try {
  console.log(`over HTTP, ${HTTP_REQUESTS} requests per page type one after another (after 5 to warm up):`);
  for (const [label, href, headers] of pages) {
    const ms: number[] = [];
    for (let i = 0; i < HTTP_REQUESTS + 5; i++) {
      const t0 = performance.now();
      const res = await fetch(href, { headers: { cookie: `hub_staff_session=${token}`, ...headers } });
      await res.text();
      if (res.status !== 200) throw new Error(`${label}: HTTP ${res.status}`);
      if (i >= 5) ms.push(performance.now() - t0);
    }
    console.log(`${label.padEnd(34)} p50 ${fmt(median(ms))} ms   p95 ${fmt(p95(ms))} ms (target < 100 ms)`);
  }
} finally {
  server.close();
  await database.db.execute(sql`delete from sessions where user_id = ${officer!.id}`);
  await database.db.execute(sql`delete from staff_users where id = ${officer!.id}`);
  await database.close();
}
