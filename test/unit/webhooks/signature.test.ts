import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signWebhook, TOLERANCE_S, verifyWebhook } from "../../../server/webhooks/signature.ts";
import { webhookBody, webhookId } from "../../../server/webhooks/events.ts";

const secret = "whsec_test";
const body = '{"id":"x","type":"ping","created_at":"2026-11-19T09:00:00.000Z","data":{}}';
const ts = 1_795_000_000;
const at = (s: number) => new Date(s * 1000);

describe("webhook signatures", () => {
  it("is v1= and the hex HMAC-SHA256 of timestamp.body, as the README recipe computes it", () => {
    const expected = createHmac("sha256", secret).update(`${ts}.${body}`).digest("hex");
    expect(signWebhook(secret, ts, body)).toBe(`v1=${expected}`);
  });

  it("verifies a fresh delivery and refuses a changed body, another secret, a moved timestamp and an old one", () => {
    const signature = signWebhook(secret, ts, body);
    expect(verifyWebhook(secret, { timestamp: String(ts), signature }, body, at(ts + 10))).toEqual({ ok: true });
    expect(verifyWebhook(secret, { timestamp: String(ts), signature }, body + " ", at(ts))).toEqual({ ok: false, reason: "bad_signature" });
    expect(verifyWebhook("other", { timestamp: String(ts), signature }, body, at(ts))).toEqual({ ok: false, reason: "bad_signature" });
    // A replay with a fresh timestamp does not match: the timestamp is signed.
    expect(verifyWebhook(secret, { timestamp: String(ts + 400), signature }, body, at(ts + 400))).toEqual({
      ok: false,
      reason: "bad_signature",
    });
    expect(verifyWebhook(secret, { timestamp: String(ts), signature }, body, at(ts + TOLERANCE_S + 1))).toEqual({
      ok: false,
      reason: "stale",
    });
    expect(verifyWebhook(secret, { timestamp: undefined, signature }, body, at(ts))).toEqual({ ok: false, reason: "malformed" });
    expect(verifyWebhook(secret, { timestamp: "12abc", signature }, body, at(ts))).toEqual({ ok: false, reason: "malformed" });
  });

  it("accepts any of several v1 signatures (a secret being rotated)", () => {
    const header = `v1=${"0".repeat(64)}, ${signWebhook(secret, ts, body)}`;
    expect(verifyWebhook(secret, { timestamp: String(ts), signature: header }, body, at(ts))).toEqual({ ok: true });
  });

  it("gives a row the same id and body on every attempt, and different rows different ids", () => {
    const row = {
      idempotencyKey: "complaint.routed:c1:filed:webhook:e1",
      template: "complaint.routed",
      createdAt: at(ts),
      payload: { reference: "CMP-1" },
    };
    expect(webhookId(row.idempotencyKey)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(webhookBody(row)).toBe(webhookBody({ ...row }));
    expect(JSON.parse(webhookBody(row))).toEqual({
      id: webhookId(row.idempotencyKey),
      type: "complaint.routed",
      created_at: at(ts).toISOString(),
      data: { reference: "CMP-1" },
    });
    expect(webhookId("complaint.routed:c1:filed:webhook:e2")).not.toBe(webhookId(row.idempotencyKey));
  });
});
