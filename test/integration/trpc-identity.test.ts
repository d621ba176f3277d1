import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { testApp } from "../support/app.ts";
import { mobileApp } from "../support/mobile.ts";
import { AISHA, registrationForm, seedRegistry } from "../support/registry.ts";
import { registerCitizen } from "../support/citizen.ts";
import { RegistryUnavailableError } from "../../server/identity/registry.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
});
afterAll(async () => {
  await database.close();
});

describe("identity over tRPC for the mobile app", () => {
  it("register → verifyOtp → me → logout → login round trip", async () => {
    const h = testApp(database);
    const api = mobileApp(h.app);
    const { acceptPolicy: _a, ...form } = registrationForm({ mobile: "0551112233" });
    const reg = await api.mutate("identity.register", { ...form, acceptPolicy: true });
    expect(reg.status).toBe(200);
    const challengeId = reg.body.result.data.challengeId;
    expect(challengeId).toMatch(/^[a-z2-7]{24}$/);
    const code = /(\d{5})/.exec(h.sms.sent.at(-1)!.text)![1];
    expect((await api.mutate("identity.verifyOtp", { challengeId, code })).body.result.data).toEqual({ ok: true });
    const me = await api.query("identity.me");
    expect(me.body.result.data).toMatchObject({
      nationalId: AISHA.nationalId,
      familyName: AISHA.familyName,
      mobile: "+966551112233",
      notifyBy: "sms",
    });
    await api.mutate("identity.logout");
    expect((await api.query("identity.me")).status).toBe(401);
    const login = await api.mutate("identity.login", { nationalId: AISHA.nationalId, password: "a long secret phrase" });
    expect(login.status).toBe(200);
    expect((await api.query("identity.me")).status).toBe(200);
  });

  it("refusals come back as 4xx with the code, the translated text and the fields, never a stack", async () => {
    const h = testApp(database);
    const api = mobileApp(h.app);
    const bad = await api.mutate("identity.login", { nationalId: AISHA.nationalId, password: "wrong password!" });
    expect(bad.status).toBe(401);
    expect(bad.body.error.data.reason).toBe("invalid_credentials");
    expect(bad.body.error.data.text).toBe("البيانات المدخلة غير صحيحة.");
    expect(JSON.stringify(bad.body)).not.toContain("stack");

    const { acceptPolicy: _a, ...form } = registrationForm({ mobile: "12" });
    const invalid = await api.mutate("identity.register", { ...form, acceptPolicy: true });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.data.fields.mobile.code).toBe("mobile_invalid");

    const malformed = await api.mutate("identity.verifyOtp", { challengeId: 42 });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.body)).not.toContain("stack");
  });

  it("a mutation without the hub's Origin is refused", async () => {
    const h = testApp(database);
    const res = await h.app.request("/trpc/identity.login", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ nationalId: AISHA.nationalId, password: "x" }),
    });
    expect(res.status).toBe(403);
  });
});

describe("identity refusals over tRPC", () => {
  // Other people than Aisha, so these tests leave her account as the round trip made it.
  const OMAR = { ...AISHA, nationalId: "1067890126", firstName: "عمر" };

  it("malformed input answers 400 with the code `invalid`, translated text and the fields, never a 500", async () => {
    const api = mobileApp(testApp(database).app);
    for (const input of [{ challengeId: 42 }, null, "x", { challengeId: "a".repeat(200), code: "12345" }]) {
      const res = await api.mutate("identity.verifyOtp", input);
      expect(res.status).toBe(400);
      expect(res.body.error.data.reason).toBe("invalid");
      expect(res.body.error.data.text).toBe("القيمة غير صحيحة.");
    }
    const res = await api.mutate("identity.login", { nationalId: 1023456789 });
    expect(res.body.error.data.fields).toMatchObject({ nationalId: { code: "invalid" }, password: { code: "required" } });
  });

  it("a wrong code says how many tries are left, and the registry being down says to try later", async () => {
    await seedRegistry(database.db, [OMAR]);
    const h = testApp(database);
    const api = mobileApp(h.app);
    const { acceptPolicy: _a, ...form } = registrationForm({
      nationalId: OMAR.nationalId,
      firstName: OMAR.firstName,
      mobile: "0552223344",
    });
    const reg = await api.mutate("identity.register", { ...form, acceptPolicy: true });
    const code = /(\d{5})/.exec(h.sms.sent.at(-1)!.text)![1]!;
    const wrong = await api.mutate("identity.verifyOtp", {
      challengeId: reg.body.result.data.challengeId,
      code: code === "00000" ? "11111" : "00000",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.data.reason).toBe("code_wrong");
    expect(wrong.body.error.data.text).toContain("عدد المحاولات المتبقية: 4");

    const early = await api.mutate("identity.resendCode", { challengeId: reg.body.result.data.challengeId });
    expect(early.status).toBe(429);
    expect(early.body.error.data.reason).toBe("throttled");
    expect(new Date(early.body.error.data.retryAt).getTime()).toBe(h.deps.clock.now().getTime() + 60_000);

    const down = mobileApp(
      testApp(database, {
        registry: {
          lookup: async () => {
            throw new RegistryUnavailableError("timeout");
          },
        },
      }).app,
    );
    const unavailable = await down.mutate("identity.register", { ...form, mobile: "0552223355", acceptPolicy: true });
    expect(unavailable.status).toBe(503);
    expect(unavailable.body.error.data.reason).toBe("registry_unavailable");
  });

  it("the sixth sign-in on one national number is throttled with the time to retry", async () => {
    const api = mobileApp(testApp(database).app);
    for (let i = 0; i < 5; i++)
      expect((await api.mutate("identity.login", { nationalId: "1000000009", password: "guess guess" })).status).toBe(401);
    const sixth = await api.mutate("identity.login", { nationalId: "1000000009", password: "guess guess" });
    expect(sixth.status).toBe(429);
    expect(sixth.body.error.data.reason).toBe("throttled");
    expect(sixth.body.error.data.retryAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(sixth.body.error.data.text).toMatch(/^محاولات كثيرة. حاول مرة أخرى بعد /);
  });

  it("a mutation with another site's Origin is refused and changes nothing", async () => {
    const h = testApp(database);
    const res = await h.app.request("/trpc/identity.register", {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/json" },
      body: JSON.stringify({ ...registrationForm({ mobile: "0559998877" }), acceptPolicy: true }),
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error: { data: { reason: string } } }).error.data.reason).toBe("origin_refused");
    expect(h.sms.sent).toEqual([]);
  });

  it("neither the password nor the code reaches the logs", async () => {
    const h = testApp(database);
    const api = mobileApp(h.app);
    await api.mutate("identity.login", { nationalId: AISHA.nationalId, password: "a long secret phrase" });
    await api.mutate("identity.login", { nationalId: AISHA.nationalId, password: "not my password" });
    const logs = JSON.stringify(h.logs);
    expect(logs).not.toContain("a long secret phrase");
    expect(logs).not.toContain("not my password");
  });
});

describe("complaints over tRPC", () => {
  it("a signed-in citizen submits, lists and reads their complaint; another citizen cannot read it", async () => {
    const { loadDirectory } = await import("../../server/directory/load.ts");
    const { syncDirectory } = await import("../../server/directory/sync.ts");
    const { buildIndex } = await import("../../server/routing/suggest.ts");
    const { routableServices } = await import("../../server/routing/from-directory.ts");
    const directory = await loadDirectory("agencies");
    await syncDirectory(database.db, directory);
    const h = testApp(database, { routing: buildIndex(routableServices(directory)) });
    const api = mobileApp(h.app);
    expect((await api.mutate("complaints.submit", { clientKey: "k-1-abcdef" })).status).toBe(401);
    // Its own account, so the test does not rely on the round-trip test having run first.
    const NADA = { ...AISHA, nationalId: "1048765433", firstName: "ندى" };
    await seedRegistry(database.db, [NADA]);
    await registerCitizen(h, registrationForm({ nationalId: NADA.nationalId, firstName: NADA.firstName, mobile: "0557778899" }));
    expect((await api.mutate("identity.login", { nationalId: NADA.nationalId, password: "a long secret phrase" })).status).toBe(200);
    const submitted = await api.mutate("complaints.submit", {
      kind: "complaint",
      text: "الكهرباء مقطوعة عن الحي من الصباح",
      city: "riyadh",
      notifyBy: "sms",
      clientKey: "k-1-abcdef",
    });
    expect(submitted.status).toBe(200);
    expect(submitted.body.result.data).toMatchObject({
      status: "routed",
      agencyCode: "ELEC",
      serviceCode: "POWER_OUTAGE",
      routedBy: "text",
    });
    const reference = submitted.body.result.data.reference;
    const again = await api.mutate("complaints.submit", {
      kind: "complaint",
      text: "الكهرباء مقطوعة عن الحي من الصباح",
      city: "riyadh",
      notifyBy: "sms",
      clientKey: "k-1-abcdef",
    });
    expect(again.body.result.data.reference).toBe(reference);
    expect((await api.query("complaints.mine")).body.result.data.map((c: { reference: string }) => c.reference)).toEqual([reference]);
    const one = await api.query("complaints.get", { reference });
    expect(one.body.result.data).toMatchObject({
      reference,
      agency: { en: "Electricity Company" },
      timeline: [{ type: "submitted", status: "routed" }],
    });
    expect(one.body.result.data.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);

    const bad = await api.mutate("complaints.submit", {
      kind: "complaint",
      text: "short",
      city: "riyadh",
      notifyBy: "sms",
      clientKey: "k-2-abcdef",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.data.fields.text.code).toBe("text_too_short");

    // Without a session nothing is readable; complaints.get is scoped by citizen in its query.
    const stranger = mobileApp(h.app);
    expect((await stranger.query("complaints.get", { reference })).status).toBe(401);
  });
});
