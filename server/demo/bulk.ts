// `npm run seed:bulk -- --complaints 1000000`: fills the database with synthetic
// complaints (references CMP-2024-<6 hex digits>, a year the hub never issues) spread over every agency, service, city and status, so the inbox's plans
// and timings can be checked at national scale (bench/inbox.ts). Rows are generated
// inside PostgreSQL in batches; the script prints progress and can be re-run to add more.

import { like, sql } from "drizzle-orm";
import { complaints } from "../../schema/index.ts";
import { resolve } from "node:path";
import { openDatabase, type Db } from "../db.ts";
import { loadDirectory } from "../directory/load.ts";
import { syncDirectory } from "../directory/sync.ts";

const PHRASES = [
  "حفرة كبيرة في الطريق تسبب حوادث",
  "انقطاع المياه عن الحي منذ ثلاثة أيام",
  "تأخر صرف الراتب للشهر الثاني",
  "الإنارة مطفأة في الشارع الرئيسي",
  "موعد المستشفى تأجل أكثر من مرة",
  "فاتورة الكهرباء مرتفعة بشكل غير معقول",
  "تراكم النفايات أمام المدرسة",
  "الطرد لم يصل رغم مرور أسبوعين",
  "المنصة الإلكترونية لا تعمل عند الدفع",
  "كلاب ضالة قرب الحديقة العامة",
  "تأخر إصدار الرخصة التجارية",
  "ضعف تغطية الشبكة في القرية",
  "خصم مبلغ من البطاقة دون عملية",
  "تسرب مياه في الشارع منذ أسبوع",
  "المعلم يتغيب عن الحصص باستمرار",
  "potholes on the main road damaged my car",
  "water supply cut for three days",
  "the online service fails at payment",
];

export async function seedBulk(db: Db, total: number, opts: { batch?: number; log?: (line: string) => void } = {}) {
  const batch = opts.batch ?? 100_000;
  const log = opts.log ?? (() => {});
  const [last] = await db
    .select({ n: sql<number>`coalesce(max(('x' || lpad(substring(${complaints.reference} from 10), 8, '0'))::bit(32)::int), 0)`.mapWith(Number) })
    .from(complaints)
    .where(like(complaints.reference, "CMP-2024-%"));
  const first = (last?.n ?? 0) + 1;
  const phrases = sql.raw(`(ARRAY[${PHRASES.map((p) => `'${p.replace(/'/g, "''")}'`).join(",")}])`);
  const started = Date.now();
  for (let from = first; from < first + total; from += batch) {
    const to = Math.min(first + total - 1, from + batch - 1);
    // One INSERT … SELECT per batch: services and cities are picked at random among the
    // real directory rows; statuses follow a plausible mix (most closed, some open,
    // some overdue), with deadlines around today so every tab has rows.
    await db.execute(sql`
      with svc as (select row_number() over (order by id) as i, agency_code, code, complexity, importance, action_type from services where active),
           nsvc as (select count(*) as n from svc),
           cty as (select row_number() over (order by code) as i, code from cities where active),
           ncty as (select count(*) as n from cty),
           g as (
             select s as n, random() as r_status, random() as r_due, random() as r_age,
                    1 + floor(random() * (select n from nsvc))::int as si,
                    1 + floor(random() * (select n from ncty))::int as ci,
                    ${phrases}[1 + floor(random() * ${PHRASES.length})::int] || ' ' || s as body
             from generate_series(${from}::bigint, ${to}::bigint) as s
           ),
           rows as (
             select g.*, svc.agency_code, svc.code as service_code, svc.complexity, svc.importance, svc.action_type, cty.code as city,
                    case when r_status < 0.10 then 'routed' when r_status < 0.25 then 'in_progress' when r_status < 0.30 then 'awaiting_citizen'
                         when r_status < 0.95 then 'closed' else 'withdrawn' end as status,
                    now() - (r_age * interval '730 days') as created
             from g join svc on svc.i = g.si join cty on cty.i = g.ci
           )
      insert into complaints (reference, kind, status, channel, identity_verified, contact, text, city, agency_code, service_code, routed_by,
                              notify_by, complexity, importance, action_type, version, jurisdiction_due_at, accepted_at, resolution_days, due_at,
                              action_due_at, closed_at, outcome, search_doc, created_at, updated_at)
      select 'CMP-2024-' || lpad(upper(to_hex(n)), 6, '0'), 'complaint', status, 'portal', true, jsonb_build_object('name', 'مواطن تجريبي ' || n), body, city,
             agency_code, service_code, 'citizen', 'sms', complexity, importance, action_type, 1,
             created + interval '2 days',
             case when status <> 'routed' then created + interval '1 day' end,
             case when status <> 'routed' then 10 end,
             case when status in ('in_progress', 'awaiting_citizen') then now() + (r_due * 30 - 10) * interval '1 day' end,
             case when status in ('routed', 'in_progress', 'awaiting_citizen') then now() + (r_due * 30 - 10) * interval '1 day' end,
             case when status in ('closed', 'withdrawn') then created + interval '12 days' end,
             case when status = 'closed' then 'resolved' when status = 'withdrawn' then 'withdrawn' end,
             to_tsvector('simple', body || ' مواطن تجريبي ' || n),
             created, created
      from rows`);
    const done = to - first + 1;
    const rate = Math.round(done / ((Date.now() - started) / 1000));
    log(`${done.toLocaleString("en")} / ${total.toLocaleString("en")} complaints (${Math.round((done / total) * 100)}%, ${rate.toLocaleString("en")}/s)`);
  }
  // VACUUM sets the visibility map, so the inbox's index-only scans skip the table.
  await db.execute(sql`vacuum analyze complaints`);
}

async function main() {
  const args = process.argv.slice(2);
  const i = args.indexOf("--complaints");
  const total = i >= 0 ? Number(args[i + 1]) : NaN;
  if (!Number.isInteger(total) || total < 1 || total > 16_000_000) {
    console.error("usage: npm run seed:bulk -- --complaints N   (1 to 16,000,000; uses DATABASE_URL, else the embedded database in DATA_DIR)");
    process.exit(2);
  }
  // Only the database settings matter here (no secrets are needed to insert rows).
  const url = process.env.DATABASE_URL;
  const database = await openDatabase(url ? { url } : { dataDir: resolve(process.env.DATA_DIR ?? "data") });
  try {
    await syncDirectory(database.db, await loadDirectory(resolve(process.env.AGENCIES_DIR ?? "agencies")));
    await seedBulk(database.db, total, { log: (l) => console.log(l) });
    console.log("done; table vacuumed and statistics refreshed");
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
