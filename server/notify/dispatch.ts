import { randomUUID } from "node:crypto";
import { and, asc, eq, inArray, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { outbox } from "../../schema/index.ts";
import type { SmsGateway } from "./sms.ts";
import { renderEmail, renderSms } from "./templates.ts";
import type { Mailer } from "./mailer.ts";
import { deliverWebhook, PermanentDeliveryFailure, type WebhookDelivery } from "../webhooks/deliver.ts";

export const MAX_ATTEMPTS = 8;
/** Longer than a send may take (the SMS gateway's and SMTP's timeouts are 10 s and less). */
export const LEASE_MS = 60_000;
/**
 * Messages sent at once per channel: a provider's rate limits, and a bounded fan-out.
 * Webhooks have their own lanes, so a slow receiver (10 s timeout) never holds up SMS.
 */
export const CONCURRENCY = { sms: 4, email: 4, webhook: 4 } as const;

/** 30 s, 1 min, 2 min, … capped at an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

type Row = typeof outbox.$inferSelect;

/**
 * Sends what is due in the outbox, once per attempt:
 * 1. a batch is claimed in one short statement (FOR UPDATE SKIP LOCKED, then a lease
 *    until now + LEASE_MS and a fresh attempt id), so instances never share a row;
 * 2. each message is sent outside any transaction, a few at a time per channel;
 * 3. each outcome is recorded on its own, and only by the holder of the attempt id.
 * A crash therefore re-sends at most the messages that were in flight (their lease runs
 * out); before, up to 50 sends sat in one open transaction and all went out again.
 * Every send carries the row's idempotency key, so the provider can drop a repeat.
 */
export async function dispatchOutbox(
  deps: { db: Db; sms: SmsGateway; mailer: Mailer; publicUrl?: string; webhooks?: WebhookDelivery },
  now: Date,
  batch = 50,
): Promise<{ sent: number; failed: number }> {
  // A dispatcher without webhook deps (a test's, a one-off script's) leaves those rows to one that has them.
  const claimed = await claim(deps.db, now, batch, !!deps.webhooks);
  let sent = 0;
  let failed = 0;
  const one = async (m: Row & { attemptId: string }) => {
    try {
      if (m.channel === "webhook") await deliverWebhook(deps.webhooks!, deps.db, m, now);
      else if (m.channel === "sms")
        await deps.sms.send({
          to: m.recipient,
          text: renderSms(m.template, m.lang, m.payload, { publicUrl: deps.publicUrl ?? "" }),
          idempotencyKey: m.idempotencyKey,
        });
      else
        await deps.mailer.send(
          { to: m.recipient, ...renderEmail(m.template, m.lang, m.payload, { publicUrl: deps.publicUrl ?? "" }) },
          m.idempotencyKey,
        );
    } catch (e) {
      const attempts = m.attempts + 1;
      await deps.db
        .update(outbox)
        .set({
          attempts,
          status: attempts >= MAX_ATTEMPTS || e instanceof PermanentDeliveryFailure ? "dead" : "pending",
          nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)),
          claimedUntil: null,
          attemptId: null,
        })
        .where(and(eq(outbox.id, m.id), eq(outbox.attemptId, m.attemptId)));
      failed++;
      return;
    }
    await deps.db
      .update(outbox)
      .set({ status: "sent", sentAt: now, attempts: sql`${outbox.attempts} + 1`, claimedUntil: null, attemptId: null })
      .where(and(eq(outbox.id, m.id), eq(outbox.attemptId, m.attemptId)));
    sent++;
  };
  await Promise.all(
    (["sms", "email", "webhook"] as const).map((ch) =>
      pool(
        claimed.filter((m) => m.channel === ch),
        CONCURRENCY[ch],
        one,
      ),
    ),
  );
  return { sent, failed };
}

async function claim(db: Db, now: Date, batch: number, webhooks: boolean): Promise<(Row & { attemptId: string })[]> {
  const attemptId = randomUUID();
  const due = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(
      and(
        eq(outbox.status, "pending"),
        lte(outbox.nextAttemptAt, now),
        or(isNull(outbox.claimedUntil), lt(outbox.claimedUntil, now)),
        webhooks ? undefined : ne(outbox.channel, "webhook"),
      ),
    )
    .orderBy(asc(outbox.id))
    .limit(batch)
    .for("update", { skipLocked: true });
  const rows = await db
    .update(outbox)
    .set({ claimedUntil: new Date(now.getTime() + LEASE_MS), attemptId })
    .where(inArray(outbox.id, due))
    .returning();
  return rows.sort((a, b) => a.id - b.id) as (Row & { attemptId: string })[];
}

/** Runs `work` over `items`, at most `size` at a time. */
async function pool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(size, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}
