import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { complaints, satisfaction } from "../../schema/index.ts";
import type { StaffActor } from "../../server/auth/roles.ts";
import { sha256Hex, randomToken } from "../../server/auth/tokens.ts";
import { formatDate } from "../../server/calendar/index.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { demoHub } from "../support/demo-hub.ts";
import { registerCitizen } from "../support/citizen.ts";
import type { Browser } from "../support/http.ts";
import { demoStaff } from "../support/sessions.ts";

// Issue 11, item 4: no dead ends and no contradictions on the citizen's pages: rating
// from the complaint's page as from the link, one statement of when escalation opens,
// and withdrawing behind a confirmation.

let database: TestDatabase;
let h: Awaited<ReturnType<typeof demoHub>>;
let citizen: Browser;
let citizenId: string;
let liaison: StaffActor;

beforeAll(async () => {
  database = await createTestDatabase();
  h = await demoHub(database);
  ({ browser: citizen, citizenId } = await registerCitizen(h));
  liaison = await demoStaff(database.db, "liaison.momah");
});
afterAll(async () => {
  await database.close();
});

let n = 0;
async function file() {
  const r = await submitComplaint(h.deps, citizenId, {
    kind: "complaint",
    text: "إنارة الشارع مطفأة منذ أسبوعين والحي مظلم",
    city: "riyadh",
    agencyCode: "MOMAH",
    serviceCode: "STREET_LIGHTING",
    notifyBy: "sms",
    clientKey: `dead-ends-${++n}`,
  });
  if (!r.ok) throw new Error("filing failed");
  return r.reference;
}
const staff = (reference: string, cmd: Parameters<typeof act>[4]) => act(h.deps, { kind: "staff", staff: liaison }, reference, null, cmd);

/** Closed, with the satisfaction invitation the SLA job makes; returns the link's token. */
async function closedWithInvitation(reference: string) {
  await staff(reference, { action: "accept", days: 3, reason: undefined });
  await staff(reference, { action: "close", outcome: "resolved", resolution: "أُصلحت الإنارة في الشارع" });
  const [c] = await database.db.select().from(complaints).where(eq(complaints.reference, reference));
  const token = randomToken();
  const now = h.deps.clock.now();
  await database.db.insert(satisfaction).values({
    complaintId: c!.id,
    agencyCode: c!.agencyCode,
    tokenHash: sha256Hex(token),
    invitedAt: now,
    expiresAt: new Date(now.getTime() + 14 * 86400_000),
  });
  return token;
}
const version = async (reference: string) =>
  String((await database.db.select({ v: complaints.version }).from(complaints).where(eq(complaints.reference, reference)))[0]!.v);

describe("rating from the complaint's page", () => {
  it("a closed complaint's page carries the rating; it is saved once, and the link is then used up too", async () => {
    const reference = await file();
    expect(await (await citizen.get(`/complaints/${reference}`)).text()).not.toContain('id="citizen-rate"');
    const token = await closedWithInvitation(reference);
    const page = await (await citizen.get(`/complaints/${reference}`)).text();
    expect(page).toContain(`action="/complaints/${reference}/rate"`);

    const bad = await citizen.post(`/complaints/${reference}/rate`, { resolved: "maybe" }, { htmx: true });
    expect(bad.status).toBe(422);
    const fragment = await bad.text();
    expect(fragment).toContain('id="complaint"');
    expect(fragment).toContain("هذا الحقل مطلوب");

    const ok = await citizen.post(`/complaints/${reference}/rate`, { resolved: "yes", stars: "4", comment: "شكرًا" });
    expect(ok.status).toBe(303);
    expect(ok.headers.get("location")).toBe(`/complaints/${reference}?done=rated`);
    const after = await (await citizen.get(`/complaints/${reference}?done=rated`)).text();
    expect(after).toContain("شكرًا لك، وصل تقييمك.");
    expect(after).not.toContain('id="citizen-rate"');
    const rows = await database.db
      .select({ stars: satisfaction.stars, resolved: satisfaction.resolved })
      .from(satisfaction)
      .innerJoin(complaints, eq(complaints.id, satisfaction.complaintId))
      .where(eq(complaints.reference, reference));
    expect(rows).toEqual([{ stars: 4, resolved: "yes" }]);

    // Single rating: neither the page nor the link takes a second one.
    expect((await citizen.post(`/complaints/${reference}/rate`, { resolved: "no", stars: "1" })).status).toBe(409);
    expect((await citizen.get(`/rate/${token}`)).status).toBe(410);
  });

  it("only closed complaints are rated: once reopened, neither the page nor the link rates it", async () => {
    const reference = await file();
    const token = await closedWithInvitation(reference);
    expect(
      (await citizen.post(`/complaints/${reference}/reopen`, { version: await version(reference), reason: "ما زالت الإنارة مطفأة" }))
        .status,
    ).toBe(303);
    expect(await (await citizen.get(`/complaints/${reference}`)).text()).not.toContain('id="citizen-rate"');
    expect((await citizen.post(`/complaints/${reference}/rate`, { resolved: "no", stars: "1" })).status).toBe(409);
    expect((await citizen.get(`/rate/${token}`)).status).toBe(410);
    expect((await citizen.post(`/rate/${token}`, { resolved: "no", stars: "1" })).status).toBe(410);
  });

  it("someone else's complaint cannot be rated from its page", async () => {
    const reference = await file();
    await closedWithInvitation(reference);
    const { insertCitizen } = await import("../support/registry.ts");
    const { hashPassword } = await import("../../server/auth/password.ts");
    const { Browser } = await import("../support/http.ts");
    await insertCitizen(database.db, { passwordHash: await hashPassword("another long phrase") });
    const other = new Browser(h.app);
    expect((await other.post("/signin", { nationalId: "1045678904", password: "another long phrase" })).status).toBe(303);
    expect((await other.post(`/complaints/${reference}/rate`, { resolved: "no", stars: "1" })).status).toBe(404);
    expect(
      (
        await database.db
          .select()
          .from(satisfaction)
          .innerJoin(complaints, eq(complaints.id, satisfaction.complaintId))
          .where(eq(complaints.reference, reference))
      )[0]!.satisfaction.answeredAt,
    ).toBeNull();
  });
});

describe("one statement of when escalation opens", () => {
  it("a poor rating opens it: the link's thanks page and the complaint's page both say so now", async () => {
    const viaLink = await file();
    const token = await closedWithInvitation(viaLink);
    const thanks = await citizen.post(`/rate/${token}`, { resolved: "no", stars: "2" });
    expect(thanks.status).toBe(200);
    const t = await thanks.text();
    expect(t).toContain('data-testid="escalate-offer"');
    expect(t).toContain(`/reports/new?complaint=${viaLink}`);
    const page = await (await citizen.get(`/complaints/${viaLink}`)).text();
    expect(page).toContain('data-testid="escalate"');
    expect(page).not.toContain('data-testid="escalate-from"');

    const viaPage = await file();
    await closedWithInvitation(viaPage);
    await citizen.post(`/complaints/${viaPage}/rate`, { resolved: "no", stars: "1" });
    expect(await (await citizen.get(`/complaints/${viaPage}`)).text()).toContain('data-testid="escalate"');
  });

  it("a good rating does not: neither page offers it", async () => {
    const reference = await file();
    const token = await closedWithInvitation(reference);
    const t = await (await citizen.post(`/rate/${token}`, { resolved: "yes", stars: "5" })).text();
    expect(t).not.toContain("escalate");
    expect(await (await citizen.get(`/complaints/${reference}`)).text()).not.toContain('data-testid="escalate');
  });

  it("a rating link for a complaint reopened since cannot say 'escalate now' while its page says 'from' a day", async () => {
    const reference = await file();
    const token = await closedWithInvitation(reference);
    await citizen.post(`/complaints/${reference}/reopen`, { version: await version(reference), reason: "ما زالت الإنارة مطفأة" });
    expect((await citizen.post(`/rate/${token}`, { resolved: "no", stars: "1" })).status).toBe(410);
    const page = await (await citizen.get(`/complaints/${reference}`)).text();
    expect(page).toContain('data-testid="escalate-from"');
    expect(page).not.toContain('data-testid="escalate"');
  });

  it("names the day escalation opens, not the day before it", async () => {
    // Accepted on Thursday 19 November for 3 working days: due when Tuesday 24th ends,
    // so escalation opens on Wednesday 25th.
    const reference = await file();
    await staff(reference, { action: "accept", days: 3, reason: undefined });
    const page = await (await citizen.get(`/complaints/${reference}`, { cookie: `${citizenCookie()}; lang=en` })).text();
    const day = (iso: string) => formatDate(h.deps.calendar, new Date(`${iso}T12:00:00+03:00`), "en").gregorian;
    const from = /data-testid="escalate-from">([^<]*)</.exec(page)![1]!;
    expect(from).toContain(day("2026-11-25"));
    expect(from).not.toContain(day("2026-11-24"));
  });
});

describe("withdrawing", () => {
  it("the page after filing leads with the next steps; withdrawing is a link to a confirmation, never a one-click form", async () => {
    const reference = await file();
    const filed = await (await citizen.get(`/complaints/${reference}?filed=1`)).text();
    expect(filed).toContain('data-testid="next-steps"');
    expect(filed).not.toContain(`action="/complaints/${reference}/withdraw"`);
    expect(filed.indexOf('data-testid="next-steps"')).toBeLessThan(filed.indexOf('data-testid="withdraw-link"'));

    const confirm = await citizen.get(`/complaints/${reference}/withdraw`);
    expect(confirm.status).toBe(200);
    const html = await confirm.text();
    expect(html).toContain('id="withdraw-confirm"');
    expect(html).toContain("هل تريد سحب هذا الطلب؟");
    expect(html).toContain(`href="/complaints/${reference}"`); // the way back
    const [still] = await database.db.select({ status: complaints.status }).from(complaints).where(eq(complaints.reference, reference));
    expect(still!.status).toBe("routed");

    const tooLong = await citizen.post(
      `/complaints/${reference}/withdraw`,
      { version: await version(reference), reason: "س".repeat(1001) },
      { htmx: true },
    );
    expect(tooLong.status).toBe(422);
    expect(await tooLong.text()).toContain('id="withdraw-confirm"');

    const done = await citizen.post(`/complaints/${reference}/withdraw`, { version: await version(reference), reason: "حُلّت المشكلة" });
    expect(done.status).toBe(303);
    const [after] = await database.db.select({ status: complaints.status }).from(complaints).where(eq(complaints.reference, reference));
    expect(after!.status).toBe("withdrawn");
    // Nothing left to withdraw: the confirmation sends back to the complaint.
    expect((await citizen.get(`/complaints/${reference}/withdraw`)).headers.get("location")).toBe(`/complaints/${reference}`);
  });

  it("the confirmation is in English too, and someone else's complaint has none", async () => {
    const reference = await file();
    const en = await (await citizen.get(`/complaints/${reference}/withdraw`, { cookie: `${citizenCookie()}; lang=en` })).text();
    expect(en).toContain("Withdraw this request?");
    expect(en).toContain("Yes, withdraw it");
    const { Browser } = await import("../support/http.ts");
    expect((await new Browser(h.app).get(`/complaints/${reference}/withdraw`)).status).toBe(303); // to sign in
  });
});

function citizenCookie() {
  return `hub_session=${citizen.cookie("hub_session")}`;
}
