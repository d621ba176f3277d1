import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { sampleFiles, writeDirectory } from "../support/directory-fixture.ts";
import { testApp } from "../support/app.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import { routableServices } from "../../server/routing/from-directory.ts";

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
  await syncDirectory(database.db, await loadDirectory(await writeDirectory(sampleFiles())));
});
afterAll(async () => {
  await database.close();
});

describe("home page", () => {
  it("is Arabic and right-to-left by default and lists agencies and services from the database", async () => {
    const { app } = testApp(database);
    const res = await app.request("/");
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html><html lang="ar" dir="rtl">/);
    expect(html).toContain("كيف تقدّم شكواك؟");
    expect(html).toContain("هيئة الطرق");
    expect(html).toContain("الحفر");
    expect(html).toContain("تغطي: البريمي");
    expect(html).not.toContain("Roads Authority");
  });

  it("switches to English, remembers the choice, and returns to the same page", async () => {
    const { app } = testApp(database);
    const sw = await app.request("/lang/en?next=%2F%3Fx%3D1");
    expect(sw.status).toBe(303);
    expect(sw.headers.get("location")).toBe("/?x=1");
    const cookie = sw.headers.get("set-cookie")!;
    expect(cookie).toMatch(/^lang=en;/);
    const res = await app.request("/", { headers: { cookie: cookie.split(";")[0]! } });
    const html = await res.text();
    expect(html).toMatch(/<html lang="en" dir="ltr">/);
    expect(html).toContain("Roads Authority");
    expect(html).toContain("Complaints handled within 2 working days");
    expect(html).toContain('href="/lang/ar?next=%2F"');
  });

  it("the language switch never redirects to another site", async () => {
    const { app } = testApp(database);
    for (const next of ["https://evil.example/", "//evil.example/", "/\\evil.example", "javascript:alert(1)"]) {
      const res = await app.request(`/lang/ar?next=${encodeURIComponent(next)}`);
      expect(res.headers.get("location")).toBe("/");
    }
    expect((await app.request("/lang/fr")).status).toBe(404);
  });

  it("shows the demo banner only in demo mode", async () => {
    expect(await (await testApp(database).app.request("/")).text()).not.toContain("demo-banner");
    expect(await (await testApp(database, { demo: true }).app.request("/")).text()).toContain("نسخة تجريبية");
  });

  it("sends security headers and serves the pinned htmx from the hub itself", async () => {
    const { app } = testApp(database);
    const res = await app.request("/");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'self'");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("SAMEORIGIN");
    const htmx = await app.request("/static/htmx.min.js");
    expect(htmx.status).toBe(200);
    expect(htmx.headers.get("content-type")).toContain("javascript");
    expect(await htmx.text()).toContain("htmx");
  });
});

describe("errors", () => {
  it("an unknown page gets a 404 page in the user's language", async () => {
    const { app } = testApp(database);
    const ar = await app.request("/no/such/page");
    expect(ar.status).toBe(404);
    expect(await ar.text()).toContain("الصفحة غير موجودة");
    const en = await app.request("/no/such/page", { headers: { cookie: "lang=en" } });
    expect(await en.text()).toContain("Page not found");
  });

  it("an unexpected failure shows a translated error page with a reference, never the stack trace", async () => {
    const { app, logs } = testApp(database);
    app.get("/boom", () => {
      throw new Error("secret internals at /srv/hub/db.ts:42");
    });
    const res = await app.request("/boom", { headers: { cookie: "lang=en" } });
    expect(res.status).toBe(500);
    const html = await res.text();
    expect(html).toContain("Something went wrong");
    expect(html).not.toContain("secret internals");
    const ref = /Error reference: ([0-9a-f-]{36})/.exec(html)?.[1];
    expect(ref).toBeDefined();
    expect(logs.some((l) => l.reqId === ref && l.msg === "unhandled error")).toBe(true);
  });
});

describe("health", () => {
  it("/healthz answers without the database and /readyz checks it", async () => {
    const spare = await createTestDatabase();
    const { app } = testApp(spare);
    expect(await (await app.request("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await app.request("/readyz");
    expect(ready.status).toBe(200);
    expect(((await ready.json()) as { status: string }).status).toBe("ready");
    await spare.close();
    expect((await app.request("/healthz")).status).toBe(200);
    expect((await app.request("/readyz")).status).toBe(503);
  });
});

describe("logs", () => {
  it("record method, path and status but no query string or cookies", async () => {
    const { app, logs } = testApp(database);
    await app.request("/lang/en?next=%2F%3FnationalId%3D1234567890", { headers: { cookie: "lang=ar; session=abc" } });
    const line = logs.find((l) => l.msg === "request")!;
    expect(line).toMatchObject({ method: "GET", path: "/lang/en", status: 303 });
    expect(JSON.stringify(logs)).not.toContain("1234567890");
    expect(JSON.stringify(logs)).not.toContain("session=abc");
  });
});

describe("tRPC", () => {
  it("directory.agencies returns plain JSON for the mobile app", async () => {
    const { app } = testApp(database);
    const res = await app.request("/trpc/directory.agencies");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { result: { data: { code: string }[] } };
    const codes = body.result.data.map((a: { code: string }) => a.code);
    expect(codes).toEqual(["LOCAL", "ROADS"]);
  });

  it("routing.suggest ranks services for a text and a city", async () => {
    const directory = await loadDirectory(await writeDirectory(sampleFiles()));
    const { app } = testApp(database, { routing: buildIndex(routableServices(directory)) });
    const input = encodeURIComponent(JSON.stringify({ text: "حفرة كبيرة في الطريق", city: "riyadh" }));
    const res = await app.request(`/trpc/routing.suggest?input=${input}`);
    expect(res.status).toBe(200);
    const [first] = (
      (await res.json()) as { result: { data: { agencyCode: string; serviceCode: string; score: number; evidence: unknown[] }[] } }
    ).result.data;
    expect(first).toMatchObject({ agencyCode: "ROADS", serviceCode: "POTHOLES" });
    expect(first!.evidence.length).toBeGreaterThan(0);
    const tooLong = await app.request(`/trpc/routing.suggest?input=${encodeURIComponent(JSON.stringify({ text: "x".repeat(6000) }))}`);
    expect(tooLong.status).toBe(400);
    // The spans are offsets into the citizen's own text.
    const text = "حفرة كبيرة في الطريق";
    const spans = (first as unknown as { spans: { start: number; end: number }[] }).spans;
    expect(spans.length).toBeGreaterThan(0);
    for (const sp of spans) expect(text.slice(sp.start, sp.end).trim().length).toBeGreaterThan(0);
  });

  it("routing.suggest reads a city by name and refuses one it does not know", async () => {
    const directory = await loadDirectory(await writeDirectory(sampleFiles()));
    const { app } = testApp(database, { routing: buildIndex(routableServices(directory)) });
    const ask = (city: string) =>
      app.request(`/trpc/routing.suggest?input=${encodeURIComponent(JSON.stringify({ text: "حفرة كبيرة في الطريق", city }))}`);
    expect((await ask("الرياض")).status).toBe(200);
    expect((await ask("Riyadh")).status).toBe(200);
    for (const bad of ["atlantis", ""]) {
      const res = await ask(bad);
      expect(res.status).toBe(400);
      expect(JSON.stringify(await res.json())).toContain("city_not_found");
    }
  });
});
