// The signature every delivery carries, and the check a receiver makes (README:
// Webhooks). HMAC-SHA256 over "<timestamp>.<body>" with the endpoint's secret: the
// timestamp is inside what is signed, so an old delivery cannot be replayed with a
// fresh timestamp; receivers refuse timestamps older than TOLERANCE_S and drop an id
// they already took.

import { createHmac, timingSafeEqual } from "node:crypto";

/** How old a delivery's timestamp may be (either way: clocks drift) before a receiver refuses it. */
export const TOLERANCE_S = 300;

export const HEADERS = {
  id: "Hub-Webhook-Id",
  timestamp: "Hub-Webhook-Timestamp",
  signature: "Hub-Webhook-Signature",
} as const;

/** `v1=<hex HMAC-SHA256(secret, timestamp + "." + body)>` */
export function signWebhook(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

export type VerifyFailure = "malformed" | "stale" | "bad_signature";

/**
 * The receiver's check, as the README shows it: the timestamp within TOLERANCE_S of
 * `now` and one of the header's v1 signatures (an endpoint may list several while a
 * secret is rotated) matching, compared in constant time.
 */
export function verifyWebhook(
  secret: string,
  headers: { timestamp: string | undefined; signature: string | undefined },
  body: string,
  now: Date,
): { ok: true } | { ok: false; reason: VerifyFailure } {
  const ts = Number(headers.timestamp);
  if (!headers.timestamp || !/^\d{1,12}$/.test(headers.timestamp) || !headers.signature) return { ok: false, reason: "malformed" };
  if (Math.abs(now.getTime() / 1000 - ts) > TOLERANCE_S) return { ok: false, reason: "stale" };
  const expected = Buffer.from(signWebhook(secret, ts, body));
  const match = headers.signature
    .split(/[\s,]+/)
    .filter((s) => s.startsWith("v1="))
    .some((s) => s.length === expected.length && timingSafeEqual(Buffer.from(s), expected));
  return match ? { ok: true } : { ok: false, reason: "bad_signature" };
}
