import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { seedBulk } from "../../server/demo/bulk.ts";
import { searchQuery } from "../../server/complaints/search.ts";
import { inboxCounts, inboxPage, inboxQuerySchema, SEARCH_WALK, TABS, type InboxWindow, type Tab } from "../../server/complaints/inbox.ts";

// The inbox's word search reads a tab's first SEARCH_WALK rows and falls back to the text
// index when they hold too few matches (issue 16 item 3). Both ways must give what a plain
// query gives: the same page, and counts that are exact or, marked "more", a true lower bound.
describe("inbox word search on a tab larger than the rows it reads first", () => {
  let database: TestDatabase;
  let w: InboxWindow;
  const exact = async (tab: Tab, q: string) => {
    const tsq = searchQuery(q)!;
    const due = sql`action_due_at`;
    const tabSql = {
      routed: sql`status = 'routed'`,
      in_progress: sql`status = 'in_progress'`,
      awaiting_citizen: sql`status = 'awaiting_citizen'`,
      due_soon: sql`status in ('routed','in_progress') and ${due} >= ${w.now.toISOString()}::timestamptz and ${due} <= ${w.soon.toISOString()}::timestamptz`,
      overdue: sql`status in ('routed','in_progress') and ${due} < ${w.now.toISOString()}::timestamptz`,
      closed: sql`status in ('closed','withdrawn')`,
    }[tab];
    const order = tab === "closed" ? sql`closed_at desc, id desc` : sql`action_due_at asc, id asc`;
    const r = await database.db.execute(
      sql`select id from complaints where agency_code = ${w.agencyCode} and ${tabSql} and search_doc @@ to_tsquery('simple', ${tsq}) order by ${order}`,
    );
    return ((Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { id: string }[]).map((x) => x.id);
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    await syncDirectory(database.db, await loadDirectory("agencies"));
    await seedBulk(database.db, 12_000, { rebuildIndexes: false });
    const r = await database.db.execute(
      sql`select agency_code from complaints where status in ('closed','withdrawn') group by 1 order by count(*) desc limit 1`,
    );
    const [top] = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as { agency_code: string }[];
    const now = new Date();
    w = {
      agencyCode: top!.agency_code,
      staffId: "00000000-0000-0000-0000-000000000000",
      now,
      soon: new Date(now.getTime() + 2 * 86400_000),
    };
    const closed = await database.db.execute(
      sql`select count(*)::int as n from complaints where agency_code = ${w.agencyCode} and status in ('closed','withdrawn')`,
    );
    const [{ n }] = (Array.isArray(closed) ? closed : (closed as { rows: unknown[] }).rows) as [{ n: number }];
    expect(n).toBeGreaterThan(SEARCH_WALK);
  }, 300_000);
  afterAll(async () => {
    await database?.close();
  });

  // Common words (the walk fills the page), a folded spelling, a rare token (the text
  // index answers) and a word that matches nothing.
  it.each(["انقطاع المياه", "الإنارة", "potholes", "7", "1234", "زلزال"])(
    "«%s»: the page and the counts agree with a plain query",
    async (words) => {
      for (const tab of ["closed", "in_progress"] as const) {
        const want = await exact(tab, words);
        const page = await inboxPage(database.db, inboxQuerySchema.parse({ tab, q: words }), w);
        expect(page.rows.map((r) => r.id)).toEqual(want.slice(0, 25));
        expect(page.next !== null).toBe(want.length > 25);
      }
      const counts = await inboxCounts(database.db, inboxQuerySchema.parse({ q: words }), w);
      for (const tab of TABS) {
        const total = (await exact(tab, words)).length;
        const c = counts[tab];
        if (c.more) expect(c.n).toBeLessThanOrEqual(total);
        else expect(c.n).toBe(total);
      }
    },
  );
});
