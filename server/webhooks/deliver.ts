// One attempt at one delivery, called by the outbox dispatcher (server/notify/dispatch.ts)
// for a row of channel "webhook", outside any transaction. It throws on any failure; the
// dispatcher records the attempt with the outbox's backoff, and after MAX_ATTEMPTS the
// row is a dead letter an admin can send again (the webhooks admin page).

import type { Db } from "../db.ts";
import type { SecretBox } from "../auth/secret-box.ts";
import type { outbox } from "../../schema/index.ts";
import { checkWebhookTarget, targetHost } from "./target.ts";
import { HEADERS, signWebhook } from "./signature.ts";
import { webhookBody, webhookId } from "./events.ts";
import { endpointById, openSecret } from "./store.ts";
import type { WebhookDeps } from "./send.ts";

export const DELIVERY_TIMEOUT_MS = 10_000;

export interface WebhookDelivery extends WebhookDeps {
  secretBox: SecretBox;
  /** The hub's PUBLIC_URL is https (no loopback exception). */
  publicUrlHttps: boolean;
}

/** A failure no retry can mend (the endpoint is gone or disabled): the row is dead at once. */
export class PermanentDeliveryFailure extends Error {
  override name = "PermanentDeliveryFailure";
}

type Row = typeof outbox.$inferSelect;

export async function deliverWebhook(w: WebhookDelivery, db: Db, row: Row, now: Date): Promise<void> {
  const endpoint = await endpointById(db, row.recipient);
  if (!endpoint || !endpoint.active) throw new PermanentDeliveryFailure("webhook endpoint disabled");
  const policy = { publicUrlHttps: w.publicUrlHttps, allowPrivate: w.allowPrivate };
  // Again at delivery: what the name resolved to at registration proves nothing now.
  const addresses = await w.resolve(targetHost(new URL(endpoint.url))).catch(() => []);
  const verdict = checkWebhookTarget(endpoint.url, addresses, policy);
  if (!verdict.ok) throw new Error(`webhook target refused: ${verdict.error}`);
  const body = webhookBody(row);
  const timestamp = Math.floor(now.getTime() / 1000);
  const res = await w.send(endpoint.url, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "user-agent": "complaint-hub-webhooks/1",
      [HEADERS.id]: webhookId(row.idempotencyKey),
      [HEADERS.timestamp]: String(timestamp),
      [HEADERS.signature]: signWebhook(openSecret(w.secretBox, endpoint), timestamp, body),
    },
    body,
    signal: AbortSignal.timeout(w.timeoutMs ?? DELIVERY_TIMEOUT_MS),
  });
  if (res.status < 200 || res.status > 299) throw new Error(`webhook receiver answered ${res.status}`);
}
