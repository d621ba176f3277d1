import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { complaintAttachments, complaints, outbox } from "../../schema/index.ts";
import type { AppDeps } from "../../server/app-env.ts";
import { byteaStorage, sha256Hex } from "../../server/attachments/storage.ts";
import { openS3Storage, type S3Storage } from "../../server/attachments/s3.ts";
import { moveToS3 } from "../../server/attachments/move.ts";
import { parseS3Url, type S3Settings } from "../../server/attachments/s3-url.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { hubFixture, type HubFixture } from "../support/hub-fixture.ts";
import { testApp } from "../support/app.ts";
import { demoHub } from "../support/demo-hub.ts";
import { registerCitizen } from "../support/citizen.ts";
import { keepCitizen } from "../support/sessions.ts";
import { AISHA } from "../support/registry.ts";
import { deadS3Url, s3Server } from "../support/s3.ts";
import { cliHubs } from "../support/cli-hub.ts";

// Issue 16 item 6b: attachments in an S3-compatible object store (a real S3 protocol
// server, s3rver, started here on a free port over a temporary folder), the rows keeping
// only the object's key; bytea stays the default; `hub attachments move-to-s3` moves the
// rows' bytes across, checking each copy before it clears a row.

const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 1, 2, 3]);
const pdfNamed = (tag: string) => new TextEncoder().encode(`%PDF-1.7\n% ${tag}\n%%EOF\n`);

let s3: Awaited<ReturnType<typeof s3Server>>;
let storage: S3Storage;
// Filled before the fixture's own beforeAll runs (hooks run in the order they are registered).
const overrides: Partial<AppDeps> = {};
beforeAll(async () => {
  s3 = await s3Server();
  storage = await openS3Storage(s3.settings);
  overrides.attachments = storage;
});
const hub = hubFixture(overrides);
let { database, h, citizen, staff } = {} as HubFixture;
beforeAll(() => void ({ database, h, citizen, staff } = hub));
afterAll(async () => {
  storage?.close();
  await s3?.close();
});

let n = 0;
function complaintForm(files: [string, Uint8Array][]) {
  const fd = new FormData();
  const fields = {
    kind: "complaint",
    text: "حفرة كبيرة في الشارع أمام المدرسة تسبب حوادث للسيارات",
    city: "riyadh",
    service: "MOMAH/ROADS_POTHOLES",
    notifyBy: "sms",
    clientKey: `s3-${++n}-${Math.random().toString(36).slice(2)}`,
  };
  for (const [k, v] of Object.entries(fields)) fd.append(k, v);
  for (const [name, bytes] of files) fd.append("attachments", new File([bytes], name));
  return fd;
}
const filesOf = async (reference: string) =>
  database.db
    .select({
      id: complaintAttachments.id,
      filename: complaintAttachments.filename,
      data: complaintAttachments.data,
      storageKey: complaintAttachments.storageKey,
      size: complaintAttachments.size,
    })
    .from(complaintAttachments)
    .innerJoin(complaints, eq(complaints.id, complaintAttachments.complaintId))
    .where(eq(complaints.reference, reference))
    .orderBy(complaintAttachments.filename);
const count = async (table: typeof complaints | typeof complaintAttachments | typeof outbox) =>
  (await database.db.select({ n: sql<number>`count(*)::int` }).from(table))[0]!.n;
const counts = async () => ({
  complaints: await count(complaints),
  files: await count(complaintAttachments),
  messages: await count(outbox),
});
const bytesOf = async (res: Response) => new Uint8Array(await res.arrayBuffer());

describe("attachments in the object store (ATTACHMENTS_S3_URL)", () => {
  it("a citizen files with files: the objects are in the bucket under their hash, the rows hold no bytes, and the citizen and the officer download the same bytes", async () => {
    const cb = await keepCitizen(citizen, AISHA.nationalId);
    const res = await cb.postForm(
      "/complaints",
      complaintForm([
        ["report.pdf", PDF],
        ["photo.png", PNG],
      ]),
    );
    expect(res.status).toBe(303);
    const reference = /\/complaints\/([^?]+)/.exec(res.headers.get("location")!)![1]!;
    const rows = await filesOf(reference);
    expect(rows.map((r) => [r.filename, r.data, r.storageKey, r.size])).toEqual([
      ["photo.png", null, `sha256/${sha256Hex(PNG)}`, PNG.length],
      ["report.pdf", null, `sha256/${sha256Hex(PDF)}`, PDF.length],
    ]);
    expect(await s3.object(`sha256/${sha256Hex(PDF)}`)).toEqual(PDF);
    expect(await s3.object(`sha256/${sha256Hex(PNG)}`)).toEqual(PNG);

    const pdf = rows.find((r) => r.filename === "report.pdf")!;
    const mine = await cb.get(`/complaints/${reference}/attachments/${pdf.id}`);
    expect(mine.status).toBe(200);
    expect(mine.headers.get("content-type")).toBe("application/pdf");
    expect(mine.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(await bytesOf(mine)).toEqual(PDF);
    const officer = await staff("liaison.momah");
    const theirs = await officer.get(`/staff/complaints/${reference}/attachments/${pdf.id}`);
    expect(theirs.status).toBe(200);
    expect(await bytesOf(theirs)).toEqual(PDF);
    // The same checks as before: another agency's officer and a signed-out visitor get nothing.
    expect((await (await staff("liaison.moh")).get(`/staff/complaints/${reference}/attachments/${pdf.id}`)).status).toBe(404);
    expect((await h.app.request(`/complaints/${reference}/attachments/${pdf.id}`)).status).toBe(303);
  });

  it("an officer's close with a file stores it in the bucket too, and the citizen downloads it", async () => {
    const cb = await keepCitizen(citizen, AISHA.nationalId);
    const filed = await cb.postForm("/complaints", complaintForm([]));
    const reference = /\/complaints\/([^?]+)/.exec(filed.headers.get("location")!)![1]!;
    const officer = await staff("liaison.momah");
    const version = async () =>
      String((await database.db.select().from(complaints).where(eq(complaints.reference, reference)))[0]!.version);
    expect(
      (await officer.post(`/staff/complaints/${reference}/accept`, { step: "confirm", days: "3", version: await version() })).status,
    ).toBe(303);
    const minutes = pdfNamed(`minutes ${reference}`);
    const fd = new FormData();
    fd.append("outcome", "resolved");
    fd.append("resolution", "رُدمت الحفرة، ومحضر الإصلاح مرفق");
    fd.append("version", await version());
    fd.append("attachments", new File([minutes], "محضر.pdf"));
    expect((await officer.postForm(`/staff/complaints/${reference}/close`, fd)).status).toBe(303);
    const [row] = await filesOf(reference);
    expect(row).toMatchObject({ data: null, storageKey: `sha256/${sha256Hex(minutes)}` });
    expect(await s3.object(row!.storageKey!)).toEqual(minutes);
    expect(await bytesOf(await cb.get(`/complaints/${reference}/attachments/${row!.id}`))).toEqual(minutes);
  });

  it("with the store down, filing with a file is a translated 503 and nothing is stored; filing without one still works; a stored file's download is a translated 503", async () => {
    // A file of its own stored while the store is up, so this test needs no other's.
    const cb = await keepCitizen(citizen, AISHA.nationalId);
    const filed = await cb.postForm("/complaints", complaintForm([["earlier.pdf", pdfNamed("stored before the outage")]]));
    expect(filed.status).toBe(303);
    const earlier = /\/complaints\/([^?]+)/.exec(filed.headers.get("location")!)![1]!;
    const [stored] = await filesOf(earlier);
    expect(stored!.storageKey).toMatch(/^sha256\//);

    const down = await openS3Storage(parseS3Url(await deadS3Url()) as S3Settings);
    const d = testApp(database, { routing: h.deps.routing, attachments: down });
    const cookie = `hub_session=${(await keepCitizen(citizen, AISHA.nationalId)).cookie("hub_session")}`;
    try {
      const before = await counts();
      const api = await d.app.request("/api/complaints", {
        method: "POST",
        headers: { origin: "http://localhost", cookie: `${cookie}; lang=en` },
        body: complaintForm([["report.pdf", pdfNamed("down")]]),
      });
      expect(api.status).toBe(503);
      expect(await api.json()).toEqual({
        error: "attachments_unavailable",
        message: "The attached files cannot be saved right now, so nothing was sent. Please try again shortly.",
      });
      const web = await d.app.request("/complaints", {
        method: "POST",
        headers: { origin: "http://localhost", cookie, "hx-request": "true" },
        body: complaintForm([["report.pdf", pdfNamed("down")]]),
      });
      expect(web.status).toBe(503);
      // The form comes back as sent, with the reason at the files, in Arabic by default.
      const html = await web.text();
      expect(html).toContain("تعذّر حفظ الملفات المرفقة الآن، فلم يُرسَل شيء");
      expect(html).toContain("حفرة كبيرة في الشارع");
      expect(await counts()).toEqual(before);

      const plain = await d.app.request("/complaints", {
        method: "POST",
        headers: { origin: "http://localhost", cookie },
        body: complaintForm([]),
      });
      expect(plain.status).toBe(303);

      const get = await d.app.request(`/complaints/${earlier}/attachments/${stored!.id}`, { headers: { cookie } });
      expect(get.status).toBe(503);
      expect(await get.text()).toContain("تعذّر فتح هذا الملف الآن");
    } finally {
      down.close();
    }
  });

  it("the move checks each copy: a file whose copy does not check out keeps its bytes, and is named", async () => {
    const bytes = pdfNamed("copy that will not check out");
    const r = await submitComplaint(
      { ...h.deps, attachments: byteaStorage() },
      hub.citizenId,
      {
        kind: "complaint",
        text: "حفرة كبيرة في الشارع أمام المدرسة تسبب حوادث للسيارات",
        city: "riyadh",
        agencyCode: "MOMAH",
        serviceCode: "ROADS_POTHOLES",
        notifyBy: "sms",
        clientKey: `s3-bad-${Math.random()}`,
      },
      [{ filename: "kept.pdf", bytes }],
    );
    if (!r.ok) throw new Error(JSON.stringify(r));
    const [row] = await filesOf(r.reference);
    expect(row!.data).not.toBeNull();
    const liar: S3Storage = { ...storage, verify: async () => ({ ok: false, problem: "the stored object has 0 bytes" }) };
    const report = await moveToS3(database.db, liar);
    expect(report.failed).toContainEqual({ id: row!.id, problem: "the stored object has 0 bytes" });
    const [after] = await filesOf(r.reference);
    expect(after).toMatchObject({ storageKey: null });
    expect(new Uint8Array(after!.data!)).toEqual(bytes);
  });
});

describe("npm run hub -- attachments move-to-s3", () => {
  // A hub of its own that the command opens as an operator would (a data folder on
  // PGlite, its own database on PostgreSQL), its attachments filed on bytea.
  const { env: hubEnv, open, cli } = cliHubs("hub-s3-move");

  it("moves the rows' bytes to the bucket in pages, checked, resumably: stopped by a store that is down, run again, run a third time for nothing; downloads still work", async () => {
    const env = await hubEnv();
    const files = [pdfNamed(`move one ${Math.random()}`), pdfNamed(`move two ${Math.random()}`), PNG];
    let database = await open(env);
    let cookie: string;
    let reference: string;
    try {
      const old = await demoHub(database);
      ({ cookie } = await registerCitizen(old));
      const filed = await old.app.request("/complaints", {
        method: "POST",
        headers: { origin: "http://localhost", cookie },
        body: complaintForm([
          ["a.pdf", files[0]!],
          ["b.pdf", files[1]!],
          ["c.png", files[2]!],
        ]),
      });
      expect(filed.status).toBe(303);
      reference = /\/complaints\/([^?]+)/.exec(filed.headers.get("location")!)![1]!;
      const rows = await database.db.select().from(complaintAttachments);
      expect(rows.map((r) => [r.storageKey, r.data === null])).toEqual([
        [null, false],
        [null, false],
        [null, false],
      ]);
    } finally {
      await database.close();
    }

    const down = await cli(["attachments", "move-to-s3"], { ...env, ATTACHMENTS_S3_URL: await deadS3Url() });
    expect(down.code).toBe(1);
    expect(down.err.at(-1)).toMatch(
      /^attachments move-to-s3: stopped: the object store did not take the file \(ECONNREFUSED\)\. What was moved stays moved; run the command again to go on\.$/,
    );

    const moved = await cli(["attachments", "move-to-s3", "--batch", "2"], { ...env, ATTACHMENTS_S3_URL: s3.url });
    expect(moved.code).toBe(0);
    expect(moved.err[0]).toMatch(/^# 2\/3 files \(0\.0 MB of 0\.0 MB\) moved$/);
    expect(moved.out).toEqual([
      expect.stringMatching(
        /^attachments move-to-s3: OK; 3\/3 files \(0\.0 MB of 0\.0 MB\) moved to bucket hub-attachments at http:\/\/127\.0\.0\.1:\d+ in [\d.]+ s$/,
      ),
    ]);
    const again = await cli(["attachments", "move-to-s3"], { ...env, ATTACHMENTS_S3_URL: s3.url });
    expect(again.code).toBe(0);
    expect(again.out[0]).toMatch(/OK; 0\/0 files/);

    database = await open(env);
    try {
      const rows = await database.db.select().from(complaintAttachments).orderBy(complaintAttachments.filename);
      expect(rows.map((r) => [r.filename, r.data, r.storageKey])).toEqual(
        ["a.pdf", "b.pdf", "c.png"].map((name, i) => [name, null, `sha256/${sha256Hex(files[i]!)}`]),
      );
      for (const [i, r] of rows.entries()) expect(await s3.object(r.storageKey!)).toEqual(files[i]);
      // The hub, now on the object store, serves the moved files as before.
      const now = testApp(database, { attachments: storage });
      for (const [i, r] of rows.entries()) {
        const res = await now.app.request(`/complaints/${reference!}/attachments/${r.id}`, { headers: { cookie: cookie! } });
        expect(res.status).toBe(200);
        expect(await bytesOf(res)).toEqual(files[i]);
      }
    } finally {
      await database.close();
    }
  });

  it("without ATTACHMENTS_S3_URL it says what to set, and a malformed one is named without its secret", async () => {
    const env = { DATA_DIR: await mkdtemp(join(tmpdir(), "hub-s3-none-")) };
    const none = await cli(["attachments", "move-to-s3"], env);
    expect(none.code).toBe(2);
    expect(none.err.join("\n")).toContain("ATTACHMENTS_S3_URL: is required to move attachments to an object store");
    const bad = await cli(["attachments", "move-to-s3"], { ...env, ATTACHMENTS_S3_URL: "ftp://KEY:VERY-SECRET@host/Bad_Bucket" });
    expect(bad.code).toBe(2);
    expect(bad.err.join("\n")).toContain("ATTACHMENTS_S3_URL: must start with https:// or http://");
    expect(bad.err.join("\n")).not.toContain("VERY-SECRET");
    expect((await cli(["attachments", "move"], env)).code).toBe(2);
  });
});
