import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { citizens, complaintEvents, complaints } from "../../schema/index.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { routableServices } from "../../server/routing/from-directory.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import { DEMO_PASSWORD, demoTotpKey, seedDemo } from "../../server/demo/seed.ts";
import { totpCode } from "../../server/auth/totp.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
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
  const [c] = await database.db
    .insert(citizens)
    .values({
      nationalId: "1012345671", nationality: "SA", firstName: "محمد", fatherName: "عبدالله", grandfatherName: "سعد", familyName: "العتيبي",
      dateOfBirth: "1985-04-12", mobile: "+966501000001", country: "SA", city: "riyadh", address: "حي النرجس", passwordHash: "x",
      policyAcceptedAt: new Date(), mobileVerifiedAt: new Date(),
    })
    .returning({ id: citizens.id });
  citizenId = c!.id;
});
afterAll(async () => {
  await database.close();
});

async function signIn(email: string) {
  const b = new Browser(h.app);
  const res = await b.post("/staff/signin", { email, password: DEMO_PASSWORD, totp: totpCode(demoTotpKey(email), h.deps.clock.now()) });
  expect(res.status).toBe(303);
  return b;
}

async function unroutable(text: string) {
  const r = await submitComplaint({ db: database.db, clock: h.deps.clock, routing: h.deps.routing, routingThreshold: 0.15 }, citizenId, { kind: "complaint", text, city: "riyadh", notifyBy: "sms", clientKey: `k-${Math.random()}` });
  if (!r.ok || r.status !== "triage") throw new Error("expected triage");
  const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, r.reference));
  return c!;
}

describe("triage portal", () => {
  it("lists waiting complaints oldest first, and a triage officer routes one with a click", async () => {
    const first = await unroutable("أرجو التواصل معي بخصوص موضوع مهم جدًا وشكرًا");
    const second = await unroutable("لدي ملاحظة عامة أود مناقشتها مع المسؤولين");
    const b = await signIn("triage@demo.hub.example");
    const page = await (await b.get("/triage")).text();
    expect(page.indexOf(first.reference)).toBeGreaterThan(-1);
    expect(page.indexOf(first.reference)).toBeLessThan(page.indexOf(second.reference));

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
    const b = await signIn("triage@demo.hub.example");
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
    const res = await b.post(`/triage/${c.id}/route`, { version: String(c.version), service: "DGA/DIGITAL_TRANSFORMATION" }, { htmx: true });
    expect(res.status).toBe(422);
    const liaison = await signIn("liaison.momah@demo.hub.example");
    expect((await liaison.get("/triage")).status).toBe(404);
    expect((await liaison.post(`/triage/${c.id}/route`, { version: String(c.version), service: "MOMAH/PARKS" })).status).toBe(404);
  });
});
