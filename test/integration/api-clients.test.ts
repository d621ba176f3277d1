import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { apiClients } from "../../schema/index.ts";
import { apiUses, createApiClient, findApiClient, recordApiUse, revokeApiClient } from "../../server/api-clients/store.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await syncDirectory(database.db, await loadDirectory("agencies"));
});
afterAll(() => database.close());

const now = new Date("2026-11-02T08:00:00Z");

describe("machine callers' keys", () => {
  it("finds a caller by its key, keeps only the digest, and forgets a revoked key", async () => {
    const agency = (await loadDirectory("agencies")).agencies[0]!.code;
    const { client, key } = await createApiClient(database.db, { kind: "agency", agencyCode: agency, name: "case system" }, now);
    expect(key).toMatch(/^hub_ag_[a-z2-7]{48}$/);
    const [stored] = await database.db.select().from(apiClients).where(eq(apiClients.id, client.id));
    expect(JSON.stringify(stored)).not.toContain(key);
    expect(stored!.prefix).toBe(key.slice(0, 12));

    expect(await findApiClient(database.db, key)).toMatchObject({ id: client.id, kind: "agency", agencyCode: agency });
    expect(await findApiClient(database.db, key + "x")).toBeNull();
    expect(await findApiClient(database.db, "")).toBeNull();

    await recordApiUse(database.db, { clientId: client.id, method: "GET", path: "/api/agency/v1/complaints", status: 200 }, now);
    expect((await apiUses(database.db, client.id)).map((u) => u.status)).toEqual([200]);

    expect(await revokeApiClient(database.db, client.id, null, now)).toBe(true);
    expect(await revokeApiClient(database.db, client.id, null, now)).toBe(false);
    expect(await findApiClient(database.db, key)).toBeNull();
  });

  it("scopes an agency key to one agency and a partner key to none", async () => {
    const partner = await createApiClient(database.db, { kind: "partner", agencyCode: "ignored", name: "civic app" }, now);
    expect(partner.client.agencyCode).toBeNull();
    expect(partner.key.startsWith("hub_pt_")).toBe(true);
    // The database refuses an agency key without its agency, whoever writes the row.
    await expect(
      database.db.insert(apiClients).values({ kind: "agency", name: "x", prefix: "x", keyHash: "y", createdAt: now }),
    ).rejects.toThrow();
  });
});
