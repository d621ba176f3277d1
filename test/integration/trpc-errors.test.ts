import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { testApp } from "../support/app.ts";
import { registerCitizen } from "../support/citizen.ts";
import { seedRegistry } from "../support/registry.ts";

// What an app developer gets back from a refused call (issue 18 item 5): one sentence in
// the caller's language as `message` (the cookie, else Accept-Language, else Arabic), a
// machine `data.reason` to branch on, and the field problems as a list. Never tRPC's raw
// list of zod issues, never a bare code where a sentence belongs.

let database: TestDatabase;
let h: ReturnType<typeof testApp>;
let cookie: string;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
  await syncDirectory(database.db, await loadDirectory("agencies"));
  h = testApp(database);
  cookie = (await registerCitizen(h)).cookie;
});
afterAll(() => database.close());

type ErrorBody = {
  error: {
    message: string;
    data: { code: string; reason: string; text: string; issues?: { field: string; code: string; message: string }[] };
  };
};
async function call(path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) {
  const res = await h.app.request(`/trpc/${path}`, {
    method: init.body === undefined ? "GET" : "POST",
    headers: { origin: "http://localhost", "content-type": "application/json", ...init.headers },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as ErrorBody };
}

describe("API errors for app developers", () => {
  it("say 'signed out' as a sentence in the language the app asks for", async () => {
    const en = await call("complaints.mine", { headers: { "accept-language": "en-GB,en;q=0.9,ar;q=0.5" } });
    expect(en.status).toBe(401);
    expect(en.body.error.data.reason).toBe("signed_out");
    expect(en.body.error.message).toBe("You are not signed in, or your session has ended. Sign in and try again.");
    expect(en.body.error.data.text).toBe(en.body.error.message);

    const ar = await call("complaints.mine");
    expect(ar.body.error.message).toMatch(/[\u0600-\u06FF]/);
    expect(ar.body.error.message).not.toBe("signed_out");
    // The hub's own cookie wins over the header: the app's language switch.
    const cookieAr = await call("complaints.mine", { headers: { "accept-language": "en", cookie: "lang=ar" } });
    expect(cookieAr.body.error.message).toBe(ar.body.error.message);
  });

  it("turn an input that fails the procedure's schema into a translated field list, not zod's issue dump", async () => {
    const long = "CMP-" + "9".repeat(60);
    const res = await call(`complaints.get?input=${encodeURIComponent(JSON.stringify({ reference: long }))}`, {
      headers: { cookie, "accept-language": "en" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.data.reason).toBe("invalid");
    expect(res.body.error.message).toBe("This value is not valid.");
    expect(res.body.error.message).not.toContain("too_big");
    expect(res.body.error.data.issues).toEqual([{ field: "reference", code: "invalid", message: "This value is not valid." }]);
  });

  it("list a use case's field problems with their own codes and sentences", async () => {
    const res = await call("complaints.submit", {
      headers: { cookie, "accept-language": "en" },
      body: { kind: "complaint", text: "short", city: "riyadh", notifyBy: "sms", clientKey: "errors-test-1" },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.data.reason).toBe("invalid");
    expect(res.body.error.data.issues).toContainEqual({
      field: "text",
      code: "text_too_short",
      message: "Write a description of at least 10 characters.",
    });
  });

  it("answer a guard's refusal before any procedure in the same shape", async () => {
    const res = await call("complaints.submit", {
      headers: { origin: "https://evil.example", cookie, "accept-language": "en" },
      body: { kind: "complaint" },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.data.reason).toBe("origin_refused");
    expect(res.body.error.message).not.toBe("origin_refused");
    expect(res.body.error.data.text).toBe(res.body.error.message);
  });
});
