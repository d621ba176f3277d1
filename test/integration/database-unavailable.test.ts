import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { drizzle } from "drizzle-orm/pglite";
import * as schema from "../../schema/index.ts";
import { openDatabase, type Database, type Db } from "../../server/db.ts";
import { createSession } from "../../server/auth/sessions.ts";
import { testApp } from "../support/app.ts";
import { insertCitizen } from "../support/registry.ts";

// What a request sees when the database stops answering mid-way: a translated 503
// with Retry-After (page or tRPC error), never a 500, and the database marked down so
// the next requests get the 503 at once. The real cut, through a TCP proxy under a
// hub process, is test/fault/database-cut.test.ts; this is the same in-process, fast.

let real: Database;
let cookie: string;
beforeAll(async () => {
  // Its own in-memory database whatever DATABASE_URL says: only the failure is under test.
  real = await openDatabase({ migrate: true });
  const citizenId = await insertCitizen(real.db);
  cookie = `hub_session=${(await createSession(real.db, "citizen", citizenId, new Date())).token}`;
});
afterAll(async () => {
  await real.close();
});

const cut = () => Object.assign(new Error("write CONNECTION_CLOSED 127.0.0.1:5432"), { code: "CONNECTION_CLOSED" });

/** The database as it is when the connection is cut: sessions still read, everything else fails. */
function cutDatabase(): Database & { failures: unknown[]; down: boolean } {
  const client = (real.db as unknown as { $client: { query: (...a: unknown[]) => Promise<unknown> } }).$client;
  const failing = {
    query: (text: string, ...rest: unknown[]) => (/\bsessions\b/.test(text) ? client.query(text, ...rest) : Promise.reject(cut())),
    transaction: () => Promise.reject(cut()),
  };
  const db = drizzle({ client: failing as never, schema }) as unknown as Db;
  const state = {
    ...real,
    db,
    failures: [] as unknown[],
    down: false,
    available: () => !state.down,
    reportFailure: (err: unknown) => {
      state.failures.push(err);
      state.down = true;
    },
  };
  return state;
}

describe("the database stops answering", () => {
  it("a page answers a translated 503 with Retry-After, and marks the database down", async () => {
    const database = cutDatabase();
    const { app } = testApp(database);
    const res = await app.request("/");
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    const html = await res.text();
    expect(html).toContain('lang="ar"');
    expect(html).toContain("الخدمة غير متاحة مؤقتاً");
    expect(database.down).toBe(true);
    // Down: the next request is refused at once, in the reader's language.
    const en = await app.request("/", { headers: { cookie: "lang=en" } });
    expect(en.status).toBe(503);
    expect(await en.text()).toContain("We cannot reach the database right now.");
  });

  it("tRPC answers SERVICE_UNAVAILABLE (503) with a translated text, not an internal error", async () => {
    const database = cutDatabase();
    const { app, logs } = testApp(database);
    const res = await app.request(`/trpc/complaints.get?input=${encodeURIComponent(JSON.stringify({ reference: "CMP-2026-ABCDEF" }))}`, {
      headers: { cookie },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toMatch(/^\d+$/);
    const body = (await res.json()) as {
      error: { message: string; data: { code: string; httpStatus: number; text: string; reason: string } };
    };
    expect(body.error.data).toMatchObject({ code: "SERVICE_UNAVAILABLE", httpStatus: 503 });
    expect(body.error.data.text).toContain("قاعدة البيانات");
    expect(body.error.data.reason).toBe("database_unavailable");
    expect(database.down).toBe(true);
    expect(logs.some((l) => l.msg === "unhandled API error")).toBe(false);
    // Marked down: the gate answers in the same shape before any procedure runs.
    const again = await app.request("/trpc/complaints.mine", { headers: { cookie: "lang=en" } });
    expect(again.status).toBe(503);
    const gated = (await again.json()) as { error: { data: { code: string; text: string } } };
    expect(gated.error.data).toMatchObject({ code: "SERVICE_UNAVAILABLE" });
    expect(gated.error.data.text).toContain("We cannot reach the database");
  });

  it("/healthz still answers 200 while the database is down; /readyz 503", async () => {
    const database = cutDatabase();
    database.down = true;
    database.ping = () => Promise.reject(cut());
    const { app } = testApp(database);
    expect((await app.request("/healthz")).status).toBe(200);
    expect((await app.request("/readyz")).status).toBe(503);
  });
});
