import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { demoHub } from "../support/demo-hub.ts";
import { Browser } from "../support/http.ts";
import { totpCode } from "../../server/auth/totp.ts";
import { DEMO_PASSWORD, demoTotpKey } from "../../server/demo/seed.ts";
import type { SettableClock } from "../../server/clock.ts";

// The holes the attack tests of issue 13 found, each driven through the app as an
// attacker would: forged redirects, a replayed second factor, forged headers.

let database: TestDatabase;
let h: Awaited<ReturnType<typeof demoHub>>;
let clock: SettableClock;

beforeAll(async () => {
  database = await createTestDatabase();
  h = await demoHub(database);
  clock = h.deps.clock as SettableClock;
});
afterAll(async () => {
  await database?.close();
});

const ESCAPES = ["/%09/evil.example", "/%0d%0a/evil.example", "/%5C/evil.example", "%2F%2Fevil.example", "/%2F/evil.example".replace("%2F", "\\"), "https:%2F%2Fevil.example", "/%E3%80%80/evil.example"];

describe("redirect targets stay on the hub", () => {
  it("the language switch never sends a browser to another host", async () => {
    for (const next of ESCAPES) {
      const res = await h.app.request(`/lang/en?next=${next}`);
      expect(res.status, next).toBe(303);
      const location = res.headers.get("location")!;
      expect(new URL(location, "http://localhost").origin, `${next} -> ${JSON.stringify(location)}`).toBe("http://localhost");
      expect(location, next).not.toMatch(/[\t\r\n\\]/);
    }
    expect((await h.app.request("/lang/en?next=/complaints%3Ftab%3Devents")).headers.get("location")).toBe("/complaints?tab=events");
  });

  it("staff sign-in with a forged next lands on the staff home", async () => {
    for (const next of ESCAPES.slice(0, 3)) {
      clock.advance(31_000);
      const email = "triage@demo.hub.example";
      const b = new Browser(h.app);
      const res = await b.post(`/staff/signin?next=${next}`, { email, password: DEMO_PASSWORD, totp: totpCode(demoTotpKey(email), clock.now()) });
      expect(res.status, next).toBe(303);
      expect(res.headers.get("location"), next).toBe("/staff");
    }
  });
});

describe("a TOTP code signs in once", () => {
  it("the same code a second time is refused, and so is an older step", async () => {
    clock.advance(120_000);
    const email = "reviewer@demo.hub.example";
    const code = totpCode(demoTotpKey(email), clock.now());
    const first = await new Browser(h.app).post("/staff/signin", { email, password: DEMO_PASSWORD, totp: code });
    expect(first.status).toBe(303);
    const replay = await new Browser(h.app).post("/staff/signin", { email, password: DEMO_PASSWORD, totp: code });
    expect(replay.status).toBe(401);
    // The previous step is inside the drift window but older than the one used.
    const older = totpCode(demoTotpKey(email), new Date(clock.now().getTime() - 30_000));
    expect((await new Browser(h.app).post("/staff/signin", { email, password: DEMO_PASSWORD, totp: older })).status).toBe(401);
    // The next step works: one use per step, not one use ever.
    clock.advance(30_000);
    const next = await new Browser(h.app).post("/staff/signin", { email, password: DEMO_PASSWORD, totp: totpCode(demoTotpKey(email), clock.now()) });
    expect(next.status).toBe(303);
  });
});

describe("the Origin check trusts PUBLIC_URL, never Host", () => {
  it("an Origin matching a forged Host header is refused", async () => {
    const res = await h.app.request("http://evil.example/signin", {
      method: "POST",
      headers: { host: "evil.example", origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "nationalId=1&password=x",
    });
    expect(res.status).toBe(403);
    const own = await h.app.request("http://evil.example/signin", {
      method: "POST",
      headers: { host: "evil.example", origin: "http://localhost", "content-type": "application/x-www-form-urlencoded" },
      body: "nationalId=1&password=x",
    });
    expect(own.status).not.toBe(403);
  });
});

describe("TRUST_PROXY counts hops from the right", () => {
  it("a rotating client-written first X-Forwarded-For entry does not dodge the sign-in limit", async () => {
    const behindProxy = (await import("../support/app.ts")).testApp(database, { trustProxy: 1, clock });
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await behindProxy.app.request("/staff/signin", {
        method: "POST",
        headers: { origin: "http://localhost", "content-type": "application/x-www-form-urlencoded", "x-forwarded-for": `10.9.${i}.1, 203.0.113.7` },
        body: new URLSearchParams({ email: `nobody${i}@x.example`, password: "wrong" }).toString(),
      });
      statuses.push(res.status);
    }
    // 30 per 15 minutes per address (LIMITS.staffSigninIp): the rest are throttled.
    expect(statuses.filter((s) => s === 429).length).toBe(5);
  });
});
