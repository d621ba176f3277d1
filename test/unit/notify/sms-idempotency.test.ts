import { describe, expect, it } from "vitest";
import { httpSmsGateway } from "../../../server/notify/sms.ts";

describe("the HTTP SMS gateway", () => {
  it("sends the message's idempotency key in a header and, when the body template asks, in the body", async () => {
    const seen: { headers: Record<string, string>; body: string }[] = [];
    const fetch = (async (_url: string, init: RequestInit) => {
      seen.push({ headers: init.headers as Record<string, string>, body: String(init.body) });
      return new Response("{}", { status: 200 });
    }) as unknown as typeof globalThis.fetch;
    const g = httpSmsGateway({
      url: "http://sms.invalid/send",
      bodyTemplate: '{"to":"{{to}}","text":"{{text}}","ref":"{{idempotencyKey}}"}',
      fetch,
    });
    await g.send({ to: "+966500000001", text: "مرحبا", idempotencyKey: "complaint_received:42" });
    expect(seen[0]!.headers["idempotency-key"]).toBe("complaint_received:42");
    expect(JSON.parse(seen[0]!.body)).toEqual({ to: "+966500000001", text: "مرحبا", ref: "complaint_received:42" });
  });
});
