import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { outbox } from "../../schema/index.ts";

// Messages the dispatcher gave up on (MAX_ATTEMPTS failures): shown to administrators,
// who send them again once the gateway or mail server is back.

export async function deadMessages(db: Db, limit = 200) {
  const rows = await db
    .select({
      id: outbox.id,
      channel: outbox.channel,
      recipient: outbox.recipient,
      template: outbox.template,
      attempts: outbox.attempts,
      createdAt: outbox.createdAt,
      reference: sql<string | null>`${outbox.payload}->>'reference'`,
    })
    .from(outbox)
    .where(eq(outbox.status, "dead"))
    .orderBy(desc(outbox.id))
    .limit(limit);
  const [{ total }] = (await db
    .select({ total: sql<number>`count(*)::int` })
    .from(outbox)
    .where(eq(outbox.status, "dead"))) as [{ total: number }];
  return { rows, total };
}

/** Back to the queue with a fresh set of attempts; its idempotency key is unchanged. */
export async function retryDead(db: Db, now: Date, id?: number): Promise<number> {
  const rows = await db
    .update(outbox)
    .set({ status: "pending", attempts: 0, nextAttemptAt: now })
    .where(id === undefined ? eq(outbox.status, "dead") : and(eq(outbox.status, "dead"), eq(outbox.id, id)))
    .returning({ id: outbox.id });
  return rows.length;
}
