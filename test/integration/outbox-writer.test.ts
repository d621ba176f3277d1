import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import { outbox } from "../../schema/index.ts";
import { enqueue, outboxKey, type OutboxMessage } from "../../server/notify/outbox.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => database?.close());

const now = new Date("2026-03-01T08:00:00Z");
const message = (key: string, recipient = "a@example.gov"): OutboxMessage => ({
  channel: "email",
  recipient,
  template: "complaint_received",
  lang: "ar",
  payload: { reference: "X-1", text: 'نص عربي "مقتبس"' },
  key,
});

describe("the outbox writer", () => {
  it("keys one occurrence the same way every time", () => {
    expect(outboxKey("agency_new", "c1", 3, "officer", "sms")).toBe("agency_new:c1:3:officer:sms");
    expect(outboxKey("complaint_closed", "c1", "first_contact")).toBe("complaint_closed:c1:first_contact");
  });

  it("queues many messages in order, skips keys already queued and keeps the payload intact", async () => {
    const first = await enqueue(database.db, [message("k:1"), message("k:2", "b@example.gov")], now);
    expect(first).toBe(2);
    const again = await enqueue(database.db, [message("k:2"), message("k:3")], now);
    expect(again).toBe(1);
    expect(await enqueue(database.db, [], now)).toBe(0);
    const rows = await database.db.select().from(outbox).orderBy(asc(outbox.id));
    expect(rows.map((r) => r.idempotencyKey)).toEqual(["k:1", "k:2", "k:3"]);
    expect(rows[1]!.recipient).toBe("b@example.gov");
    expect(rows[0]!.payload).toEqual({ reference: "X-1", text: 'نص عربي "مقتبس"' });
    expect(rows[0]!.nextAttemptAt.toISOString()).toBe(now.toISOString());
    expect(rows.every((r) => r.status === "pending")).toBe(true);
  });
});
