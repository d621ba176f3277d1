import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { complaints } from "../../schema/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { demoHub } from "../support/demo-hub.ts";
import { staffSessions } from "../support/sessions.ts";

// DATABASE_READ_URL (issue 16 item 6a): the reads that may lag go to the replica, the rest
// stay on the primary. The "replica" here is a second database with content of its own (a
// complaint the primary does not have), so a page proves where it read from. PostgreSQL
// only: the embedded database has no replica.
describe.runIf(!!process.env.DATABASE_URL)("reads that may lag come from the read replica", () => {
  let primary: TestDatabase;
  let replica: TestDatabase;
  let h: Awaited<ReturnType<typeof demoHub>>;
  let staff: ReturnType<typeof staffSessions>;
  const reference = "CMP-2026-REPL1C";

  beforeAll(async () => {
    primary = await createTestDatabase();
    replica = await createTestDatabase();
    h = await demoHub(primary, { readDb: replica.db });
    staff = staffSessions(h.app, h.deps.clock);
    const at = h.deps.clock.now();
    // Only on the replica: an inbox that shows it read the replica.
    await replica.db.insert(complaints).values({
      reference,
      kind: "complaint",
      status: "routed",
      text: "marker row only the replica holds",
      city: "riyadh",
      agencyCode: "MOMAH",
      routedBy: "citizen",
      notifyBy: "sms",
      complexity: "routine",
      importance: "medium",
      actionType: "corrective",
      actionDueAt: new Date(at.getTime() + 86400_000),
      createdAt: at,
      updatedAt: at,
    });
  });
  afterAll(async () => {
    await replica?.close();
    await primary?.close();
  });

  it("the inbox lists and counts what the replica holds", async () => {
    const officer = await staff("liaison.momah");
    const res = await officer.get("/agency?agency=MOMAH");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(reference);
    expect(html).toMatch(/data-tab="routed"[^>]*>[^<]*<span class="count">1<\/span>/);
  });

  it("the officer's complaint page reads the primary, which does not have it", async () => {
    const officer = await staff("liaison.momah");
    expect((await officer.get(`/staff/complaints/${reference}`)).status).toBe(404);
  });
});
