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

export interface BulkOptions {
  batch?: number;
  log?: (line: string) => void;
  /**
   * "mixed" (default): most closed, some open, some overdue, deadlines around today.
   * "open": every complaint routed or in progress with deadlines 30 to 60 days ahead,
   * so nothing is due until a caller makes it so (bench/sla.ts).
   */
  mix?: "mixed" | "open";
  /** Drop and rebuild the table's indexes around the load; by default for large loads. */
  rebuildIndexes?: boolean;
}

/**
 * The complaints table's own indexes (not its key or unique reference), as PostgreSQL
 * prints them: a load of many rows drops them and builds them again afterwards, which
 * sorts once instead of inserting into a dozen indexes row by row (the search index's
 * GIN above all). Exactly what the migrations made, INCLUDE columns and all.
 */
async function secondaryIndexes(db: Db): Promise<{ name: string; def: string }[]> {
  const r = await db.execute(sql`
    select i.relname as name, pg_get_indexdef(x.indexrelid) as def
      from pg_index x join pg_class i on i.oid = x.indexrelid
     where x.indrelid = 'complaints'::regclass
       and not exists (select 1 from pg_constraint c where c.conindid = x.indexrelid)`);
  return (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { name: string; def: string }[];
}

export async function seedBulk(db: Db, total: number, opts: BulkOptions = {}) {
  const batch = opts.batch ?? 100_000;
  const log = opts.log ?? (() => {});
  const open = opts.mix === "open";
  const [last] = await db
    .select({
      n: sql<number>`coalesce(max(('x' || lpad(substring(${complaints.reference} from 10), 8, '0'))::bit(32)::int), 0)`.mapWith(Number),
    })
    .from(complaints)
    .where(like(complaints.reference, "CMP-2024-%"));
  const first = (last?.n ?? 0) + 1;
  const phrases = sql.raw(`(ARRAY[${PHRASES.map((p) => `'${p.replace(/'/g, "''")}'`).join(",")}])`);
  const started = Date.now();
  // Rebuilding the indexes costs about as much as a million rows' worth of them: worth
  // it for a load larger than what is there (and much larger than one batch).
  const [{ n: present }] = (await db.select({ n: sql<number>`count(*)::int` }).from(complaints)) as [{ n: number }];
  const rebuild = opts.rebuildIndexes ?? (total >= 50_000 && total > present);
  const indexes = rebuild ? await secondaryIndexes(db) : [];
  for (const ix of indexes) await db.execute(sql.raw(`drop index if exists "${ix.name}"`));
  const statusOf = open
    ? sql.raw(`case when r_status < 0.5 then 'routed' else 'in_progress' end`)
    : sql.raw(`case when r_status < 0.10 then 'routed' when r_status < 0.25 then 'in_progress' when r_status < 0.30 then 'awaiting_citizen'
                    when r_status < 0.95 then 'closed' else 'withdrawn' end`);
  // Open work's deadline: around today (some overdue) in the mix, well ahead for "open".
  const due = open ? sql.raw(`now() + (30 + r_due * 30) * interval '1 day'`) : sql.raw(`now() + (r_due * 30 - 10) * interval '1 day'`);
  // The time to decide on jurisdiction: two days after filing, or (open) the same far deadline.
  const jurisdiction = open ? sql.raw(`due`) : sql.raw(`least(due, created + interval '2 days')`);
  const created = open ? sql.raw(`now() - (r_age * interval '20 days')`) : sql.raw(`now() - (r_age * interval '730 days')`);
  try {
    for (let from = first; from < first + total; from += batch) {
      const to = Math.min(first + total - 1, from + batch - 1);
      // One INSERT … SELECT per batch: services and cities are picked at random among the
      // real directory rows, with every column the jobs read set as the lifecycle would:
      // routed_at, accepted_at, the pause, the closing figures, and sla_next_at, the SLA
      // job's only way to find work. sla_next_at is never later than the complaint's first
      // unfired deadline (earlier is harmless: the job's first look sets it exactly), and
      // null for closed rows, which are old: their invitation and reopen window are over.
      await db.execute(sql`
      with svc as (select row_number() over (order by id) as i, agency_code, code, complexity, importance, action_type from services where active),
           nsvc as (select count(*) as n from svc),
           cty as (select row_number() over (order by code) as i, code from cities where active),
           ncty as (select count(*) as n from cty),
           g as (
             select s as n, random() as r_status, random() as r_due, random() as r_age, random() as r_close,
                    1 + floor(random() * (select n from nsvc))::int as si,
                    1 + floor(random() * (select n from ncty))::int as ci,
                    ${phrases}[1 + floor(random() * ${PHRASES.length})::int] || ' ' || s as body
             from generate_series(${from}::bigint, ${to}::bigint) as s
           ),
           rows as (
             select g.*, svc.agency_code, svc.code as service_code, svc.complexity, svc.importance, svc.action_type, cty.code as city,
                    ${statusOf} as status, ${created} as created, ${due} as due
             from g join svc on svc.i = g.si join cty on cty.i = g.ci
           ),
           timed as (
             select rows.*,
                    case when status = 'awaiting_citizen' then now() - r_due * interval '3 days' end as paused,
                    case when status in ('closed', 'withdrawn') then created + (2 + floor(r_close * 20)::int) * interval '1 day' end as closed
             from rows
           )
      insert into complaints (reference, kind, status, channel, identity_verified, contact, text, city, agency_code, service_code, routed_by,
                              notify_by, complexity, importance, action_type, version, routed_at, jurisdiction_due_at, accepted_at, resolution_days, due_at,
                              paused_at, info_due_at, action_due_at, closed_at, outcome, reopen_until, close_working_days, closed_on_time,
                              sla_next_at, search_doc, created_at, updated_at)
      select 'CMP-2024-' || lpad(upper(to_hex(n)), 6, '0'), 'complaint', status, 'portal', true, jsonb_build_object('name', 'مواطن تجريبي ' || n), body, city,
             agency_code, service_code, 'citizen', 'sms', complexity, importance, action_type, 1,
             created,
             case when status = 'routed' then ${jurisdiction} else created + interval '2 days' end,
             case when status <> 'routed' then created + interval '1 day' end,
             case when status <> 'routed' then 10 end,
             case when status in ('in_progress', 'awaiting_citizen') then due end,
             paused,
             paused + interval '3 days',
             case when status in ('in_progress', 'awaiting_citizen') then due when status = 'routed' then ${jurisdiction} end,
             closed,
             case when status = 'closed' then 'resolved' when status = 'withdrawn' then 'withdrawn' end,
             case when status = 'closed' then closed + interval '14 days' end,
             case when status in ('closed', 'withdrawn') then floor((closed::date - created::date) * 5 / 7.0)::int end,
             case when status in ('closed', 'withdrawn') then r_close < 0.5 end,
             case status
               when 'routed' then ${jurisdiction}
               -- the warning comes at the start of the working day before the due day:
               -- two weeks ahead is earlier than that even across a holiday week
               when 'in_progress' then due - interval '14 days'
               -- the reminder is exactly half-way through the citizen's time to answer
               when 'awaiting_citizen' then paused + interval '36 hours'
             end,
             -- folded as searchDocument() folds (server/text/arabic.ts; the phrases carry no diacritics)
             to_tsvector('simple', lower(translate(body || ' مواطن تجريبي ' || n, 'إأآٱؤئىةگپ', 'ااااوييهكب'))),
             created, created
      from timed`);
      const done = to - first + 1;
      const rate = Math.round(done / ((Date.now() - started) / 1000));
      log(
        `${done.toLocaleString("en")} / ${total.toLocaleString("en")} complaints (${Math.round((done / total) * 100)}%, ${rate.toLocaleString("en")}/s)`,
      );
    }
  } finally {
    // Even when the load failed half-way: the indexes come back.
    if (indexes.length) {
      const t = Date.now();
      // With memory to sort in: each index is one sort of the table instead of a row-by-row build.
      await db.transaction(async (tx) => {
        await tx.execute(sql`set local maintenance_work_mem = '256MB'`);
        for (const ix of indexes) await tx.execute(sql.raw(ix.def));
      });
      log(`${indexes.length} indexes built again in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    }
  }
  // VACUUM sets the visibility map, so the inbox's index-only scans skip the table.
  await db.execute(sql`vacuum analyze complaints`);
}

async function main() {
  const args = process.argv.slice(2);
  const i = args.indexOf("--complaints");
  const total = i >= 0 ? Number(args[i + 1]) : NaN;
  if (!Number.isInteger(total) || total < 1 || total > 16_000_000) {
    console.error(
      "usage: npm run seed:bulk -- --complaints N   (1 to 16,000,000; uses DATABASE_URL, else the embedded database in DATA_DIR)",
    );
    process.exit(2);
  }
  // Only the database settings matter here (no secrets are needed to insert rows).
  const url = process.env.DATABASE_URL;
  // No statement bound: a batch of a million rows, the index builds and the vacuum run long.
  const database = await openDatabase(
    url ? { url, timeouts: { statementTimeoutMs: 0 } } : { dataDir: resolve(process.env.DATA_DIR ?? "data") },
  );
  try {
    await syncDirectory(database.db, await loadDirectory(resolve(process.env.AGENCIES_DIR ?? "agencies")));
    await seedBulk(database.db, total, { log: (l) => console.log(l) });
    console.log("done; table vacuumed and statistics refreshed");
  } finally {
    await database.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
