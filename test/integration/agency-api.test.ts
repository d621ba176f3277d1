import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { complaints, outbox, personalDataViews, staffUsers, webhookEndpoints } from "../../schema/index.ts";
import { apiUses, createApiClient, revokeApiClient } from "../../server/api-clients/store.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { listStaff } from "../../server/auth/staff.ts";
import { hubFixture } from "../support/hub-fixture.ts";
import { testApp } from "../support/app.ts";
import { responseProblems, validate, type Doc } from "../support/openapi.ts";

// The agency API over real HTTP (the app served by @hono/node-server on a free port),
// every answer checked against the hub's own OpenAPI document with the small validator
// in test/support/openapi.ts.

const f = hubFixture();
let base: string;
let close: () => Promise<void>;
let doc: Doc;
let key: string;
let keyId: string;
let otherKey: string;

const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
const PDF = new TextEncoder().encode("%PDF-1.4\n%\u00e2\u00e3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n");

beforeAll(async () => {
  const server = serve({ fetch: f.h.app.fetch, port: 0, hostname: "127.0.0.1" });
  await new Promise<void>((resolve) => (server.listening ? resolve() : server.once("listening", () => resolve())));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () => new Promise((resolve) => server.close(() => resolve()));
  const res = await fetch(`${base}/api/agency/openapi.json`);
  expect(res.status).toBe(200);
  doc = (await res.json()) as Doc;
  const now = f.h.deps.clock.now();
  const made = await createApiClient(f.h.deps.db, { kind: "agency", agencyCode: "MOMAH", name: "MOMAH case system", rateLimit: 1000 }, now);
  key = made.key;
  keyId = made.client.id;
  otherKey = (await createApiClient(f.h.deps.db, { kind: "agency", agencyCode: "MOH", name: "MOH case system" }, now)).key;
});
afterAll(() => close?.());

interface Answer {
  status: number;
  headers: Headers;
  body: any;
}

/** One call over HTTP; the answer must conform to the document (path, method, status, content type, body). */
async function api(
  method: string,
  path: string,
  opts: { key?: string | null; json?: unknown; raw?: string; form?: FormData; lang?: string; type?: string } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  const k = opts.key === undefined ? key : opts.key;
  if (k) headers.authorization = `Bearer ${k}`;
  if (opts.lang) headers["accept-language"] = opts.lang;
  let body: string | FormData | undefined;
  if (opts.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.json);
  } else if (opts.raw !== undefined) {
    headers["content-type"] = opts.type ?? "application/json";
    body = opts.raw;
  } else if (opts.form) body = opts.form;
  const res = await fetch(`${base}/api/agency/v1${path}`, { method, headers, body });
  const type = res.headers.get("content-type") ?? "";
  const parsed = type.includes("application/json") ? await res.json() : new Uint8Array(await res.arrayBuffer());
  const url = new URL(`${base}/api/agency/v1${path}`);
  expect(responseProblems(doc, method, url.pathname, res.status, type, parsed), `${method} ${path} ${res.status}`).toEqual([]);
  return { status: res.status, headers: res.headers, body: parsed };
}

let n = 0;
async function file(agencyCode = "MOMAH", serviceCode = "ROADS_POTHOLES") {
  const r = await submitComplaint(f.h.deps, f.citizenId, {
    kind: "complaint",
    text: "حفرة كبيرة في الشارع أمام المدرسة تسبب حوادث للسيارات",
    city: "riyadh",
    agencyCode,
    serviceCode,
    notifyBy: "sms",
    clientKey: `agency-api-${++n}-${Math.random()}`,
  });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.reference;
}

/** Every complaint the key sees from `cursor` on, following next_cursor page by page. */
async function pollAll(cursor: string | undefined, limit = 2): Promise<{ refs: string[]; cursor: string; pages: number }> {
  const refs: string[] = [];
  let pages = 0;
  for (;;) {
    const q = new URLSearchParams({ limit: String(limit), ...(cursor ? { cursor } : {}) });
    const r = await api("GET", `/complaints?${q}`);
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeLessThanOrEqual(limit);
    refs.push(...r.body.items.map((i: { reference: string }) => i.reference));
    cursor = r.body.next_cursor;
    pages++;
    if (!r.body.has_more) return { refs, cursor: cursor!, pages };
  }
}

describe("the agency API", () => {
  it("serves an OpenAPI 3.1 document and a docs page in both languages", async () => {
    expect(doc).toMatchObject({ openapi: "3.1.0" });
    // The validator does refuse what does not conform (else every check below proves nothing).
    const wrong = responseProblems(doc, "GET", "/api/agency/v1/complaints", 200, "application/json", { items: [{ reference: 1 }] });
    expect(wrong).toEqual(
      expect.arrayContaining([expect.stringContaining('missing "next_cursor"'), expect.stringContaining("$.items[0].reference")]),
    );
    expect(responseProblems(doc, "GET", "/api/agency/v1/complaints", 418, "application/json", {})).not.toEqual([]);
    const ar = await fetch(`${base}/api/agency/docs`);
    expect(ar.status).toBe(200);
    const arHtml = await ar.text();
    expect(arHtml).toContain('lang="ar"');
    expect(arHtml).toContain("الواجهة البرمجية للجهات");
    expect(arHtml).toContain("/api/agency/v1/complaints/{reference}/actions");
    expect(arHtml).not.toMatch(/<script[^>]+src="https?:/);
    const en = await fetch(`${base}/api/agency/docs`, { headers: { cookie: "lang=en" } });
    expect(await en.text()).toContain("Authorization: Bearer");
  });

  it("lists the agency's complaints in pages with an opaque cursor, and a changed one comes back", async () => {
    const mine = [await file(), await file(), await file()];
    const theirs = await file("MOH", "HOSPITAL_SERVICES");
    const first = await pollAll(undefined, 2);
    expect(first.refs.filter((r) => mine.includes(r)).sort()).toEqual([...mine].sort());
    expect(first.refs).not.toContain(theirs);
    expect(new Set(first.refs).size).toBe(first.refs.length);
    expect(first.pages).toBeGreaterThanOrEqual(2);

    // Polling again from the saved cursor: nothing new.
    expect((await pollAll(first.cursor)).refs).toEqual([]);

    // A change (here the portal's acceptance, a minute later) brings the complaint back.
    f.clock().advance(60_000);
    const v = await api("GET", `/complaints/${mine[1]}`);
    const acted = await api("POST", `/complaints/${mine[1]}/actions`, { json: { action: "accept", version: v.body.version, days: 3 } });
    expect(acted.status).toBe(200);
    const again = await pollAll(first.cursor);
    expect(again.refs).toEqual([mine[1]]);

    // The other agency's key sees its own only.
    const other = await api("GET", "/complaints?limit=200", { key: otherKey });
    expect(other.body.items.map((i: { reference: string }) => i.reference)).toContain(theirs);
    expect(other.body.items.map((i: { reference: string }) => i.reference)).not.toContain(mine[0]);
  });

  it("gives personal data only after jurisdiction is accepted, and logs the view against the key's account", async () => {
    const ref = await file();
    const before = await api("GET", `/complaints/${ref}`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({ reference: ref, status: "routed", personalData: null });
    expect(before.body.actions).toEqual(expect.arrayContaining(["accept", "reject", "note"]));
    expect(JSON.stringify(before.body)).not.toContain("1012345671");
    expect(before.body.events.map((e: { type: string }) => e.type)).toContain("submitted");

    const accepted = await api("POST", `/complaints/${ref}/actions`, { json: { action: "accept", version: before.body.version, days: 3 } });
    expect(accepted.body).toMatchObject({ reference: ref, status: "in_progress", version: before.body.version + 1 });
    const after = await api("GET", `/complaints/${ref}`);
    expect(after.body.personalData).toMatchObject({ nationalId: expect.any(String), mobile: expect.any(String) });
    // The acceptance is in the history, by the key's own (never signed-in) staff account.
    const ev = after.body.events.find((e: { type: string }) => e.type === "accepted");
    expect(ev).toMatchObject({ actorKind: "staff", actorName: "MOMAH case system (API)" });
    const [account] = await f.h.deps.db.select().from(staffUsers).where(eq(staffUsers.fullName, "MOMAH case system (API)"));
    expect(account).toMatchObject({ active: false, passwordHash: null });
    const views = await f.h.deps.db.select().from(personalDataViews).where(eq(personalDataViews.staffId, account!.id));
    expect(views.length).toBeGreaterThan(0);
    // Not a person to manage on the staff admin page.
    expect((await listStaff(f.h.deps.db)).some((s) => s.id === account!.id)).toBe(false);
  });

  it("takes accept, request_info and close through the portal's rules, with files, and refuses a stale version with 409", async () => {
    const ref = await file();
    const v1 = (await api("GET", `/complaints/${ref}`)).body.version;
    const ok = await api("POST", `/complaints/${ref}/actions`, { json: { action: "accept", version: v1, days: 3 } });
    expect(ok.body.status).toBe("in_progress");

    // The version read before the acceptance is stale now: nothing is done.
    const stale = await api("POST", `/complaints/${ref}/actions`, {
      json: { action: "request_info", version: v1, message: "أرسل صورة الموقع من فضلك" },
      lang: "en",
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({ code: "conflict", message: expect.stringMatching(/[a-z]/) });

    const asked = await api("POST", `/complaints/${ref}/actions`, {
      json: {
        action: "request_info",
        version: ok.body.version,
        message: "أرسل صورة الموقع من فضلك",
        attachments: [{ filename: "form.pdf", content_base64: Buffer.from(PDF).toString("base64") }],
      },
    });
    expect(asked.status).toBe(200);
    expect(asked.body.status).toBe("awaiting_citizen");

    // An officer may close while the question waits.
    const closed = await api("POST", `/complaints/${ref}/actions`, {
      json: { action: "close", version: asked.body.version, outcome: "resolved", resolution: "تم إصلاح الحفرة وإعادة السفلتة" },
    });
    expect(closed.body.status).toBe("closed");
    // A step the state does not allow any more is refused through the refusal table.
    const late = await api("POST", `/complaints/${ref}/actions`, {
      json: { action: "request_info", version: closed.body.version, message: "سؤال متأخر بعد الإغلاق" },
    });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("not_now");

    const seen = await api("GET", `/complaints/${ref}`);
    expect(seen.body.events.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(["accepted", "info_requested"]));
    const pdf = seen.body.attachments.find((a: { filename: string }) => a.filename === "form.pdf");
    expect(pdf).toMatchObject({ contentType: "application/pdf" });
    const download = await api("GET", pdf.url.replace("/api/agency/v1", ""));
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/pdf");
  });

  it("adds a note without a version and rejects jurisdiction with a reason: the complaint goes to triage and leaves the key's reach", async () => {
    const ref = await file();
    const noted = await api("POST", `/complaints/${ref}/actions`, { json: { action: "note", text: "راجعنا الموقع عبر نظامنا الداخلي" } });
    expect([noted.status, noted.body.status]).toEqual([200, "routed"]);
    const v = (await api("GET", `/complaints/${ref}`)).body.version;
    const rejected = await api("POST", `/complaints/${ref}/actions`, {
      json: { action: "reject", version: v, reason: "الطريق تابع لوزارة النقل وليس للأمانة" },
    });
    expect(rejected.status).toBe(200);
    expect(rejected.body.status).toBe("triage");
    const [row] = await f.h.deps.db.select().from(complaints).where(eq(complaints.reference, ref));
    expect(row).toMatchObject({ status: "triage", agencyCode: null });
    // No longer the agency's: "not found", like another agency's.
    expect((await api("GET", `/complaints/${ref}`)).status).toBe(404);
  });

  it("closes after the citizen's answer: accept → request_info → close", async () => {
    const ref = await file();
    let v = (await api("GET", `/complaints/${ref}`)).body.version;
    v = (await api("POST", `/complaints/${ref}/actions`, { json: { action: "accept", version: v, days: 3 } })).body.version;
    v = (
      await api("POST", `/complaints/${ref}/actions`, { json: { action: "request_info", version: v, message: "ما رقم العمود القريب؟" } })
    ).body.version;
    // The citizen answers on the portal (their own session and Origin).
    const answered = await f.citizen.post(`/complaints/${ref}/answer`, { version: String(v), text: "العمود رقم 12" });
    expect(answered.status).toBeLessThan(400);
    v = (await api("GET", `/complaints/${ref}`)).body.version;
    const closed = await api("POST", `/complaints/${ref}/actions`, {
      json: { action: "close", version: v, outcome: "resolved", resolution: "تم إصلاح الحفرة وإعادة السفلتة" },
    });
    expect(closed.status).toBe(200);
    expect(closed.body.status).toBe("closed");
  });

  it("attaches files with a note (multipart and JSON base64)", async () => {
    const ref = await file();
    const form = new FormData();
    form.set("text", "صورة من زيارة الموقع");
    form.append("attachments", new Blob([JPEG], { type: "image/jpeg" }), "site.jpg");
    const multi = await api("POST", `/complaints/${ref}/attachments`, { form });
    expect(multi.status).toBe(201);
    expect(multi.body.attachments).toEqual([expect.objectContaining({ filename: "site.jpg", contentType: "image/jpeg" })]);

    const viaJson = await api("POST", `/complaints/${ref}/attachments`, {
      json: { attachments: [{ filename: "report.pdf", content_base64: Buffer.from(PDF).toString("base64") }] },
    });
    expect(viaJson.status).toBe(201);
    expect(viaJson.body.attachments.map((a: { filename: string }) => a.filename)).toEqual(["report.pdf"]);
    const notes = (await api("GET", `/complaints/${ref}`)).body.events.filter((e: { type: string }) => e.type === "note");
    expect(notes.map((e: { data: { text?: string } }) => e.data.text)).toEqual(expect.arrayContaining(["صورة من زيارة الموقع"]));

    // A file that is not what it claims to be is refused by content.
    const bad = await api("POST", `/complaints/${ref}/attachments`, {
      json: { attachments: [{ filename: "x.pdf", content_base64: Buffer.from("MZ not a pdf").toString("base64") }] },
      lang: "en",
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.issues).toEqual([expect.objectContaining({ field: "attachments", code: "attachment_type" })]);
    const notBase64 = await api("POST", `/complaints/${ref}/attachments`, {
      json: { attachments: [{ filename: "x.pdf", content_base64: "***" }] },
    });
    expect(notBase64.body.error.issues[0].code).toBe("base64_invalid");
  });

  it("answers another agency's complaint with 404, like a missing one", async () => {
    const theirs = await file("MOH", "HOSPITAL_SERVICES");
    for (const [method, path, json] of [
      ["GET", `/complaints/${theirs}`, undefined],
      ["POST", `/complaints/${theirs}/actions`, { action: "accept", version: 1, days: 3 }],
      ["POST", `/complaints/${theirs}/actions`, { action: "note", text: "x" }],
      [
        "POST",
        `/complaints/${theirs}/attachments`,
        { attachments: [{ filename: "a.jpg", content_base64: Buffer.from(JPEG).toString("base64") }] },
      ],
      ["GET", "/complaints/CMP-2026-NOSUCH", undefined],
    ] as const) {
      const r = await api(method, path, json ? { json } : {});
      expect(r.status, `${method} ${path}`).toBe(404);
      expect(r.body.error.code).toBe("not_found");
    }
    // Nothing was written on their complaint.
    const seen = await api("GET", `/complaints/${theirs}`, { key: otherKey });
    expect(seen.body.events.map((e: { type: string }) => e.type)).toEqual(["submitted"]);
    expect(seen.body.attachments).toEqual([]);
  });

  it("refuses a missing, unknown or revoked key with 401", async () => {
    for (const k of [null, "hub_ag_nonsense", "not-even-bearer"]) {
      const r = await api("GET", "/complaints", { key: k });
      expect(r.status).toBe(401);
      expect(r.body.error.code).toBe("api_key_invalid");
      expect(r.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    const now = f.h.deps.clock.now();
    const made = await createApiClient(f.h.deps.db, { kind: "agency", agencyCode: "MOMAH", name: "short-lived" }, now);
    expect((await api("GET", "/complaints", { key: made.key })).status).toBe(200);
    await revokeApiClient(f.h.deps.db, made.client.id, null, now);
    expect((await api("GET", "/complaints", { key: made.key })).status).toBe(401);
    // A partner (Open311) key is not an agency key.
    const partner = await createApiClient(f.h.deps.db, { kind: "partner", name: "civic app" }, now);
    expect((await api("GET", "/complaints", { key: partner.key })).status).toBe(401);
  });

  it("limits each key to its requests per minute with 429 and Retry-After", async () => {
    const now = f.h.deps.clock.now();
    const made = await createApiClient(f.h.deps.db, { kind: "agency", agencyCode: "MOMAH", name: "slow", rateLimit: 3 }, now);
    for (let i = 0; i < 3; i++) expect((await api("GET", "/complaints?limit=1", { key: made.key })).status).toBe(200);
    const refused = await api("GET", "/complaints?limit=1", { key: made.key, lang: "en" });
    expect(refused.status).toBe(429);
    expect(refused.body.error.code).toBe("throttled");
    const retry = Number(refused.headers.get("retry-after"));
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(60);
    // Another key is not held back, and the next minute the key works again.
    expect((await api("GET", "/complaints?limit=1")).status).toBe(200);
    f.clock().advance(61_000);
    expect((await api("GET", "/complaints?limit=1", { key: made.key })).status).toBe(200);
  });

  it("answers bad input with a translated 400 (Arabic by default, English when asked), never a 500", async () => {
    const ref = await file();
    const cases: [string, string, Parameters<typeof api>[2]][] = [
      ["POST", `/complaints/${ref}/actions`, { raw: "{not json" }],
      ["POST", `/complaints/${ref}/actions`, { json: [1, 2] }],
      ["POST", `/complaints/${ref}/actions`, { json: { action: "explode", version: 1 } }],
      ["POST", `/complaints/${ref}/actions`, { json: { action: "accept", days: 3 } }],
      ["POST", `/complaints/${ref}/actions`, { json: { action: "accept", version: "one", days: 3 } }],
      ["POST", `/complaints/${ref}/actions`, { json: { action: "accept", version: 1, days: 9999 } }],
      ["POST", `/complaints/${ref}/actions`, { json: { action: "close", version: 1, outcome: "maybe", resolution: "x" } }],
      ["POST", `/complaints/${ref}/actions`, { json: { action: "accept", version: 1, days: 3, attachments: [{ filename: "a" }] } }],
      ["POST", `/complaints/${ref}/actions`, { raw: "a=1", type: "application/x-www-form-urlencoded" }],
      ["POST", `/complaints/${ref}/attachments`, { json: {} }],
      ["GET", "/complaints?cursor=bogus", {}],
      ["GET", "/complaints?limit=0", {}],
      ["GET", "/complaints?limit=abc", {}],
    ];
    for (const [method, path, opts] of cases) {
      const ar = await api(method, path, opts);
      expect(ar.status, `${method} ${path} ${JSON.stringify(opts)}`).toBe(400);
      expect(ar.body.error.code).toBe("bad_request");
      expect(ar.body.error.message).toMatch(/[\u0600-\u06FF]/);
      expect(ar.body.error.issues.length).toBeGreaterThan(0);
      expect(ar.body.error.issues[0].message).toMatch(/[\u0600-\u06FF]/);
      const en = await api(method, path, { ...opts, lang: "en-GB,en;q=0.9" });
      expect(en.status).toBe(400);
      expect(en.body.error.message).not.toMatch(/[\u0600-\u06FF]/);
      expect(en.body.error.issues[0].message).not.toMatch(/[\u0600-\u06FF]/);
      expect(en.headers.get("content-language")).toBe("en");
    }
    // A route the API does not have (so not in the document either), and a NUL in the
    // path: the error shape, never the portal's page.
    const missing = await fetch(`${base}/api/agency/v1/nothing-here`, { headers: { authorization: `Bearer ${key}` } });
    expect(missing.status).toBe(404);
    const missingBody = (await missing.json()) as Answer["body"];
    expect(validate(doc, { $ref: "#/components/schemas/Error" }, missingBody)).toEqual([]);
    expect(missingBody.error.code).toBe("not_found");
    const nul = await fetch(`${base}/api/agency/v1/complaints/A%00B`, { headers: { authorization: `Bearer ${key}` } });
    expect(nul.status).toBe(400);
    const nulBody = (await nul.json()) as Answer["body"];
    expect(validate(doc, { $ref: "#/components/schemas/Error" }, nulBody)).toEqual([]);
    expect(nulBody.error.code).toBe("bad_request");
  });

  it("answers 503 with Retry-After in the API's shape while the database is down", async () => {
    const down = testApp(f.database, { database: { ...f.database, available: () => false } });
    const res = await down.app.request("/api/agency/v1/complaints", {
      headers: { authorization: `Bearer ${key}`, "accept-language": "en" },
    });
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBeTruthy();
    const body = await res.json();
    expect(responseProblems(doc, "GET", "/api/agency/v1/complaints", 503, res.headers.get("content-type")!, body)).toEqual([]);
    expect(body).toMatchObject({ error: { code: "database_unavailable" } });
  });

  it("records every use of a key: method, path and status", async () => {
    const ref = await file();
    await api("GET", `/complaints/${ref}`);
    await api("POST", `/complaints/${ref}/actions`, { json: { action: "accept", version: 99, days: 3 } });
    const uses = await apiUses(f.h.deps.db, keyId, 5);
    expect(uses.slice(0, 2).map((u) => [u.method, u.path, u.status, u.reference])).toEqual([
      ["POST", `/api/agency/v1/complaints/${ref}/actions`, 409, ref],
      ["GET", `/api/agency/v1/complaints/${ref}`, 200, ref],
    ]);
  });
});

describe("the agency's own webhook endpoints", () => {
  it("registers one with the admin page's checks, lists and stops only its own; events for its complaints are queued to it", async () => {
    // Refused: not HTTPS (the hub here is on http, so only loopback may be plain http), a
    // private address, an event the hub does not send, no events; each a translated answer.
    const notHttps = await api("POST", "/webhooks", {
      json: { url: "http://8.8.8.8/hub", events: ["complaint.routed"] },
      lang: "en",
    });
    expect(notHttps.status).toBe(422);
    expect(notHttps.body.error.code).toBe("webhook_not_https");
    const privateTarget = await api("POST", "/webhooks", { json: { url: "https://10.1.2.3/hub", events: ["complaint.routed"] } });
    expect([privateTarget.status, privateTarget.body.error.code]).toEqual([422, "webhook_private_target"]);
    expect(privateTarget.body.error.message).toMatch(/[\u0600-\u06FF]/);
    const badEvent = await api("POST", "/webhooks", { json: { url: "http://127.0.0.1:9/hub", events: ["complaint.deleted"] } });
    expect([badEvent.status, badEvent.body.error.code]).toEqual([400, "bad_request"]);
    expect((await api("POST", "/webhooks", { json: { url: "http://127.0.0.1:9/hub", events: [] } })).status).toBe(400);
    expect((await api("POST", "/webhooks", { raw: "not json" })).status).toBe(400);

    const made = await api("POST", "/webhooks", {
      json: { url: "http://127.0.0.1:9/hub", events: ["complaint.routed", "complaint.reopened"] },
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ url: "http://127.0.0.1:9/hub", events: ["complaint.routed", "complaint.reopened"], active: true });
    expect(made.body.secret).toMatch(/^whsec_/);
    const [row] = await f.h.deps.db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, made.body.id));
    expect(row).toMatchObject({ agencyCode: "MOMAH", apiClientId: keyId });
    expect(row!.secretSealed).not.toContain(made.body.secret.slice(6));

    // Listed without the secret; another agency's key sees none of it and cannot stop it.
    const mine = await api("GET", "/webhooks");
    expect(mine.body.items.map((e: { id: string }) => e.id)).toContain(made.body.id);
    expect(JSON.stringify(mine.body)).not.toContain(made.body.secret);
    expect((await api("GET", "/webhooks", { key: otherKey })).body.items.map((e: { id: string }) => e.id)).not.toContain(made.body.id);
    expect((await api("DELETE", `/webhooks/${made.body.id}`, { key: otherKey })).status).toBe(404);

    // A complaint routed to MOMAH is queued to the endpoint; stopped, the next one is not.
    const first = await file();
    const queued = async () =>
      (await f.h.deps.db.select().from(outbox).where(eq(outbox.recipient, made.body.id))).map((m) => m.payload.reference);
    expect(await queued()).toEqual([first]);
    const stopped = await api("DELETE", `/webhooks/${made.body.id}`);
    expect([stopped.status, stopped.body.active]).toEqual([200, false]);
    await file();
    expect(await queued()).toEqual([first]);
  });
});

describe("the admin's API keys page", () => {
  it("makes a key shown once, lists it with its last use, and revokes it", async () => {
    const admin = await f.staff("admin");
    const empty = await admin.post("/admin/api-keys", { agency: "MOMAH", name: "" });
    expect(empty.status).toBe(422);
    const made = await admin.post("/admin/api-keys", { agency: "MOMAH", name: "Case system 2", rateLimit: "60" });
    expect(made.status).toBe(200);
    const html = await made.text();
    const newKey = /data-testid="key-text">(hub_ag_[a-z2-7]+)</.exec(html)?.[1];
    expect(newKey).toBeTruthy();
    expect((await api("GET", "/complaints?limit=1", { key: newKey })).status).toBe(200);

    const list = await (await admin.get("/admin/api-keys")).text();
    expect(list).not.toContain(newKey!);
    expect(list).toContain(`data-testid="key-${newKey!.slice(0, 12)}"`);
    expect(list).toContain("/api/agency/v1/complaints");
    const id = new RegExp(`data-testid="key-${newKey!.slice(0, 12)}"[\\s\\S]*?/admin/api-keys/([0-9a-f-]{36})/revoke`).exec(list)?.[1];
    expect(id).toBeTruthy();

    // The page is a browser form: a post from elsewhere is refused by the CSRF check.
    expect((await admin.post(`/admin/api-keys/${id}/revoke`, {}, { origin: "https://evil.example" })).status).toBe(403);
    const revoked = await admin.post(`/admin/api-keys/${id}/revoke`, {}, { htmx: true });
    expect(revoked.status).toBe(200);
    expect((await api("GET", "/complaints", { key: newKey })).status).toBe(401);

    // Only an administrator has the page.
    const liaison = await f.staff("liaison.momah");
    expect((await liaison.get("/admin/api-keys")).status).toBe(404);
  });
});
