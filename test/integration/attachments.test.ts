import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { complaintAttachments, complaints } from "../../schema/index.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { routableServices } from "../../server/routing/from-directory.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import { checkAttachments, sniffType } from "../../server/complaints/attachments.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { testApp } from "../support/app.ts";
import { registerCitizen } from "../support/citizen.ts";
import { seedRegistry } from "../support/registry.ts";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const PDF = new TextEncoder().encode("%PDF-1.7\n1 0 obj\n<<>>\nendobj\n%%EOF\n");
const EXE = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00]); // "MZ": a Windows program

let database: TestDatabase;
let h: ReturnType<typeof testApp>;
let cookie: string;

beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
  const directory = await loadDirectory("agencies");
  await syncDirectory(database.db, directory);
  h = testApp(database, { routing: buildIndex(routableServices(directory)) });
  ({ cookie } = await registerCitizen(h));
});
afterAll(async () => {
  await database.close();
});

function form(files: [string, Uint8Array][], fields: Record<string, string> = {}) {
  const fd = new FormData();
  const all = {
    kind: "complaint",
    text: "الكهرباء مقطوعة عن الحي من الصباح",
    city: "riyadh",
    notifyBy: "sms",
    clientKey: `k-${Math.random().toString(36).slice(2)}`,
    ...fields,
  };
  for (const [k, v] of Object.entries(all)) fd.append(k, v);
  for (const [name, bytes] of files) fd.append("attachments", new File([bytes], name));
  return fd;
}

const count = async () => (await database.db.select({ n: sql<number>`count(*)::int` }).from(complaints))[0]!.n;

describe("attachments", () => {
  it("are recognised by their content", () => {
    expect(sniffType(PNG)).toBe("image/png");
    expect(sniffType(PDF)).toBe("application/pdf");
    expect(sniffType(new Uint8Array([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffType(EXE)).toBeNull();
    expect(checkAttachments([{ filename: "../../etc/passwd.pdf", bytes: PDF }])).toMatchObject({
      ok: true,
      files: [{ filename: "passwd.pdf" }],
    });
  });

  it("the app files a complaint with a photo and a PDF over multipart, and the citizen downloads them", async () => {
    const res = await h.app.request("/api/complaints", {
      method: "POST",
      headers: { origin: "http://localhost", cookie },
      body: form([
        ["photo.png", PNG],
        ["report.pdf", PDF],
      ]),
    });
    expect(res.status).toBe(201);
    const { reference } = (await res.json()) as { reference: string };
    // The mobile API's submissions are their own channel (issue 14), not the web portal.
    const [filed] = await database.db
      .select({ channel: complaints.channel })
      .from(complaints)
      .where(sql`${complaints.reference} = ${reference}`);
    expect(filed!.channel).toBe("app");
    const page = await (await h.app.request(`/complaints/${reference}`, { headers: { cookie } })).text();
    const link = /href="(\/complaints\/[^"]+\/attachments\/[^"]+)">report\.pdf/.exec(page)![1]!;
    const file = await h.app.request(link, { headers: { cookie } });
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toMatch(/^attachment;/);
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(PDF);
    expect((await h.app.request(link)).status).toBe(303); // signed out: to sign-in, never the file
  });

  it("a renamed .exe, a sixth file or an oversized file is refused with a translated 4xx and nothing is stored", async () => {
    const before = await count();
    const beforeFiles = (await database.db.select({ n: sql<number>`count(*)::int` }).from(complaintAttachments))[0]!.n;
    const exe = await h.app.request("/api/complaints", {
      method: "POST",
      headers: { origin: "http://localhost", cookie, "accept-language": "ar" },
      body: form([["invoice.pdf", EXE]]),
    });
    expect(exe.status).toBe(422);
    expect(((await exe.json()) as { fields: { attachments: { code: string; message: string } } }).fields.attachments).toEqual({
      code: "attachment_type",
      message: "المرفقات المقبولة: صور JPEG أو PNG أو ملفات PDF فقط.",
    });
    const six = await h.app.request("/api/complaints", {
      method: "POST",
      headers: { origin: "http://localhost", cookie },
      body: form(Array.from({ length: 6 }, (_, i) => [`p${i}.png`, PNG] as [string, Uint8Array])),
    });
    expect(((await six.json()) as { fields: { attachments: { code: string } } }).fields.attachments.code).toBe("attachments_too_many");
    const big = new Uint8Array(10 * 1024 * 1024 + 1);
    big.set(PDF);
    const large = await h.app.request("/api/complaints", {
      method: "POST",
      headers: { origin: "http://localhost", cookie },
      body: form([["big.pdf", big]]),
    });
    expect(((await large.json()) as { fields: { attachments: { code: string } } }).fields.attachments.code).toBe("attachment_too_large");
    expect(await count()).toBe(before);
    expect((await database.db.select({ n: sql<number>`count(*)::int` }).from(complaintAttachments))[0]!.n).toBe(beforeFiles);
  });

  it("the web form takes attachments too, and shows the refusal in place", async () => {
    const res = await h.app.request("/complaints", {
      method: "POST",
      headers: { origin: "http://localhost", cookie, "hx-request": "true" },
      body: form([["setup.png", EXE]]),
    });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("المرفقات المقبولة");
    const ok = await h.app.request("/complaints", {
      method: "POST",
      headers: { origin: "http://localhost", cookie },
      body: form([["photo.png", PNG]]),
    });
    expect(ok.status).toBe(303);
  });

  it("a request larger than five full files is cut off with 413", async () => {
    const huge = new Uint8Array(52 * 1024 * 1024);
    const res = await h.app.request("/api/complaints", {
      method: "POST",
      headers: { origin: "http://localhost", cookie },
      body: form([["a.pdf", huge]]),
    });
    expect(res.status).toBe(413);
  });
});
