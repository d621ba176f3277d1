import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { complaints, services } from "../../schema/index.ts";
import { createCalendar } from "../../server/calendar/index.ts";
import { SettableClock } from "../../server/clock.ts";
import { submitComplaint, type IntakeDeps } from "../../server/complaints/submit.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { routableServices } from "../../server/routing/from-directory.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { insertCitizen } from "../support/registry.ts";

// The intake decides from the directory held in memory (server/directory/facts.ts);
// these check that a directory changed in the database after that is still obeyed.
let database: TestDatabase;
let deps: IntakeDeps;
let citizenId: string;
let n = 0;
const key = () => `facts-key-${++n}`;
const parks = {
  kind: "complaint",
  notifyBy: "sms",
  text: "الحديقة مهملة والعشب ميت من شهور",
  city: "riyadh",
  agencyCode: "MOMAH",
  serviceCode: "PARKS",
} as const;
const setParks = (active: boolean) =>
  database.db
    .update(services)
    .set({ active })
    .where(and(eq(services.agencyCode, "MOMAH"), eq(services.code, "PARKS")));
const stored = async () => ((await database.db.select({ n: sql<number>`count(*)::int` }).from(complaints)) as [{ n: number }])[0].n;

beforeAll(async () => {
  database = await createTestDatabase();
  const directory = await loadDirectory("agencies");
  await syncDirectory(database.db, directory);
  deps = {
    db: database.db,
    clock: new SettableClock("2026-11-22T09:00:00+03:00"),
    calendar: createCalendar(),
    routing: buildIndex(routableServices(directory)),
    routingThreshold: 0.15,
  };
  citizenId = await insertCitizen(database.db);
});
afterAll(async () => {
  await database.close();
});

describe("the directory in memory and the database", () => {
  it("a service switched off after the facts were loaded receives nothing: the write's guard refuses it and nothing is stored", async () => {
    expect(await submitComplaint(deps, citizenId, { ...parks, clientKey: key() })).toMatchObject({ ok: true, serviceCode: "PARKS" });
    const before = await stored();
    await setParks(false);
    try {
      expect(await submitComplaint(deps, citizenId, { ...parks, clientKey: key() })).toMatchObject({
        ok: false,
        fields: { serviceCode: "service_unknown" },
      });
      expect(await stored()).toBe(before);
    } finally {
      await setParks(true);
    }
  });

  it("a service switched on after the facts were loaded (as off) is accepted at once", async () => {
    await setParks(false);
    // The facts in memory now hold PARKS as off.
    expect(await submitComplaint(deps, citizenId, { ...parks, clientKey: key() })).toMatchObject({
      ok: false,
      fields: { serviceCode: "service_unknown" },
    });
    await setParks(true);
    expect(await submitComplaint(deps, citizenId, { ...parks, clientKey: key() })).toMatchObject({
      ok: true,
      created: true,
      serviceCode: "PARKS",
    });
  });

  it("a retried submission answers with the complaint already filed, even when its service has been switched off since", async () => {
    const clientKey = key();
    const first = await submitComplaint(deps, citizenId, { ...parks, clientKey });
    await setParks(false);
    try {
      const again = await submitComplaint(deps, citizenId, { ...parks, clientKey });
      expect(again).toMatchObject({ ok: true, created: false });
      expect(again.ok && first.ok && again.reference === first.reference).toBe(true);
    } finally {
      await setParks(true);
    }
  });
});
