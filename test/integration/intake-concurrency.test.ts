import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { complaints, outbox } from "../../schema/index.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { routableServices } from "../../server/routing/from-directory.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { testApp } from "../support/app.ts";
import { registerCitizen } from "../support/citizen.ts";
import { seedRegistry } from "../support/registry.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
  await syncDirectory(database.db, await loadDirectory("agencies"));
});
afterAll(async () => {
  await database.close();
});

describe("filing under load", () => {
  it("1,000 concurrent submissions through tRPC create exactly 1,000 complaints, references and notifications", async () => {
    const directory = await loadDirectory("agencies");
    const h = testApp(database, { routing: buildIndex(routableServices(directory)) });
    const { cookie } = await registerCitizen(h);
    const texts = [
      "الكهرباء مقطوعة عن الحي",
      "المويه مقطوعة من امس",
      "النت بطيء جدا في البيت",
      "حفرة كبيرة في الشارع العام",
      "أرجو التواصل معي بخصوص موضوع",
    ];
    const results = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        h.app.request("/trpc/complaints.submit", {
          method: "POST",
          headers: { origin: "http://localhost", "content-type": "application/json", cookie },
          body: JSON.stringify({
            kind: "complaint",
            text: `${texts[i % texts.length]} رقم ${i}`,
            city: "riyadh",
            notifyBy: "sms",
            clientKey: `load-${i}-key`,
          }),
        }),
      ),
    );
    expect(results.filter((r) => r.status !== 200)).toHaveLength(0);
    const refs = new Set(
      await Promise.all(results.map(async (r) => ((await r.json()) as { result: { data: { reference: string } } }).result.data.reference)),
    );
    expect(refs.size).toBe(1000);
    const [{ n }] = (await database.db.select({ n: sql<number>`count(*)::int` }).from(complaints)) as [{ n: number }];
    expect(n).toBe(1000);
    const [{ m }] = (await database.db
      .select({ m: sql<number>`count(*)::int` })
      .from(outbox)
      .where(sql`template = 'complaint_received'`)) as [{ m: number }];
    expect(m).toBe(1000);
  }, 120_000);
});
