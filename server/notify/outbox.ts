// The one way a message enters the outbox. Every use case that tells someone
// something builds `OutboxMessage`s (pure) and hands them to `enqueue` inside the
// transaction that made the change, so the message exists exactly when the change
// does. The idempotency key is the only thing that stops a retried transaction, a
// second hub instance or a re-run job from telling anyone twice, so it has one shape
// everywhere: `template:subject:occurrence[:recipient…]` (see `outboxKey`).

import { sql } from "drizzle-orm";
import type { Db } from "../db.ts";

export type OutboxChannel = "sms" | "email";

export interface OutboxMessage {
  channel: OutboxChannel;
  recipient: string;
  template: string;
  lang: "ar" | "en";
  payload: Record<string, unknown>;
  /** Built with `outboxKey`: the same occurrence always gives the same key. */
  key: string;
}

/**
 * The idempotency key of one message: the template, what it is about (usually the
 * complaint id), what makes this occurrence unique (a version, an event id, a day, an
 * SLA event) and, where one occurrence goes to several people or channels, who.
 * The intake statement in server/complaints/write.ts builds the same shape in SQL.
 */
export function outboxKey(template: string, subject: string, occurrence: string | number, ...who: (string | number)[]): string {
  return [template, subject, String(occurrence), ...who.map(String)].join(":");
}

/**
 * Queues `messages` in one statement (any count: the rows travel as one JSON
 * parameter, so there is one round trip and no parameter limit). A key already queued
 * is skipped. Returns how many rows were new.
 */
export async function enqueue(tx: Db, messages: readonly OutboxMessage[], now: Date): Promise<number> {
  if (messages.length === 0) return 0;
  const rows = JSON.stringify(messages);
  const at = now.toISOString();
  const result = await tx.execute(sql`
    insert into outbox (channel, recipient, template, lang, payload, idempotency_key, next_attempt_at, created_at)
    select x.channel, x.recipient, x.template, x.lang, x.payload, x.key, ${at}::timestamptz, ${at}::timestamptz
      from rows from (jsonb_to_recordset(${rows}::jsonb) as (channel text, recipient text, template text, lang text, payload jsonb, key text))
           with ordinality as x (channel, recipient, template, lang, payload, key, n)
     order by x.n
    on conflict (idempotency_key) do nothing
    returning id`);
  return rowCount(result);
}

function rowCount(result: unknown): number {
  const r = result as { rows?: unknown[]; length?: number; count?: number };
  if (Array.isArray(r)) return r.length;
  if (Array.isArray(r.rows)) return r.rows.length;
  return r.count ?? 0;
}
