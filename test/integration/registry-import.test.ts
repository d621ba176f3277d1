import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { registryIdentities } from "../../schema/index.ts";
import { IMPORT_BATCH, importRegistry } from "../../server/identity/registry-import.ts";
import type { RegistryRecord } from "../../server/identity/registry.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.close();
});

const record = (i: number, familyName = "الحربي"): RegistryRecord => ({
  nationalId: String(1_100_000_000 + i),
  firstName: "سعد",
  fatherName: "علي",
  grandfatherName: "ناصر",
  familyName,
  dateOfBirth: "1985-03-04",
  nationality: "SA",
});

describe("registry import in batches", () => {
  it("loads more rows than one statement takes, then updates them all by national id", async () => {
    const n = IMPORT_BATCH * 2 + 17;
    expect(
      await importRegistry(
        database.db,
        Array.from({ length: n }, (_, i) => record(i)),
      ),
    ).toBe(n);
    const count = async () =>
      ((await database.db.select({ n: sql<number>`count(*)::int` }).from(registryIdentities)) as [{ n: number }])[0].n;
    expect(await count()).toBe(n);
    await importRegistry(
      database.db,
      Array.from({ length: n }, (_, i) => record(i, i % 2 ? "العتيبي" : "الحربي")),
    );
    expect(await count()).toBe(n);
    const [last] = await database.db
      .select()
      .from(registryIdentities)
      .where(eq(registryIdentities.nationalId, String(1_100_000_000 + n - 2)));
    expect(last!.familyName).toBe("العتيبي");
  });
});
