import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { httpRegistry, RegistryUnavailableError } from "../../../server/identity/registry.ts";
import { fillTemplate, httpSmsGateway, logSmsGateway, SmsDeliveryError } from "../../../server/notify/sms.ts";
import { codeSms } from "../../../server/identity/messages.ts";

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });

describe("the http civil registry", () => {
  const record = {
    found: true,
    firstName: "سالم",
    fatherName: "سعيد",
    grandfatherName: "راشد",
    familyName: "البادي",
    dateOfBirth: "1986-10-10T00:00:00Z",
    nationality: "OM",
  };

  it("maps the registry's answer and sends the configured auth header", async () => {
    let seen: RequestInit | undefined;
    const reg = httpRegistry({
      url: "http://registry.test/lookup",
      authHeader: "X-Api-Key: k1",
      fetch: async (_u, init) => ((seen = init), json(record)),
    });
    expect(await reg.lookup("9012345670")).toEqual({
      ...record,
      found: undefined,
      dateOfBirth: "1986-10-10",
      nationalId: "9012345670",
    } as never);
    expect((seen!.headers as Record<string, string>)["X-Api-Key"]).toBe("k1");
    expect(JSON.parse(String(seen!.body))).toEqual({ nationalId: "9012345670" });
  });

  it("an unknown number is null; a failing, slow or garbled registry is 'unavailable', never a match", async () => {
    expect(await httpRegistry({ url: "http://r.test", fetch: async () => json({ found: false }) }).lookup("1")).toBeNull();
    expect(await httpRegistry({ url: "http://r.test", fetch: async () => new Response("", { status: 404 }) }).lookup("1")).toBeNull();
    const failing = [
      async () => new Response("boom", { status: 502 }),
      async () => new Response("<html>", { status: 200 }),
      async () => json({ found: true, firstName: "x" }),
      async (_u: unknown, init?: RequestInit) =>
        new Promise<Response>((_r, reject) =>
          init!.signal!.addEventListener("abort", () => reject(new DOMException("timeout", "TimeoutError"))),
        ),
    ];
    for (const f of failing) {
      await expect(httpRegistry({ url: "http://r.test", timeoutMs: 50, fetch: f as typeof fetch }).lookup("1")).rejects.toBeInstanceOf(
        RegistryUnavailableError,
      );
    }
  });
});

describe("SMS gateways", () => {
  it("the log gateway appends one JSON line per message", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "sms-")), "sms.jsonl");
    const g = logSmsGateway(file, () => new Date("2026-11-22T09:00:00Z"));
    await g.send({ to: "+966500000001", text: "أ" });
    await g.send({ to: "+966500000002", text: 'quote " and\nnewline' });
    const lines = (await readFile(file, "utf8"))
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(lines).toEqual([
      { to: "+966500000001", text: "أ", at: "2026-11-22T09:00:00.000Z" },
      { to: "+966500000002", text: 'quote " and\nnewline', at: "2026-11-22T09:00:00.000Z" },
    ]);
  });

  it("the http gateway fills the body template JSON-safely and reports failures", async () => {
    let body = "";
    const ok = httpSmsGateway({
      url: "http://sms.test",
      bodyTemplate: '{"msisdn":"{{to}}","message":"{{text}}"}',
      fetch: async (_u, i) => ((body = String(i!.body)), new Response("ok")),
    });
    await ok.send({ to: "+96891234567", text: 'رمز "12345"' });
    expect(JSON.parse(body)).toEqual({ msisdn: "+96891234567", message: 'رمز "12345"' });
    const down = httpSmsGateway({ url: "http://sms.test", bodyTemplate: "{}", fetch: async () => new Response("", { status: 503 }) });
    await expect(down.send({ to: "+1", text: "x" })).rejects.toBeInstanceOf(SmsDeliveryError);
    expect(fillTemplate("{{to}} {{missing}}", { to: "a" })).toBe("a {{missing}}");
  });

  it("a code message fits one SMS segment in Arabic (70 UCS-2 characters) and in English", () => {
    expect(codeSms("12345", "ar").length).toBeLessThanOrEqual(70);
    expect(codeSms("12345", "en").length).toBeLessThanOrEqual(160);
  });
});
