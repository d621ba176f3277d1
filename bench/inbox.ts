// `npm run bench:inbox`: the liaison inbox's queries at scale, run exactly as the app
// builds them (captured from drizzle), each under EXPLAIN (ANALYZE, BUFFERS). Load data
// first with `npm run seed:bulk -- --complaints 1000000`; needs DATABASE_URL.
//
// Target (issue #5): the first page and each filter under 50 ms at the database.

import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "../schema/index.ts";
import type { Db } from "../server/db.ts";
import { inboxCounts, inboxPage, inboxQuerySchema, type InboxWindow } from "../server/complaints/inbox.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("set DATABASE_URL to the PostgreSQL database loaded by `npm run seed:bulk`");
  process.exit(2);
}
const client = postgres(url, { max: 1, onnotice: () => {} });
const captured: { sql: string; params: unknown[] }[] = [];
const db = drizzle(client, { schema, logger: { logQuery: (sql, params) => captured.push({ sql, params }) } }) as unknown as Db;

const [{ n }] = (await client`select count(*)::int as n from complaints`) as unknown as [{ n: number }];
const [busiest] =
  await client`select agency_code, count(*)::int as n from complaints where agency_code is not null group by 1 order by 2 desc limit 1`;
const agency = busiest!.agency_code as string;
const [sample] = await client`select reference from complaints where agency_code = ${agency} and status = 'closed' offset 5000 limit 1`;
const [svc] = await client`select service_code from complaints where agency_code = ${agency} group by 1 order by count(*) desc limit 1`;
console.log(`${Number(n).toLocaleString("en")} complaints; the busiest agency ${agency} has ${Number(busiest!.n).toLocaleString("en")}\n`);

const now = new Date();
const w: InboxWindow = {
  agencyCode: agency,
  staffId: "00000000-0000-0000-0000-000000000000",
  now,
  soon: new Date(now.getTime() + 2 * 86400_000),
};
const cases: [string, Record<string, string>, InboxWindow?][] = [
  ["first page: awaiting decision", { tab: "routed" }],
  ["in progress", { tab: "in_progress" }],
  ["awaiting citizen", { tab: "awaiting_citizen" }],
  ["due soon", { tab: "due_soon" }],
  ["overdue", { tab: "overdue" }],
  ["closed", { tab: "closed" }],
  ["filter: service", { tab: "in_progress", service: svc!.service_code as string }],
  ["filter: city", { tab: "in_progress", city: "jeddah" }],
  ["filter: classification", { tab: "in_progress", complexity: "routine", importance: "high" }],
  ["filter: date range", { tab: "closed" }, { ...w, fromAt: new Date(now.getTime() - 30 * 86400_000), toAt: now }],
  ["search: words", { tab: "in_progress", q: "انقطاع المياه" }],
  ["search: reference", { tab: "closed", q: sample!.reference as string }],
  ["filter: mine", { tab: "in_progress", mine: "1" }],
];

async function explain(q: { sql: string; params: unknown[] }) {
  const rows = await client.unsafe(`explain (analyze, buffers) ${q.sql}`, q.params as never[]);
  const lines = rows.map((r) => r["QUERY PLAN"] as string);
  const ms = Number(/Execution Time: ([\d.]+) ms/.exec(lines.at(-1) ?? "")?.[1]);
  const scans = lines.filter((l) => /Index|Seq Scan|Bitmap/.test(l)).map((l) => l.trim().replace(/\s+\(cost.*$/, ""));
  return { ms, scans };
}

let worst = 0;
for (const [label, raw, win] of cases) {
  const q = inboxQuerySchema.parse(raw);
  captured.length = 0;
  await inboxPage(db, q, win ?? w);
  await inboxCounts(db, q, win ?? w);
  const [page, counts] = captured;
  // Twice: the first run warms the cache, the second is what a busy server sees.
  await explain(page!);
  const p = await explain(page!);
  await explain(counts!);
  const c = await explain(counts!);
  worst = Math.max(worst, p.ms);
  console.log(`${label.padEnd(32)} page ${p.ms.toFixed(2).padStart(7)} ms   tab counts ${c.ms.toFixed(2).padStart(7)} ms`);
  console.log(`    page plan: ${p.scans.slice(0, 3).join(" | ")}`);
}
console.log(`\nslowest first page: ${worst.toFixed(2)} ms (target < 50 ms)`);
await client.end();
