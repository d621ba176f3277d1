import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { complaintEvents, complaints } from "../../schema/index.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { routableServices } from "../../server/routing/from-directory.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import { signInStaff } from "../support/sessions.ts";
import type { SettableClock } from "../../server/clock.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { insertCitizen } from "../support/registry.ts";
import { testApp } from "../support/app.ts";
import { Browser } from "../support/http.ts";

let database: TestDatabase;
let h: ReturnType<typeof testApp>;
let citizenId: string;

beforeAll(async () => {
  database = await createTestDatabase();
  const directory = await loadDirectory("agencies");
  await syncDirectory(database.db, directory);
  h = testApp(database, { routing: buildIndex(routableServices(directory)) });
  await seedDemo(database.db, h.deps.secretBox);
  citizenId = await insertCitizen(database.db, { nationalId: "1012345671", mobile: "+966501000001" });
});
afterAll(async () => {
  await database.close();
});

// Sign-in is rate-limited per email (5 per 15 minutes), so tests share sessions.
const signedIn = new Map<string, Browser>();
async function signIn(email: string, fresh = false) {
  if (!fresh && signedIn.has(email)) return signedIn.get(email)!;
  // The shared helper knows a TOTP step signs in once, so a second browser uses the next.
  const b = await signInStaff(h.app, h.deps.clock, email);
  if (!fresh) signedIn.set(email, b);
  return b;
}

async function unroutable(text: string) {
  const r = await submitComplaint(h.deps, citizenId, {
    kind: "complaint",
    text,
    city: "riyadh",
    notifyBy: "sms",
    clientKey: `k-${Math.random()}`,
  });
  if (!r.ok || r.status !== "triage") throw new Error("expected triage");
  const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, r.reference));
  return c!;
}

describe("triage portal", () => {
  it("lists waiting complaints oldest first, and a triage officer routes one with a click", async () => {
    const first = await unroutable("أرجو التواصل معي بخصوص موضوع مهم جدًا وشكرًا");
    (h.deps.clock as SettableClock).advance(60_000);
    const second = await unroutable("لدي ملاحظة عامة أود مناقشتها مع المسؤولين");
    const b = await signIn("triage@demo.hub.example");
    const page = await (await b.get("/triage")).text();
    expect(page.indexOf(first.reference)).toBeGreaterThan(-1);
    expect(page.indexOf(first.reference)).toBeLessThan(page.indexOf(second.reference));
    // When it came in: the hub's zone (Riyadh, UTC+3), hours and minutes, no seconds.
    const row = page.slice(page.indexOf(first.reference), page.indexOf(second.reference));
    const at = first.createdAt;
    const local = `${String((at.getUTCHours() + 3) % 24).padStart(2, "0")}:${String(at.getUTCMinutes()).padStart(2, "0")}`;
    expect(row).toContain(`<time datetime="${at.toISOString()}">`);
    expect(row).toMatch(new RegExp(`في ${local} \\(`));
    expect(row.replace(/<[^>]*>/g, "")).not.toMatch(/\d\d:\d\d:\d\d/);

    const res = await b.post(`/triage/${first.id}/route`, { version: String(first.version), service: "MOMAH/CLEANLINESS" }, { htmx: true });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain(first.reference);
    const [after] = await database.db.select().from(complaints).where(eq(complaints.id, first.id));
    expect(after).toMatchObject({ status: "routed", agencyCode: "MOMAH", serviceCode: "CLEANLINESS", routedBy: "triage" });
    const events = await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, first.id));
    expect(events.map((e) => e.type)).toEqual(["submitted", "routed_by_triage"]);
    expect(await (await b.get("/triage")).text()).not.toContain(first.reference);
  });

  it("two officers routing the same complaint at once: one wins, the other is told it changed", async () => {
    const c = await unroutable("موضوع عام يحتاج إلى توجيه من الوحدة الوطنية");
    const a = await signIn("triage@demo.hub.example");
    const b = await signIn("triage@demo.hub.example", true);
    const [ra, rb] = await Promise.all([
      a.post(`/triage/${c.id}/route`, { version: String(c.version), service: "WATER/WATER_SUPPLY" }, { htmx: true }),
      b.post(`/triage/${c.id}/route`, { version: String(c.version), service: "ELEC/POWER_OUTAGE" }, { htmx: true }),
    ]);
    expect([ra.status, rb.status].sort()).toEqual([200, 409]);
    const loser = ra.status === 409 ? ra : rb;
    expect(await loser.text()).toContain("تغيّر هذا الطلب للتو");
  });

  it("a service that does not take the kind is refused; a liaison officer has no triage portal", async () => {
    const c = await unroutable("أريد طرح موضوع عام على الجهات المختصة");
    const b = await signIn("triage@demo.hub.example");
    const res = await b.post(
      `/triage/${c.id}/route`,
      { version: String(c.version), service: "DGA/DIGITAL_TRANSFORMATION" },
      { htmx: true },
    );
    expect(res.status).toBe(422);
    const liaison = await signIn("liaison.momah@demo.hub.example");
    expect((await liaison.get("/triage")).status).toBe(404);
    expect((await liaison.post(`/triage/${c.id}/route`, { version: String(c.version), service: "MOMAH/PARKS" })).status).toBe(404);
  });
});

describe("registering on behalf of a citizen", () => {
  it("a call-centre complaint is verified against the registry, routed, classified by staff, and the caller gets the reference", async () => {
    const b = await signIn("triage@demo.hub.example");
    const res = await b.post(
      "/triage/register",
      {
        channel: "call_centre",
        kind: "complaint",
        nationalId: "1023456782",
        dateOfBirth: "1992-09-03",
        contactName: "نورة",
        contactMobile: "0509998877",
        text: "الكهرباء مقطوعة عن الحي من الصباح والأطفال في الحر",
        city: "riyadh",
        importance: "high",
        complexity: "complex",
      },
      { htmx: true },
    );
    expect(res.status).toBe(200);
    const ref = /(CMP-\d{4}-[A-Z0-9]{6})/.exec(await res.text())![1]!;
    const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, ref));
    expect(c).toMatchObject({
      channel: "call_centre",
      identityVerified: true,
      agencyCode: "ELEC",
      importance: "high",
      complexity: "complex",
      contact: { nationalId: "1023456782", name: "نورة", mobile: "+966509998877" },
    });
    const { outbox } = await import("../../schema/index.ts");
    const [msg] = await database.db
      .select()
      .from(outbox)
      .where(eq(outbox.idempotencyKey, `complaint_received:${c!.id}:filed`));
    expect(msg!.recipient).toBe("+966509998877");
  });

  it("the form carries a random key: sent twice (a double click, a resend), it registers one complaint and both answers name it", async () => {
    const b = await signIn("triage@demo.hub.example");
    const form = await (await b.get("/triage/register")).text();
    const formKey = /name="formKey" value="([^"]+)"/.exec(form)?.[1];
    expect(formKey).toMatch(/^[0-9a-f-]{36}$/);
    // Each form shown is a new registration: a new key.
    expect(/name="formKey" value="([^"]+)"/.exec(await (await b.get("/triage/register")).text())?.[1]).not.toBe(formKey);
    const before = (await database.db.select().from(complaints)).length;
    const fields = {
      channel: "call_centre",
      kind: "complaint",
      nationalId: "1023456782",
      dateOfBirth: "1992-09-03",
      contactMobile: "0509998877",
      text: "انقطاع الكهرباء عن الشارع منذ ساعتين ولم يصل أحد",
      city: "riyadh",
      formKey: formKey!,
    };
    const [one, two] = [await b.post("/triage/register", fields, { htmx: true }), await b.post("/triage/register", fields, { htmx: true })];
    expect([one.status, two.status]).toEqual([200, 200]);
    const refs = [await one.text(), await two.text()].map((html) => /(CMP-\d{4}-[A-Z0-9]{6})/.exec(html)?.[1]);
    expect(refs[0]).toBeTruthy();
    expect(refs[1]).toBe(refs[0]);
    expect((await database.db.select().from(complaints)).length).toBe(before + 1);
    // Sent at the same moment, still one.
    const again = { ...fields, formKey: `${formKey}-x` };
    const both = await Promise.all([b.post("/triage/register", again, { htmx: true }), b.post("/triage/register", again, { htmx: true })]);
    const twin = await Promise.all(both.map(async (r) => /(CMP-\d{4}-[A-Z0-9]{6})/.exec(await r.text())?.[1]));
    expect(twin[0]).toBeTruthy();
    expect(twin[1]).toBe(twin[0]);
    expect((await database.db.select().from(complaints)).length).toBe(before + 2);
    // A key the form refuses is a clear error, and the form comes back with a new one.
    const bad = await b.post("/triage/register", { ...fields, formKey: "short" }, { htmx: true });
    expect(bad.status).toBe(422);
    expect(/name="formKey" value="([^"]+)"/.exec(await bad.text())?.[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect((await database.db.select().from(complaints)).length).toBe(before + 2);
  });

  it("a caller whose birth date does not match the registry is refused; nothing is stored", async () => {
    const b = await signIn("triage@demo.hub.example");
    const before = (await database.db.select().from(complaints)).length;
    const res = await b.post(
      "/triage/register",
      {
        channel: "whatsapp",
        kind: "complaint",
        nationalId: "1023456782",
        dateOfBirth: "1992-09-04",
        text: "المويه مقطوعة من أمس عن الحي",
        city: "riyadh",
      },
      { htmx: true },
    );
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("تعذّر التحقق من هويتك");
    expect((await database.db.select().from(complaints)).length).toBe(before);
  });

  it("a media report needs the outlet, date and link or clipping, and is marked identity not verified", async () => {
    const b = await signIn("triage@demo.hub.example");
    const missing = await b.post(
      "/triage/register",
      { channel: "media", kind: "report", text: "صحيفة نشرت صور تسرب مياه الصرف في شارع عام", city: "jeddah" },
      { htmx: true },
    );
    expect(missing.status).toBe(422);
    const res = await b.post(
      "/triage/register",
      {
        channel: "media",
        kind: "report",
        text: "صحيفة نشرت صور طفح المجاري في شارع عام بجدة",
        city: "jeddah",
        mediaOutlet: "صحيفة المدينة",
        mediaPublishedOn: "2026-11-20",
        mediaLink: "https://news.example/sewage",
      },
      { htmx: true },
    );
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("هوية غير متحقق منها");
    const ref = /(CMP-\d{4}-[A-Z0-9]{6})/.exec(html)![1]!;
    const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, ref));
    expect(c).toMatchObject({
      channel: "media",
      identityVerified: false,
      agencyCode: "WATER",
      media: { outlet: "صحيفة المدينة", link: "https://news.example/sewage", publishedOn: "2026-11-20" },
    });
  });
});
