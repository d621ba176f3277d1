import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { outbox } from "../../schema/index.ts";
import { CONCURRENCY, dispatchOutbox, LEASE_MS } from "../../server/notify/dispatch.ts";
import type { Mailer } from "../../server/notify/mailer.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { SLOW_TEST_TIMEOUT } from "../support/server-process.ts";

// A hub killed mid-send loses nothing: the message stays queued and goes out again with
// the same idempotency key (at-least-once), so the receiving side can drop the repeat.
// The crash needs a second process on a shared database: the PostgreSQL pass runs it.
const onPostgres = !!process.env.DATABASE_URL;
let database: TestDatabase;
beforeAll(async () => {
  if (onPostgres) database = await createTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

// Each test starts a tsx process that opens the database: the process-test budget, not the
// default 30 s, which a loaded machine can spend on the child's start alone.
describe.runIf(onPostgres)("the outbox across a crash", { timeout: SLOW_TEST_TIMEOUT }, () => {
  it("a message whose sender died mid-send is sent again, with the same key", async () => {
    const now = new Date();
    await database.db.insert(outbox).values({
      channel: "email",
      recipient: "citizen@example.com",
      template: "complaint_received",
      lang: "ar",
      payload: { reference: "CMP-2026-CRASH2" },
      idempotencyKey: "complaint_received:crash-test",
      nextAttemptAt: now,
      createdAt: now,
    });
    const log = join(await mkdtemp(join(tmpdir(), "hub-crash-")), "sent.jsonl");
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/crash-dispatch.ts", database.url!, log], { stdio: "ignore" });
    const signal = await new Promise<string | null>((resolve) => child.on("exit", (_code, sig) => resolve(sig)));
    expect(signal).toBe("SIGKILL");
    expect((await readFile(log, "utf8")).trim().split("\n")).toHaveLength(1); // it did reach the mail server

    // The sender died holding the lease: nothing was recorded as sent.
    const [row] = await database.db.select().from(outbox).where(eq(outbox.idempotencyKey, "complaint_received:crash-test"));
    expect(row).toMatchObject({ status: "pending", attempts: 0 });
    const keys: string[] = [];
    const mailer: Mailer = { send: async (_m, key) => void keys.push(key) };
    // The dead sender held a lease on the row; once it runs out the row is taken again.
    expect(
      await dispatchOutbox({ db: database.db, sms: { send: async () => {} }, mailer }, new Date(Date.now() + LEASE_MS + 1000)),
    ).toEqual({ sent: 1, failed: 0 });
    expect(keys).toEqual(["complaint_received:crash-test"]);
    const [after] = await database.db.select().from(outbox).where(eq(outbox.idempotencyKey, "complaint_received:crash-test"));
    expect(after!.status).toBe("sent");
  });

  it("a kill in the middle of a batch re-sends at most the messages in flight, each with its key", async () => {
    const now = new Date();
    const rows = Array.from({ length: 20 }, (_, i) => ({
      channel: "sms" as const,
      recipient: `+9665000000${String(i).padStart(2, "0")}`,
      template: "complaint_received",
      lang: "ar" as const,
      payload: { reference: `CMP-2026-B${i}` },
      idempotencyKey: `batch-crash:${i}`,
      nextAttemptAt: now,
      createdAt: now,
    }));
    await database.db.insert(outbox).values(rows);
    const log = join(await mkdtemp(join(tmpdir(), "hub-crash-")), "sent.jsonl");
    const child = spawn(process.execPath, ["--import", "tsx", "test/support/crash-dispatch-batch.ts", database.url!, log, "10"], {
      stdio: "ignore",
    });
    expect(await new Promise<string | null>((resolve) => child.on("exit", (_code, sig) => resolve(sig)))).toBe("SIGKILL");
    const first = (await readFile(log, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { key: string });
    expect(first).toHaveLength(10);
    expect(first.every((m) => m.key?.startsWith("batch-crash:"))).toBe(true);

    const again: string[] = [];
    const sms = { send: async (m: { idempotencyKey?: string }) => void again.push(m.idempotencyKey!) };
    await dispatchOutbox({ db: database.db, sms, mailer: { send: async () => {} } }, new Date(Date.now() + LEASE_MS + 1000));
    const all = [...first.map((m) => m.key), ...again];
    const twice = all.length - new Set(all).size;
    console.log(
      `outbox batch crash: queued 20, sent ${new Set(all).size}, lost ${20 - new Set(all).size}, sent twice ${twice}, in flight at most ${CONCURRENCY.sms}`,
    );
    expect(new Set(all).size).toBe(20);
    expect(twice).toBeLessThanOrEqual(CONCURRENCY.sms);
  });
});
