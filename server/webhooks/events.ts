// What a webhook says, as data (pure). One event occurrence becomes one outbox row per
// subscribed endpoint of the complaint's agency (server/webhooks/store.ts fans it out in
// SQL, in the transaction that made the change). The row keeps only the event's data;
// the body is put together at delivery (server/webhooks/deliver.ts):
//   {"id": <uuid from the row's idempotency key>, "type", "created_at", "data"}.
//
// `data` carries no more than the agency's own portal shows before it accepts the
// complaint, and no free text at all (a citizen's reason, an officer's note): the
// reference, the agency, the status and a few facts of the event. A receiver fetches
// the rest with the agency API and its key, where access is checked and recorded.

import { createHash } from "node:crypto";
import { outboxKey } from "../notify/outbox.ts";

export const WEBHOOK_EVENTS = [
  "complaint.routed",
  "complaint.transferred_in",
  "complaint.reopened",
  "complaint.answered",
  "complaint.followup",
  "complaint.escalated",
] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENTS)[number];
/** The admin's "send test delivery": sent to one endpoint whatever it subscribed to. */
export const PING = "ping";

export function isWebhookEvent(s: string): s is WebhookEventType {
  return (WEBHOOK_EVENTS as readonly string[]).includes(s);
}

export interface WebhookEvent {
  agencyCode: string;
  type: WebhookEventType;
  /** The occurrence's idempotency key (outboxKey shape); the endpoint's id is appended per row. */
  key: string;
  data: Record<string, unknown>;
}

/** Facts of an event that may travel in `data`: none is personal, none is free text. */
const SAFE_EXTRA = ["fromAgency", "due", "level", "stage", "beyondAgency"] as const;

export function complaintWebhook(
  type: WebhookEventType,
  c: { id: string; reference: string; kind?: string | undefined; status?: string | null | undefined; agencyCode: string },
  occurrence: string | number,
  extra: Record<string, unknown> = {},
): WebhookEvent {
  const data: Record<string, unknown> = { reference: c.reference, agency: c.agencyCode };
  if (c.kind) data.kind = c.kind;
  if (c.status) data.status = c.status;
  for (const k of SAFE_EXTRA) if (extra[k] !== undefined && extra[k] !== null) data[k] = extra[k];
  return { agencyCode: c.agencyCode, type, key: outboxKey(type, c.id, occurrence), data };
}

/** The delivery's id: the same for every attempt of a row, so a receiver can drop a repeat. */
export function webhookId(idempotencyKey: string): string {
  const h = createHash("sha256").update(`complaint-hub:webhook:${idempotencyKey}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The body as sent and signed. */
export function webhookBody(row: { idempotencyKey: string; template: string; createdAt: Date; payload: Record<string, unknown> }): string {
  return JSON.stringify({
    id: webhookId(row.idempotencyKey),
    type: row.template,
    created_at: row.createdAt.toISOString(),
    data: row.payload,
  });
}
