import { randomBytes } from "node:crypto";
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

const ESCAPES = [
  "/%09/evil.example",
  "/%0d%0a/evil.example",
  "/%5C/evil.example",
  "%2F%2Fevil.example",
  "/%2F/evil.example".replace("%2F", "\\"),
  "https:%2F%2Fevil.example",
  "/%E3%80%80/evil.example",
];

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
      const res = await b.post(`/staff/signin?next=${next}`, {
        email,
        password: DEMO_PASSWORD,
        totp: totpCode(demoTotpKey(email), clock.now()),
      });
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
    const next = await new Browser(h.app).post("/staff/signin", {
      email,
      password: DEMO_PASSWORD,
      totp: totpCode(demoTotpKey(email), clock.now()),
    });
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
        headers: {
          origin: "http://localhost",
          "content-type": "application/x-www-form-urlencoded",
          "x-forwarded-for": `10.9.${i}.1, 203.0.113.7`,
        },
        body: new URLSearchParams({ email: `nobody${i}@x.example`, password: "wrong" }).toString(),
      });
      statuses.push(res.status);
    }
    // 30 per 15 minutes per address (LIMITS.staffSigninIp): the rest are throttled.
    expect(statuses.filter((s) => s === 429).length).toBe(5);
  });
});

describe("bad input is refused with a translated 4xx before the database", () => {
  const post = (path: string, body: string, type: string, extra: Record<string, string> = {}) =>
    h.app.request(path, { method: "POST", headers: { origin: "http://localhost", "content-type": type, ...extra }, body });

  it("NUL and lone surrogates in tRPC input (query and body), forms, queries and paths", async () => {
    const cases: [string, () => Response | Promise<Response>][] = [
      ["trpc GET NUL", () => h.app.request(`/trpc/complaints.get?input=${encodeURIComponent(JSON.stringify({ reference: "\u0000" }))}`)],
      ["trpc GET lone surrogate", () => h.app.request(`/trpc/complaints.get?input=${encodeURIComponent('{"reference":"\\ud800"}')}`)],
      ["trpc POST NUL", () => post("/trpc/routing.suggest", JSON.stringify({ text: "a\u0000b" }), "application/json")],
      ["trpc POST lone surrogate", () => post("/trpc/routing.suggest", '{"text":"\\udc00x"}', "application/json")],
      ["form NUL", () => post("/signin", "nationalId=%00&password=x", "application/x-www-form-urlencoded")],
      [
        "multipart NUL",
        () =>
          post(
            "/signin",
            '--b\r\nContent-Disposition: form-data; name="nationalId"\r\n\r\n1\u00002\r\n--b--\r\n',
            "multipart/form-data; boundary=b",
          ),
      ],
      ["query NUL", () => h.app.request("/signin?next=%00")],
      ["path NUL", () => h.app.request("/rate/%00")],
      ["over-long field", () => post("/staff/signin", `email=${"a".repeat(20_000)}&password=x`, "application/x-www-form-urlencoded")],
      ["over-long query", () => h.app.request(`/transparency?from=${"1".repeat(5000)}`)],
    ];
    for (const [name, send] of cases) {
      const res = await send();
      expect(res.status, name).toBe(400);
      const text = await res.text();
      expect(text, name).toMatch(/غير مسموح|غير صالح/);
    }
  });

  it("a 4,000-character email at staff sign-in is an ordinary refusal, not an index overflow", async () => {
    // Random characters: a repeated one would compress below the index's row limit.
    const res = await post(
      "/staff/signin",
      new URLSearchParams({ email: `${randomBytes(2000).toString("hex")}@x.example`, password: "wrong-password" }).toString(),
      "application/x-www-form-urlencoded",
    );
    expect(res.status).toBe(401);
  });

  it("CR/LF in ?next= is a redirect home, not a header error", async () => {
    const res = await h.app.request("/lang/en?next=/%0d%0aSet-Cookie:%20x=1");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/");
  });

  it("bodies have a size limit on every route: tRPC, forms and JSON", async () => {
    const big = "x".repeat(2 * 1024 * 1024);
    for (const [path, type] of [
      ["/trpc/routing.suggest", "application/json"],
      ["/signin", "application/x-www-form-urlencoded"],
      ["/staff/signin", "application/x-www-form-urlencoded"],
    ] as const) {
      const res = await post(path, type === "application/json" ? JSON.stringify({ text: big }) : `email=${big}`, type);
      expect(res.status, path).toBe(413);
    }
  });
});

describe("logs carry no query strings or tokens", () => {
  it("a rating link's token and a query string do not reach the request log", async () => {
    await h.app.request("/rate/abcdefghijklmnopqrstuvwx");
    await h.app.request("/signin?next=/complaints&session=s3cr3t-session-id");
    const text = JSON.stringify(h.logs);
    expect(text).not.toContain("abcdefghijklmnopqrstuvwx");
    expect(text).not.toContain("s3cr3t-session-id");
    expect(h.logs.some((l) => l.path === "/rate/:token")).toBe(true);
  });

  it("a cross-origin POST to a token's path is refused and logged with the token masked", async () => {
    const token = "crossoriginTOKENabcdefghij";
    const res = await h.app.request(`/rate/${token}`, {
      method: "POST",
      headers: { origin: "https://evil.example", "content-type": "application/x-www-form-urlencoded" },
      body: "score=1",
    });
    expect(res.status).toBe(403);
    expect(h.logs.some((l) => l.msg === "cross-origin request refused")).toBe(true);
    expect(JSON.stringify(h.logs)).not.toContain(token);
  });
});

describe("what a signed-in browser is shown", () => {
  it("signed-in pages and exports are no-store; bidi overrides in a complaint's text do not reach the page", async () => {
    const { registerCitizen } = await import("../support/citizen.ts");
    const { submitComplaint } = await import("../../server/complaints/submit.ts");
    const { signInStaff } = await import("../support/sessions.ts");
    const { browser, citizenId } = await registerCitizen(h);
    const text = "تم دفع مبلغ \u202E0001\u202C ريال \u2066مرتين\u2069 للخدمة نفسها دون أي رد";
    const r = await submitComplaint(h.deps, citizenId, {
      kind: "complaint",
      text,
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "ROADS_POTHOLES",
      notifyBy: "sms",
      clientKey: "bidi-override-1",
    });
    expect(r, JSON.stringify(r)).toMatchObject({ ok: true });
    const reference = (r as { reference: string }).reference;
    const mine = await browser.get(`/complaints/${reference}`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("cache-control")).toBe("no-store");
    const html = await mine.text();
    expect(html).toContain("0001");
    // The overrides are gone; isolates stay, since the hub's own formatter uses them
    // (a typed isolate can set a run's direction but cannot reverse characters).
    expect(html).not.toMatch(/[\u202A-\u202E]/);
    const analyst = await signInStaff(h.app, clock, "analyst");
    const csv = await analyst.get("/national/reports.csv?year=2026&quarter=4");
    expect(csv.headers.get("cache-control")).toBe("no-store");
    // A page nobody is signed in to stays cacheable by the browser's own rules.
    expect((await h.app.request("/")).headers.get("cache-control")).toBeNull();
  });
});
