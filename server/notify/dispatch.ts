import { and, asc, eq, lte, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { outbox } from "../../schema/index.ts";
import type { SmsGateway } from "./sms.ts";
import { renderEmail, renderSms } from "./templates.ts";
import type { Mailer } from "./mailer.ts";

export const MAX_ATTEMPTS = 8;

/** 30 s, 1 min, 2 min, … capped at an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(3600_000, 30_000 * 2 ** Math.max(0, attempts - 1));
}

/**
 * Sends what is due in the outbox. Rows are claimed with FOR UPDATE SKIP LOCKED, so
 * several hub instances never send one message twice in the same pass; a failed send
 * is retried later with backoff and marked dead after MAX_ATTEMPTS.
 */
export async function dispatchOutbox(deps: { db: Db; sms: SmsGateway; mailer: Mailer; publicUrl?: string }, now: Date, batch = 50): Promise<{ sent: number; failed: number }> {
  let sent = 0;
  let failed = 0;
  await deps.db.transaction(async (tx) => {
    const due = await tx
      .select()
      .from(outbox)
      .where(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, now)))
      .orderBy(asc(outbox.id))
      .limit(batch)
      .for("update", { skipLocked: true });
    for (const m of due) {
      try {
        if (m.channel === "sms") await deps.sms.send({ to: m.recipient, text: renderSms(m.template, m.lang, m.payload, { publicUrl: deps.publicUrl ?? "" }) });
        else await deps.mailer.send({ to: m.recipient, ...renderEmail(m.template, m.lang, m.payload, { publicUrl: deps.publicUrl ?? "" }) }, m.idempotencyKey);
        await tx.update(outbox).set({ status: "sent", sentAt: now, attempts: sql`${outbox.attempts} + 1` }).where(eq(outbox.id, m.id));
        sent++;
      } catch {
        const attempts = m.attempts + 1;
        await tx
          .update(outbox)
          .set({ attempts, status: attempts >= MAX_ATTEMPTS ? "dead" : "pending", nextAttemptAt: new Date(now.getTime() + backoffMs(attempts)) })
          .where(eq(outbox.id, m.id));
        failed++;
      }
    }
  });
  return { sent, failed };
}
