import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { complaintEvents, complaints, otpChallenges } from "../../schema/index.ts";
import type { SettableClock } from "../../server/clock.ts";
import type { StaffActor } from "../../server/auth/roles.ts";
import { hashPassword } from "../../server/auth/password.ts";
import { registerOnBehalf } from "../../server/complaints/register-on-behalf.ts";
import { act } from "../../server/complaints/transition.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { demoHub } from "../support/demo-hub.ts";
import { Browser } from "../support/http.ts";
import { mobileApp } from "../support/mobile.ts";
import { registerCitizen } from "../support/citizen.ts";
import { AISHA, insertCitizen } from "../support/registry.ts";
import { demoStaff } from "../support/sessions.ts";

// Issue 11, item 6: following a complaint without an account (/track), and the
// call centre's complaints joining the account their person creates later.

let database: TestDatabase;
let h: Awaited<ReturnType<typeof demoHub>>;
let triage: StaffActor;
let liaison: StaffActor;
const clock = () => h.deps.clock as SettableClock;

// A registry identity of the demo registry with no account here.
const NOURA = { nationalId: "1023456782", dateOfBirth: "1992-09-03", mobile: "0509998877", e164: "+966509998877" };

beforeAll(async () => {
  database = await createTestDatabase();
  h = await demoHub(database);
  triage = await demoStaff(database.db, "triage");
  liaison = await demoStaff(database.db, "liaison.elec");
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  // Every test asks from the same (unknown) address; its counts must not carry over.
  await database.db.execute(sql`truncate rate_limits`);
  clock().advance(2 * 60_000); // past the one-code-a-minute throttle of the last test
  h.sms.sent.length = 0;
});

let n = 0;
async function onBehalf(who: { nationalId: string; dateOfBirth: string; mobile?: string }, extra: Record<string, string> = {}) {
  const r = await registerOnBehalf(h.deps, triage, {
    channel: "call_centre",
    kind: "complaint",
    nationalId: who.nationalId,
    dateOfBirth: who.dateOfBirth,
    ...(who.mobile ? { contactMobile: who.mobile } : {}),
    contactName: "نورة فهد",
    text: `الكهرباء مقطوعة عن الحي من الصباح والأطفال في الحر ${++n}`,
    city: "riyadh",
    agencyCode: "ELEC",
    serviceCode: "POWER_OUTAGE",
    ...extra,
  });
  if (!r.ok) throw new Error(`registration failed: ${JSON.stringify(r)}`);
  return r.reference;
}

const challengeOf = (res: Response) => new URL(res.headers.get("location")!, "http://localhost").searchParams.get("c")!;
const lastCode = () => /(\d{5})/.exec(h.sms.sent.at(-1)!.text)![1]!;

async function track(reference: string, mobile: string, b = new Browser(h.app)) {
  const res = await b.post("/track", { reference, mobile });
  return { b, res };
}

describe("following a complaint without an account", () => {
  it("reference + the mobile it was filed with → an SMS code to that number → a read-only view: status, public timeline, answer, nothing private", async () => {
    const reference = await onBehalf(NOURA);
    const form = await new Browser(h.app).get("/track");
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('action="/track"');

    // Typed as people type: lower case, Arabic-Indic digits in the number.
    const { b, res } = await track(reference.toLowerCase(), "٠٥٠٩٩٩٨٨٧٧");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toMatch(/^\/track\/verify\?c=/);
    expect(h.sms.sent.map((m) => m.to)).toEqual([NOURA.e164]);
    const step = await (await b.get(res.headers.get("location")!)).text();
    expect(step).toContain('id="track-verify"');
    expect(step).not.toContain("966"); // the page never names the number

    // An internal note and a staff-only reassignment stay inside the agency.
    await act(h.deps, { kind: "staff", staff: liaison }, reference, null, { action: "accept", days: 3, reason: undefined });
    await act(h.deps, { kind: "staff", staff: liaison }, reference, null, { action: "note", text: "ملاحظة داخلية سرية" });
    await act(h.deps, { kind: "staff", staff: liaison }, reference, null, {
      action: "close",
      outcome: "resolved",
      resolution: "أُعيد التيار بعد إصلاح المحول",
    });

    const done = await b.post("/track/verify", { challengeId: challengeOf(res), code: lastCode() });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/track/view");
    expect(b.cookie("hub_track")).toBeTruthy();
    expect(b.cookie("hub_session")).toBeUndefined(); // no citizen sign-in

    const view = await b.get("/track/view");
    expect(view.status).toBe(200);
    const html = await view.text();
    expect(html).toContain(reference);
    expect(html).toContain('data-testid="status">مغلق<');
    expect(html).toContain("أُعيد التيار بعد إصلاح المحول"); // the answer
    expect(html).toContain('data-event="submitted"');
    expect(html).toContain('data-event="accepted"');
    for (const secret of [
      "ملاحظة داخلية سرية",
      'data-event="note"',
      NOURA.nationalId,
      "نورة",
      "الكهرباء مقطوعة",
      "0509998877",
      "509998877",
    ])
      expect(html).not.toContain(secret);

    // English too, and with htmx the code step answers with the fragment and HX-Redirect.
    expect(await (await b.get("/track/view", { cookie: `hub_track=${b.cookie("hub_track")}; lang=en` })).text()).toContain(
      "The agency&#39;s answer",
    );

    // The tracking session opens this one complaint and nothing else.
    expect((await b.get(`/complaints/${reference}`)).status).toBe(303);
    expect((await b.get("/complaints")).status).toBe(303);
    await b.post("/track/end", {});
    expect((await b.get("/track/view")).headers.get("location")).toBe("/track?expired=1");
  });

  it("works with htmx: the form and the code step swap in place and redirect with HX-Redirect", async () => {
    const reference = await onBehalf(NOURA);
    const b = new Browser(h.app);
    const bad = await b.post("/track", { reference: "nonsense", mobile: "12" }, { htmx: true });
    expect(bad.status).toBe(422);
    const fragment = await bad.text();
    expect(fragment).not.toContain("<html");
    expect(fragment).toContain("f-reference-error");
    expect(fragment).toContain("f-mobile-error");
    const res = await b.post("/track", { reference, mobile: NOURA.mobile }, { htmx: true });
    expect(res.headers.get("hx-redirect")).toMatch(/^\/track\/verify\?c=/);
    const challengeId = new URL(res.headers.get("hx-redirect")!, "http://localhost").searchParams.get("c")!;
    const wrong = await b.post("/track/verify", { challengeId, code: "00000" === lastCode() ? "11111" : "00000" }, { htmx: true });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("الرمز غير صحيح");
    const ok = await b.post("/track/verify", { challengeId, code: lastCode() }, { htmx: true });
    expect(ok.headers.get("hx-redirect")).toBe("/track/view");
    expect((await b.get("/track/view")).status).toBe(200);
  });

  it("an unknown reference and a wrong number get the same answer, and no code goes anywhere", async () => {
    const reference = await onBehalf(NOURA);
    const unknown = await track("CMP-2026-ZZZZZZ", "0501111111");
    const wrongNumber = await track(reference, "0502222222");
    const pages = [];
    for (const { b, res } of [unknown, wrongNumber]) {
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toMatch(/^\/track\/verify\?c=/);
      const page = await b.get(res.headers.get("location")!);
      pages.push({ status: page.status, html: (await page.text()).replaceAll(challengeOf(res), "C") });
    }
    expect(pages[0]).toEqual(pages[1]);
    expect(h.sms.sent).toEqual([]);
    // And the code step refuses them alike (no code can be right: none was sent).
    const refusals = [];
    for (const { b, res } of [unknown, wrongNumber]) {
      const r = await b.post("/track/verify", { challengeId: challengeOf(res), code: "12345" });
      refusals.push({ status: r.status, html: (await r.text()).replaceAll(challengeOf(res), "C") });
    }
    expect(refusals[0]).toEqual(refusals[1]);
    expect(refusals[0]!.status).toBe(422);
    // A resend on a non-match sends nothing either.
    clock().advance(61_000);
    const resent = await unknown.b.post("/track/resend", { challengeId: challengeOf(unknown.res) });
    expect(resent.status).toBe(200);
    expect(h.sms.sent).toEqual([]);
  });

  it("is rate-limited per reference, whether the reference exists or not, with the same refusal", async () => {
    const reference = await onBehalf(NOURA);
    const statuses = async (ref: string, prefix = "05033300") => {
      const out = [];
      // Different numbers each time: the guesses an attacker would make.
      for (let i = 0; i < 6; i++) out.push((await track(ref, `${prefix}${String(i).padStart(2, "0")}`)).res);
      return out;
    };
    const known = await statuses(reference);
    const unknown = await statuses("CMP-2026-YYYYYY", "05055500");
    expect(known.map((r) => r.status)).toEqual([303, 303, 303, 303, 303, 429]);
    expect(unknown.map((r) => r.status)).toEqual([303, 303, 303, 303, 303, 429]);
    const [a, b] = [await known[5]!.text(), await unknown[5]!.text()];
    expect(a).toContain("محاولات كثيرة");
    // The same page but for the typed values it shows again.
    const typed = (html: string) => html.replace(/ value="[^"]*"/g, "");
    expect(typed(a)).toBe(typed(b));
    // Even the right number is refused now: the limit holds for the real owner too.
    expect((await track(reference, NOURA.mobile)).res.status).toBe(429);
  });

  it("is rate-limited per address across references", async () => {
    const statuses = [];
    for (let i = 0; i < 21; i++)
      statuses.push((await track(`CMP-2026-${"ABCDEFGHJKMNPQRSTVWXYZ"[i]}AAAAA`, `05044400${String(i).padStart(2, "0")}`)).res.status);
    expect(statuses.slice(0, 20).every((s) => s === 303)).toBe(true);
    expect(statuses[20]).toBe(429);
  });

  it("a wrong code counts down and locks; an expired code is refused; the session ends after an hour at most", async () => {
    const reference = await onBehalf(NOURA);
    const first = await track(reference, NOURA.mobile);
    const code = lastCode();
    const other = code === "00000" ? "11111" : "00000";
    const wrong = await first.b.post("/track/verify", { challengeId: challengeOf(first.res), code: other });
    expect(wrong.status).toBe(422);
    expect(await wrong.text()).toContain("عدد المحاولات المتبقية: 4");
    for (let i = 0; i < 4; i++) await first.b.post("/track/verify", { challengeId: challengeOf(first.res), code: other });
    const locked = await first.b.post("/track/verify", { challengeId: challengeOf(first.res), code });
    expect(await locked.text()).toContain("أُوقف هذا الرمز");
    expect(first.b.cookie("hub_track")).toBeUndefined();

    clock().advance(2 * 60_000);
    const second = await track(reference, NOURA.mobile);
    clock().advance(5 * 60_000 + 1000);
    const expired = await second.b.post("/track/verify", { challengeId: challengeOf(second.res), code: lastCode() });
    expect(expired.status).toBe(422);
    expect(await expired.text()).toContain("انتهت صلاحية الرمز");

    const third = await track(reference, NOURA.mobile);
    expect((await third.b.post("/track/verify", { challengeId: challengeOf(third.res), code: lastCode() })).status).toBe(303);
    // A used code opens nothing twice.
    expect((await new Browser(h.app).post("/track/verify", { challengeId: challengeOf(third.res), code: lastCode() })).status).toBe(422);
    for (let i = 0; i < 4; i++) {
      clock().advance(14 * 60_000);
      expect((await third.b.get("/track/view")).status).toBe(200);
    }
    clock().advance(5 * 60_000); // 61 minutes after the code: past the absolute limit
    expect((await third.b.get("/track/view")).headers.get("location")).toBe("/track?expired=1");
  });

  it("the code step of another purpose cannot open a complaint", async () => {
    // A challenge made for something else, verified on the tracking page, reads as a wrong code.
    const reference = await onBehalf(NOURA);
    const t = await track(reference, NOURA.mobile);
    const challengeId = challengeOf(t.res);
    await database.db.update(otpChallenges).set({ purpose: "register" }).where(eq(otpChallenges.id, challengeId));
    const r = await t.b.post("/track/verify", { challengeId, code: lastCode() });
    expect(r.status).toBe(422);
    expect(t.b.cookie("hub_track")).toBeUndefined();
  });

  it("the receipt SMS of a call-centre complaint says where to follow it", async () => {
    const reference = await onBehalf(NOURA);
    const { dispatchOutbox } = await import("../../server/notify/dispatch.ts");
    await dispatchOutbox(
      { db: database.db, sms: h.sms, mailer: { send: async () => {} }, publicUrl: "https://shakawa.gov.example" },
      h.deps.clock.now(),
    );
    const receipt = h.sms.sent.find((m) => m.text.includes(reference))!;
    expect(receipt.to).toBe(NOURA.e164);
    expect(receipt.text).toContain("shakawa.gov.example/track");
  });
});

describe("staff-registered complaints join the account of their person", () => {
  it("registering links them: complaints.mine and complaints.get, the web list, and the welcome page says so", async () => {
    const aisha = { nationalId: AISHA.nationalId, dateOfBirth: AISHA.dateOfBirth, mobile: "0551234567" };
    const reference = await onBehalf(aisha);
    const noura = await onBehalf(NOURA);
    // A media item naming Aisha's number, but not verified against the registry.
    const media = await registerOnBehalf(h.deps, triage, {
      channel: "media",
      kind: "report",
      text: "صحيفة نشرت صور طفح المجاري في شارع عام بجدة",
      city: "jeddah",
      mediaOutlet: "صحيفة المدينة",
      mediaPublishedOn: "2026-11-20",
      mediaLink: "https://news.example/sewage",
      nationalId: AISHA.nationalId,
      dateOfBirth: "1990-01-01",
    });
    if (!media.ok || media.identityVerified) throw new Error("expected an unverified media item");

    const { browser, citizenId, cookie } = await registerCitizen(h);
    const api = mobileApp(h.app, cookie);
    expect((await api.query("complaints.mine")).body.result.data.map((c: { reference: string }) => c.reference)).toEqual([reference]);
    const one = await api.query("complaints.get", { reference });
    expect(one.status).toBe(200);
    expect((await api.query("complaints.get", { reference: noura })).status).toBe(404);
    expect((await api.query("complaints.get", { reference: media.reference })).status).toBe(404);
    expect((await browser.get("/complaints")).status).toBe(200);
    expect(await (await browser.get("/complaints")).text()).toContain(reference);
    const welcome = await (await browser.get("/account?welcome=1")).text();
    expect(welcome).toContain('data-testid="next-steps"');
    expect(welcome).toContain('href="/complaints/new"');
    expect(welcome).toContain("وجدنا طلبًا سُجّل برقمك الوطني");

    const [linked] = await database.db.select().from(complaints).where(eq(complaints.reference, reference));
    expect(linked!.citizenId).toBe(citizenId);
    const audit = await database.db.select().from(complaintEvents).where(eq(complaintEvents.complaintId, linked!.id));
    expect(audit.find((e) => e.type === "linked_to_account")).toMatchObject({ visibleToCitizen: false, actorKind: "system" });
    const [other] = await database.db.select().from(complaints).where(eq(complaints.reference, noura));
    expect(other!.citizenId).toBeNull();

    // Theirs now: closed by the agency, the person reopens it from the web page.
    await act(h.deps, { kind: "staff", staff: liaison }, reference, null, { action: "accept", days: 3, reason: undefined });
    await act(h.deps, { kind: "staff", staff: liaison }, reference, null, {
      action: "close",
      outcome: "resolved",
      resolution: "أُعيد التيار بعد إصلاح المحول",
    });
    const page = await (await browser.get(`/complaints/${reference}`)).text();
    expect(page).toContain(`action="/complaints/${reference}/reopen"`);
    const [now] = await database.db.select({ version: complaints.version }).from(complaints).where(eq(complaints.reference, reference));
    const reopened = await browser.post(`/complaints/${reference}/reopen`, {
      version: String(now!.version),
      reason: "انقطع التيار من جديد بعد ساعة",
    });
    expect(reopened.status).toBe(303);
    const [after] = await database.db.select({ status: complaints.status }).from(complaints).where(eq(complaints.reference, reference));
    expect(after!.status).toBe("in_progress");
  });

  it("signing in links what was registered while the account already existed without it (accounts from before the link)", async () => {
    // Sara, of the demo registry.
    const person = { nationalId: "1045678904", dateOfBirth: "1996-06-18" };
    const reference = await onBehalf({ ...person, mobile: "0501234567" });
    const other = await onBehalf(NOURA);
    // The account appears without going through registration (as accounts made before this change did).
    const citizenId = await insertCitizen(database.db, {
      nationalId: person.nationalId,
      passwordHash: await hashPassword("sara's long phrase"),
    });
    const [before] = await database.db
      .select({ citizenId: complaints.citizenId })
      .from(complaints)
      .where(eq(complaints.reference, reference));
    expect(before!.citizenId).toBeNull();

    const b = new Browser(h.app);
    expect((await b.post("/signin", { nationalId: person.nationalId, password: "sara's long phrase" })).status).toBe(303);
    expect(await (await b.get("/complaints")).text()).toContain(reference);
    const [after] = await database.db
      .select({ citizenId: complaints.citizenId })
      .from(complaints)
      .where(eq(complaints.reference, reference));
    expect(after!.citizenId).toBe(citizenId);
    const [untouched] = await database.db
      .select({ citizenId: complaints.citizenId })
      .from(complaints)
      .where(eq(complaints.reference, other));
    expect(untouched!.citizenId).toBeNull();

    // Over tRPC the same.
    const later = await onBehalf({ ...person, mobile: "0501234567" });
    expect(
      (await database.db.select({ citizenId: complaints.citizenId }).from(complaints).where(eq(complaints.reference, later)))[0]!.citizenId,
    ).toBe(citizenId); // an existing account is linked at once
    const api = mobileApp(h.app);
    expect((await api.mutate("identity.login", { nationalId: person.nationalId, password: "sara's long phrase" })).status).toBe(200);
    expect((await api.query("complaints.mine")).body.result.data.map((c: { reference: string }) => c.reference).sort()).toEqual(
      [reference, later].sort(),
    );
  });

  it("a wrong password links nothing", async () => {
    // Faisal, of the demo registry.
    const person = { nationalId: "1056789015", dateOfBirth: "1989-11-30" };
    const reference = await onBehalf(person);
    await insertCitizen(database.db, {
      nationalId: person.nationalId,
      mobile: "+966501234599",
      passwordHash: await hashPassword("khalid long phrase"),
    });
    expect((await new Browser(h.app).post("/signin", { nationalId: person.nationalId, password: "not the password" })).status).toBe(401);
    const [row] = await database.db.select({ citizenId: complaints.citizenId }).from(complaints).where(eq(complaints.reference, reference));
    expect(row!.citizenId).toBeNull();
  });
});
