import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { complaintEvents, complaints, routingExamples } from "../../schema/index.ts";
import { createCalendar } from "../../server/calendar/index.ts";
import { SettableClock } from "../../server/clock.ts";
import { submitComplaint, type IntakeDeps } from "../../server/complaints/submit.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { routerFor } from "../../server/routing/from-directory.ts";
import { harvestDecisions, loadHistory } from "../../server/routing/history.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { insertCitizen } from "../support/registry.ts";

// The router learns from what agencies decide: an accepted complaint becomes an
// example for the service that accepted it, the service that rejected it first a
// correction; what is stored has no digits or names.
let database: TestDatabase;
let deps: IntakeDeps;
let citizenId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const directory = await loadDirectory("agencies");
  await syncDirectory(database.db, directory);
  deps = {
    db: database.db,
    clock: new SettableClock("2026-11-22T09:00:00+03:00"),
    calendar: createCalendar(),
    routing: routerFor(directory),
    routingThreshold: 0.34,
  };
  citizenId = await insertCitizen(database.db);
});
afterAll(async () => {
  await database.close();
});

describe("learning from decisions", () => {
  it("harvests an acceptance once, with the rejecting service as a correction, and no personal data", async () => {
    const r = await submitComplaint(deps, citizenId, {
      kind: "complaint",
      notifyBy: "sms",
      city: "riyadh",
      clientKey: "6f1c2a4e-1b2c-4d5e-8f90-123456789abc",
      text: "الريحة قوية جنب المحل اتصلوا علي 0551234567",
      agencyCode: "WATER",
      serviceCode: "SEWAGE",
    });
    if (!r.ok) throw new Error(`not filed: ${JSON.stringify(r)}`);
    const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, r.reference));
    // The water company rejects it; the municipality's cleanliness service accepts it.
    await database.db.insert(complaintEvents).values({
      complaintId: c!.id,
      actorKind: "staff",
      type: "rejected",
      data: { agencyCode: "WATER", serviceCode: "SEWAGE" },
      at: new Date(),
    });
    await database.db
      .update(complaints)
      .set({ agencyCode: "MOMAH", serviceCode: "CLEANLINESS", acceptedAt: new Date() })
      .where(eq(complaints.id, c!.id));

    expect(await harvestDecisions(database.db)).toBe(1);
    expect(await harvestDecisions(database.db)).toBe(0);
    const [row] = await database.db.select().from(routingExamples).where(eq(routingExamples.complaintId, c!.id));
    expect(row).toMatchObject({
      agencyCode: "MOMAH",
      serviceCode: "CLEANLINESS",
      rejectedBy: [{ agencyCode: "WATER", serviceCode: "SEWAGE" }],
    });
    expect(row!.words.some((w) => /\d/.test(w))).toBe(false);

    const history = await loadHistory(database.db);
    expect(history).toContainEqual(expect.objectContaining({ agencyCode: "MOMAH", serviceCode: "CLEANLINESS", weight: 1 }));
    expect(history).toContainEqual(expect.objectContaining({ agencyCode: "WATER", serviceCode: "SEWAGE", weight: -1 }));
  });
});
