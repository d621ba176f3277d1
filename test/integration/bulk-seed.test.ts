import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { seedBulk } from "../../server/demo/bulk.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await syncDirectory(database.db, await loadDirectory("agencies"));
});
afterAll(async () => {
  await database.close();
});

const rows = async <T>(q: ReturnType<typeof sql>): Promise<T[]> => {
  const r = await database.db.execute(q);
  return (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
};
/** Each test loads its own data: under a shuffled order none may lean on another's load. */
const freshLoad = async (total: number, opts: Parameters<typeof seedBulk>[2]) => {
  await database.db.execute(sql`truncate complaints cascade`);
  await seedBulk(database.db, total, opts);
};
const indexes = () => rows<{ def: string }>(sql`select indexdef as def from pg_indexes where tablename = 'complaints' order by indexname`);

describe("seed:bulk", () => {
  it("a load that rebuilds the indexes leaves exactly the indexes the migrations made", async () => {
    const before = await indexes();
    await freshLoad(2000, { batch: 1000, rebuildIndexes: true });
    expect(await indexes()).toEqual(before);
  });

  it("sets what the SLA job reads: every open complaint has its next look, never after its first deadline; closed ones none", async () => {
    await freshLoad(2000, { batch: 1000, rebuildIndexes: true });
    const [x] = await rows<{ open_without: number; late: number; closed_with: number; open: number }>(sql`
      select count(*) filter (where status in ('routed', 'in_progress', 'awaiting_citizen') and sla_next_at is null)::int as open_without,
             count(*) filter (where status = 'routed' and sla_next_at > jurisdiction_due_at
                                 or status = 'in_progress' and sla_next_at > due_at
                                 or status = 'awaiting_citizen' and sla_next_at > info_due_at)::int as late,
             count(*) filter (where status in ('closed', 'withdrawn') and sla_next_at is not null)::int as closed_with,
             count(*) filter (where status in ('routed', 'in_progress', 'awaiting_citizen'))::int as open
        from complaints`);
    expect(x!.open).toBeGreaterThan(0);
    expect(x).toMatchObject({ open_without: 0, late: 0, closed_with: 0 });
  });

  it('the "open" mix has nothing due for weeks', async () => {
    await freshLoad(500, { mix: "open" });
    const [x] = await rows<{ soon: number; open: number }>(sql`
      select count(*) filter (where sla_next_at is null or sla_next_at < now() + interval '14 days')::int as soon,
             count(*) filter (where status in ('routed', 'in_progress'))::int as open
        from complaints`);
    expect(x).toEqual({ soon: 0, open: 500 });
  });
});
