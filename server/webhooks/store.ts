// Webhooks' SQL: the endpoints an admin registers, the fan-out of an event into one
// outbox row per subscribed endpoint (in the caller's transaction), and what the admin
// page lists and sends again.

import { randomUUID } from "node:crypto";
import { and, desc, eq, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { outbox, webhookEndpoints, type WebhookEndpoint } from "../../schema/index.ts";
import type { SecretBox } from "../auth/secret-box.ts";
import { randomToken } from "../auth/tokens.ts";
import { outboxKey } from "../notify/outbox.ts";
import { PING, type WebhookEvent, type WebhookEventType } from "./events.ts";

/**
 * Queues `events` for every active endpoint of each event's agency that subscribed to
 * its type: one statement, in the caller's transaction (the outbox pattern: the delivery
 * exists exactly when the change does). The key is the occurrence's plus the endpoint,
 * so a retried transaction or a second instance queues each (endpoint, occurrence) once.
 * Returns how many rows were new.
 */
export async function enqueueWebhookEvents(tx: Db, events: readonly WebhookEvent[], now: Date): Promise<number> {
  if (events.length === 0) return 0;
  const at = now.toISOString();
  const rows = JSON.stringify(events.map((e) => ({ agency_code: e.agencyCode, type: e.type, key: e.key, data: e.data })));
  const result = await tx.execute(sql`
    insert into outbox (channel, recipient, template, lang, payload, idempotency_key, next_attempt_at, created_at)
    select 'webhook', e.id::text, x.type, 'en', x.data, x.key || ':webhook:' || e.id, ${at}::timestamptz, ${at}::timestamptz
      from rows from (jsonb_to_recordset(${rows}::jsonb) as (agency_code text, type text, key text, data jsonb))
           with ordinality as x (agency_code, type, key, data, n)
      join webhook_endpoints e on e.agency_code = x.agency_code and e.active and x.type = any (e.events)
     order by x.n, e.id
    on conflict (idempotency_key) do nothing
    returning id`);
  const r = result as unknown as { rows?: unknown[]; length?: number };
  return Array.isArray(r) ? r.length : (r.rows?.length ?? 0);
}

/** A new signing secret: shown once to the admin, sealed in the row. */
export function newWebhookSecret(): string {
  return `whsec_${randomToken()}${randomToken()}`;
}

export async function createEndpoint(
  db: Db,
  box: SecretBox,
  input: { agencyCode: string; url: string; events: WebhookEventType[]; apiClientId?: string | null; createdBy?: string | null },
  now: Date,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const secret = newWebhookSecret();
  const [endpoint] = await db
    .insert(webhookEndpoints)
    .values({
      agencyCode: input.agencyCode,
      apiClientId: input.apiClientId ?? null,
      url: input.url,
      secretSealed: box.seal(new TextEncoder().encode(secret)),
      events: input.events,
      createdBy: input.createdBy ?? null,
      createdAt: now,
    })
    .returning();
  return { endpoint: endpoint!, secret };
}

export function openSecret(box: SecretBox, e: Pick<WebhookEndpoint, "secretSealed">): string {
  return new TextDecoder().decode(box.open(e.secretSealed));
}

export async function endpointById(db: Db, id: string): Promise<WebhookEndpoint | null> {
  if (!/^[0-9a-f-]{36}$/.test(id)) return null;
  const [e] = await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id));
  return e ?? null;
}

/** One agency's endpoints, newest first (the agency API lists its own). */
export async function agencyEndpoints(db: Db, agencyCode: string): Promise<WebhookEndpoint[]> {
  return db
    .select()
    .from(webhookEndpoints)
    .where(eq(webhookEndpoints.agencyCode, agencyCode))
    .orderBy(desc(webhookEndpoints.createdAt), webhookEndpoints.id);
}

export async function listEndpoints(db: Db): Promise<WebhookEndpoint[]> {
  return db.select().from(webhookEndpoints).orderBy(webhookEndpoints.agencyCode, desc(webhookEndpoints.createdAt), webhookEndpoints.id);
}

/**
 * Stops an endpoint: no new deliveries are queued for it, and the ones still waiting
 * become dead letters at their next attempt (the dispatcher checks the endpoint).
 */
export async function disableEndpoint(db: Db, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(webhookEndpoints)
    .set({ active: false, disabledAt: now })
    .where(and(eq(webhookEndpoints.id, id), eq(webhookEndpoints.active, true)))
    .returning({ id: webhookEndpoints.id });
  return rows.length > 0;
}

/** The admin's test delivery: a `ping` to this one endpoint, a new occurrence per click. */
export async function queuePing(db: Db, e: Pick<WebhookEndpoint, "id" | "agencyCode">, now: Date): Promise<void> {
  await db.insert(outbox).values({
    channel: "webhook",
    recipient: e.id,
    template: PING,
    lang: "en",
    payload: { agency: e.agencyCode, message: "test delivery" },
    idempotencyKey: `${outboxKey(PING, e.id, randomUUID())}:webhook:${e.id}`,
    nextAttemptAt: now,
    createdAt: now,
  });
}

export interface DeliveryRow {
  id: number;
  endpointId: string;
  type: string;
  status: "pending" | "sent" | "dead";
  attempts: number;
  createdAt: Date;
  sentAt: Date | null;
  nextAttemptAt: Date;
  reference: string | null;
}

/** The most recent deliveries (all endpoints, newest first), dead letters among them. */
export async function recentDeliveries(db: Db, limit = 100): Promise<DeliveryRow[]> {
  return db
    .select({
      id: outbox.id,
      endpointId: outbox.recipient,
      type: outbox.template,
      status: outbox.status,
      attempts: outbox.attempts,
      createdAt: outbox.createdAt,
      sentAt: outbox.sentAt,
      nextAttemptAt: outbox.nextAttemptAt,
      reference: sql<string | null>`${outbox.payload}->>'reference'`,
    })
    .from(outbox)
    .where(eq(outbox.channel, "webhook"))
    .orderBy(desc(outbox.id))
    .limit(limit);
}

/**
 * A dead delivery back to the queue with a fresh set of attempts. Its idempotency key,
 * and so the id the receiver sees, is unchanged: a receiver that did take it after all
 * drops it. Refused (false) for a row that is not a dead webhook delivery, or whose
 * endpoint was disabled since.
 */
export async function resendDelivery(db: Db, id: number, now: Date): Promise<boolean> {
  const rows = await db.execute(sql`
    update outbox o set status = 'pending', attempts = 0, next_attempt_at = ${now.toISOString()}::timestamptz
      from webhook_endpoints e
     where o.id = ${id} and o.channel = 'webhook' and o.status = 'dead' and e.id::text = o.recipient and e.active
    returning o.id`);
  const r = rows as unknown as { rows?: unknown[]; length?: number };
  return (Array.isArray(r) ? r.length : (r.rows?.length ?? 0)) > 0;
}
