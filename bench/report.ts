// `npm run bench:report`: the quarterly national report at scale. The report reads the
// daily figures (their size depends on days × services × measures, not on the number
// of complaints) plus the live backlog of overdue complaints (an index count). This
// fills a quarter of daily figures at full density if they are missing, then times the
// figures, the table, the CSV and the XLSX. Needs DATABASE_URL (load complaints first
// with `npm run seed:bulk -- --complaints 10000000`).
//
// Target (issue #7): under 2 seconds with ten million complaints.

import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import * as schema from "../schema/index.ts";
import type { Db } from "../server/db.ts";
import { kpis, quarterPeriod } from "../server/kpi/compute.ts";
import { figureTable, toCsv, toXlsx } from "../server/kpi/table.ts";
import { aggregateDays } from "../server/kpi/aggregate.ts";
import { messages } from "../views/i18n/index.ts";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("set DATABASE_URL to a PostgreSQL database loaded by `npm run seed:bulk`");
  process.exit(2);
}
const client = postgres(url, { max: 4, onnotice: () => {} });
const db = drizzle(client, { schema }) as unknown as Db;
const period = quarterPeriod(2026, 4);

const [{ n }] = (await client`select count(*)::int as n from complaints`) as unknown as [{ n: number }];
const [{ days }] =
  (await client`select count(distinct day)::int as days from kpi_daily where day between ${period.from} and ${period.to}`) as unknown as [
    { days: number },
  ];
if (days < 90) {
  console.log("filling a quarter of daily figures at full density …");
  // Every day × every service × each measure and its dimensions, with plausible values.
  await client.unsafe(`
    insert into kpi_daily (day, agency_code, service_code, metric, dim, value)
    select to_char(d, 'YYYY-MM-DD'), s.agency_code, s.code, m.metric, m.dim, floor(random() * m.scale)
    from generate_series('${period.from}'::date, '${period.to}'::date, interval '1 day') d
    cross join services s
    cross join (values ('received','complaint:portal',40),('received','complaint:call_centre',10),('received','inquiry:portal',8),('accepted','',45),('rejected','',5),
                       ('decide_days','',60),('closed','resolved',30),('closed','partially_resolved',8),('closed','not_resolvable',4),('closed_on_time','',30),
                       ('close_days','1',8),('close_days','2',10),('close_days','3',9),('close_days','5',6),('close_days','9',3),('reopened','resolved',3),
                       ('escalated','1',5),('escalated','2',2),('escalated','3',1),('rating_invited','',40),('rating','yes',15),('rating','partly',5),
                       ('rating','no',4),('stars','',90),('reports','escalation',2)) as m(metric, dim, scale)
    on conflict do nothing`);
}
const [{ rows }] =
  (await client`select count(*)::int as rows from kpi_daily where day between ${period.from} and ${period.to}`) as unknown as [
    { rows: number },
  ];
console.log(
  `${Number(n).toLocaleString("en")} complaints; ${Number(rows).toLocaleString("en")} daily figures in ${period.from}..${period.to}\n`,
);

const t = messages("ar");
const times: Record<string, number[]> = { figures: [], table: [], csv: [], xlsx: [] };
for (let i = 0; i < 5; i++) {
  let t0 = performance.now();
  const { perAgency, national } = await kpis(db, period, new Date("2026-12-31T12:00:00+03:00"));
  times.figures!.push(performance.now() - t0);
  t0 = performance.now();
  const table = figureTable({ name: t.kpi.agency, columns: t.kpi.columns }, [
    { name: t.kpi.national, k: national },
    ...[...perAgency].map(([code, k]) => ({ name: code, k })),
  ]);
  times.table!.push(performance.now() - t0);
  t0 = performance.now();
  toCsv(table);
  times.csv!.push(performance.now() - t0);
  t0 = performance.now();
  await toXlsx(table, { sheet: "q4", title: "Q4", rtl: true });
  times.xlsx!.push(performance.now() - t0);
}
// The job that keeps the figures current rebuilds the last 3 days every 10 minutes.
{
  const t0 = performance.now();
  await aggregateDays(db, "Asia/Riyadh", "2026-11-20", "2026-11-23");
  console.log(`kpi job (rebuild 4 days): ${(performance.now() - t0).toFixed(0)} ms`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
let total = 0;
for (const [k, xs] of Object.entries(times)) {
  total += median(xs);
  console.log(`${k.padEnd(8)} median ${median(xs).toFixed(1).padStart(8)} ms   (runs: ${xs.map((x) => x.toFixed(0)).join(", ")})`);
}
console.log(`\nquarterly report end to end: ${total.toFixed(0)} ms (target < 2000 ms)`);
await client.end();
