import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { adminAudit, agencies, cities, services, staffUsers } from "../../schema/index.ts";
import { SettableClock } from "../../server/clock.ts";
import { LiveCalendars, configVersion } from "../../server/calendar/holiday-store.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import { DEFAULT_REOPEN_WINDOW } from "../../server/complaints/lifecycle.ts";
import { directoryFromDb } from "../../server/directory/admin-store.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import { secretBox } from "../../server/auth/secret-box.ts";
import { buildIndex } from "../../server/routing/suggest.ts";
import type { StaffActor } from "../../server/auth/roles.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { insertCitizen } from "../support/registry.ts";
import { testApp } from "../support/app.ts";
import { Browser } from "../support/http.ts";
import { demoStaff, signInStaff } from "../support/sessions.ts";

// Issue 17 §4: the agency and its services edited field by field, checked by the same
// schema as agencies/*.json, each change audited with the agency before and after and
// shown in the change log as the fields it changed.

const hubSettings = { timeZone: "Asia/Riyadh", weekend: [5, 6] as (5 | 6)[], holidayCountry: "SA", workingHours: { start: 450, end: 870 } };
let database: TestDatabase;
let directory: Awaited<ReturnType<typeof loadDirectory>>;
let officer: StaffActor;
let citizenId: string;
const clock = new SettableClock("2026-11-19T12:00:00+03:00");
let app: ReturnType<typeof testApp>["app"];
let deps: Parameters<typeof submitComplaint>[0] & Parameters<typeof act>[0];

beforeAll(async () => {
  database = await createTestDatabase();
  directory = await loadDirectory("agencies");
  await syncDirectory(database.db, directory);
  await seedDemo(database.db, secretBox("test-secret-for-sealing-totp-keys-000"));
  officer = await demoStaff(database.db, "liaison.momah");
  citizenId = await insertCitizen(database.db, { nationalId: "1017272727", mobile: "+966501727272" });
  const calendars = await LiveCalendars.open(database.db, hubSettings, () => clock.now());
  app = testApp(database, {
    clock,
    calendars,
    get calendar() {
      return calendars.hub;
    },
  } as never).app;
  deps = {
    db: database.db,
    clock,
    get calendar() {
      return calendars.hub;
    },
    calendars,
    reopenWindow: DEFAULT_REOPEN_WINDOW,
    publicUrl: "https://hub.example",
    routing: buildIndex([]),
    routingThreshold: 0.15,
  } as never;
});
afterAll(async () => {
  await database?.close();
});
let testsRun = 0;
beforeEach(async () => {
  // Each test starts from the files again, whatever another test edited: the change log
  // goes first, or the sync would leave the agencies it names to the portal.
  await database.db.execute(sql`truncate complaints, complaint_events, outbox, sla_events, calendar_changes, admin_audit cascade`);
  await syncDirectory(database.db, directory);
  await database.db.execute(sql`truncate calendar_changes`);
  // A minute later for each test: each signs the demo admin in again (one TOTP step each).
  clock.set(new Date(Date.parse("2026-11-19T12:00:00+03:00") + testsRun++ * 60_000).toISOString());
});

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
const attr = (tag: string, name: string) => {
  const m = new RegExp(`\\s${name}="([^"]*)"`).exec(tag);
  return m ? decode(m[1]!) : undefined;
};

/** What a browser would post from the page's field-by-field form, as it is drawn. */
function formOf(html: string): Record<string, string> {
  const form = /<form[^>]*data-testid="agency-form"[^>]*>([\s\S]*?)<\/form>/.exec(html);
  expect(form, "the agency form").toBeTruthy();
  const body = form![1]!;
  const out: Record<string, string> = {};
  for (const [tag] of body.matchAll(/<input\b[^>]*>/g)) {
    const name = attr(tag, "name");
    if (!name) continue;
    const type = attr(tag, "type") ?? "text";
    if ((type === "checkbox" || type === "radio") && !/\schecked(="")?[\s>/]/.test(tag)) continue;
    out[name] = attr(tag, "value") ?? "";
  }
  for (const [, tag, text] of body.matchAll(/(<textarea\b[^>]*>)([\s\S]*?)<\/textarea>/g)) out[attr(tag!, "name")!] = decode(text!);
  return out;
}

/** The control and its own message, checked the way a screen reader meets them. */
function expectFieldError(html: string, field: string, message: string) {
  const id = `f-${field}`;
  const control = new RegExp(`<(?:input|textarea)\\b[^>]*\\sid="${id}"[^>]*>`).exec(html)?.[0];
  expect(control, id).toBeTruthy();
  expect(control).toContain('aria-invalid="true"');
  expect(attr(control!, "aria-describedby")?.split(" ")).toContain(`${id}-error`);
  expect(html).toContain(`<span class="error" id="${id}-error">${message}</span>`);
  expect(html).toContain(`href="#${id}"`); // the error summary leads to it
}

async function momahRow() {
  const [a] = await database.db.select().from(agencies).where(eq(agencies.code, "MOMAH"));
  const [s] = await database.db
    .select()
    .from(services)
    .where(and(eq(services.agencyCode, "MOMAH"), eq(services.code, "ROADS_POTHOLES")));
  return { a: a!, s: s! };
}

describe("the agency's field-by-field form", () => {
  it("shows every field the brief names, and refuses a bad edit with translated messages next to the fields, saving nothing", async () => {
    const admin = await signInStaff(app, clock, "admin");
    const page = await admin.get("/admin/directory/MOMAH");
    expect(page.status).toBe(200);
    const html = await page.text();
    const f = formOf(html);
    expect(f).toMatchObject({
      nameAr: "وزارة البلديات والإسكان",
      nameEn: "Ministry of Municipalities and Housing",
      coverage: "national",
      esc1TitleEn: "Head of Technical Support and Customer Care",
      esc3Email: "escalation3@momah.example.gov.sa",
      "s-ROADS_POTHOLES-nameAr": "الحفر وتلف الأسفلت",
      "s-ROADS_POTHOLES-sla-complaint": "3",
      "s-ROADS_POTHOLES-jurisdictionDays": "1",
      "s-ROADS_POTHOLES-esc1": "24",
      "s-ROADS_POTHOLES-prPattern": "",
    });
    expect(f["s-ROADS_POTHOLES-hintsAr"]!.split("\n")).toContain("حفرة");
    expect(html).toContain('href="/admin/calendars/MOMAH"');
    expect(html).toContain('data-testid="advanced-json"');

    const bad = {
      ...f,
      nameEn: " ",
      esc2Email: "not-an-email",
      "s-ROADS_POTHOLES-sla-complaint": "-1",
      "s-ROADS_POTHOLES-esc2": "abc",
      "s-ROADS_POTHOLES-prPattern": "([",
      coverage: "cities",
    };
    const ar = await admin.post("/admin/directory/MOMAH", bad);
    expect(ar.status).toBe(422);
    const arHtml = await ar.text();
    expect(arHtml).toContain("لم تُحفظ: صحّح الحقول المشار إليها.");
    expectFieldError(arHtml, "nameEn", "هذا الحقل مطلوب.");
    expectFieldError(arHtml, "esc2Email", "أدخل بريدًا إلكترونيًا صحيحًا مثل name@agency.gov.sa.");
    expectFieldError(arHtml, "s-ROADS_POTHOLES-sla-complaint", "أدخل عددًا صحيحًا من 0 إلى 365.");
    expectFieldError(arHtml, "s-ROADS_POTHOLES-esc2", "أدخل عدد ساعات أكبر من صفر ولا يزيد على 720.");
    expectFieldError(arHtml, "s-ROADS_POTHOLES-prPattern", "أدخل تعبيرًا نمطيًا صحيحًا.");
    expect(arHtml).toContain('<span class="error" id="f-coverage-error">اختر مدينة واحدة على الأقل، أو اختر التغطية الوطنية.</span>');
    // The summary says which service's field it is: every service has the same fields.
    expect(arHtml).toContain(
      '<a href="#f-s-ROADS_POTHOLES-sla-complaint">ROADS_POTHOLES — مدة المعالجة بأيام العمل لكل نوع: شكوى: أدخل عددًا صحيحًا من 0 إلى 365.</a>',
    );
    // What was typed stays in the form, and the service with the errors is open.
    expect(formOf(arHtml)).toMatchObject({ esc2Email: "not-an-email", "s-ROADS_POTHOLES-esc2": "abc" });
    expect(arHtml).toMatch(/<details open="" data-service="ROADS_POTHOLES">/);

    await admin.get("/lang/en");
    const en = await admin.post("/admin/directory/MOMAH", bad);
    expect(en.status).toBe(422);
    const enHtml = await en.text();
    expect(enHtml).toContain("Not saved: correct the fields marked below.");
    expectFieldError(enHtml, "nameEn", "This field is required.");
    expectFieldError(enHtml, "esc2Email", "Enter an email address such as name@agency.gov.sa.");
    expectFieldError(enHtml, "s-ROADS_POTHOLES-sla-complaint", "Enter a whole number from 0 to 365.");
    expectFieldError(enHtml, "s-ROADS_POTHOLES-esc2", "Enter a number of hours above zero and at most 720.");
    expectFieldError(enHtml, "s-ROADS_POTHOLES-prPattern", "Enter a valid regular expression.");

    const { a, s } = await momahRow();
    expect(a.nameEn).toBe("Ministry of Municipalities and Housing");
    expect(s.slaDays).toMatchObject({ complaint: 3 });
    expect(await database.db.select().from(adminAudit)).toHaveLength(0);
  });

  it("a valid edit changes the directory everywhere it is read, applies to the next acceptance, and is audited with before and after, shown as a diff", async () => {
    const admin = await signInStaff(app, clock, "admin");
    const f = formOf(await (await admin.get("/admin/directory/MOMAH")).text());
    const version = await configVersion(database.db, "directory");
    const res = await admin.post("/admin/directory/MOMAH", {
      ...f,
      nameEn: "Ministry of Municipal, Rural Affairs and Housing",
      esc1Email: "care.head@momah.example.gov.sa",
      "s-ROADS_POTHOLES-sla-complaint": "٥", // typed with Arabic-Indic digits
      "s-ROADS_POTHOLES-hintsAr": `${f["s-ROADS_POTHOLES-hintsAr"]}\nتشقق الطريق\n\n`,
      "s-STREET_LIGHTING-prRequired": "on",
      "s-STREET_LIGHTING-prPattern": "^SL-\\d{6}$",
      "s-STREET_LIGHTING-prLabelAr": "رقم البلاغ السابق",
      "s-STREET_LIGHTING-prLabelEn": "Earlier report number",
    });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("حُفظت الجهة وسرت على كل النسخ");

    // The directory: the tables the intake and the pages read, the router's source, and the version every instance watches.
    const { a, s } = await momahRow();
    expect(a).toMatchObject({ nameEn: "Ministry of Municipal, Rural Affairs and Housing" });
    expect((a.escalation as { email: string }[])[0]!.email).toBe("care.head@momah.example.gov.sa");
    expect(s.slaDays).toMatchObject({ complaint: 5 });
    expect((s.hints as { ar: string[] }).ar).toContain("تشقق الطريق");
    expect((s.hints as { ar: string[] }).ar).not.toContain("");
    const [lighting] = await database.db
      .select()
      .from(services)
      .where(and(eq(services.agencyCode, "MOMAH"), eq(services.code, "STREET_LIGHTING")));
    expect(lighting).toMatchObject({ priorRefRequired: true, priorRefPattern: "^SL-\\d{6}$" });
    expect(await configVersion(database.db, "directory")).toBe(version + 1);
    const rebuilt = (await directoryFromDb(database.db)).agencies.find((x) => x.code === "MOMAH")!;
    expect(rebuilt.services.find((x) => x.code === "ROADS_POTHOLES")!.hints.ar).toContain("تشقق الطريق");
    // The JSON export (agencies/MOMAH.json) carries the edit.
    const exported = JSON.parse(await (await admin.get("/admin/directory/MOMAH.json")).text());
    expect(exported.name.en).toBe("Ministry of Municipal, Rural Affairs and Housing");

    // The new period applies to the next acceptance: 5 days no longer needs a reason.
    const r = await submitComplaint(deps, citizenId, {
      kind: "complaint",
      text: "حفرة كبيرة في الشارع الرئيسي أمام المدرسة",
      city: "riyadh",
      agencyCode: "MOMAH",
      serviceCode: "ROADS_POTHOLES",
      notifyBy: "sms",
      clientKey: `form-${Math.random()}`,
    });
    if (!r.ok) throw new Error(JSON.stringify(r));
    expect(
      await act(deps, { kind: "staff", staff: officer }, r.reference, null, { action: "accept", days: 5, reason: undefined }),
    ).toMatchObject({
      ok: true,
    });

    // The audit: who, and the agency as its file before and after.
    const [adminUser] = await database.db.select().from(staffUsers).where(eq(staffUsers.email, "admin@demo.hub.example"));
    const audits = await database.db.select().from(adminAudit);
    expect(audits).toHaveLength(1);
    const row = audits[0]!;
    expect(row).toMatchObject({ entity: "agency", key: "MOMAH", actorId: adminUser!.id });
    type File = { name: { en: string }; services: { code: string; sla: { complaint: number } }[] };
    const sla = (x: unknown) => (x as File).services.find((v) => v.code === "ROADS_POTHOLES")!.sla.complaint;
    expect((row.before as File).name.en).toBe("Ministry of Municipalities and Housing");
    expect((row.after as File).name.en).toBe("Ministry of Municipal, Rural Affairs and Housing");
    expect([sla(row.before), sla(row.after)]).toEqual([3, 5]);

    // The change log shows only the changed fields, with old and new values, in both languages.
    const log = await (await admin.get("/admin/directory")).text();
    const diff = /<table class="list diff" data-testid="diff">[\s\S]*?<\/table>/.exec(log)?.[0] ?? "";
    const paths = [...diff.matchAll(/data-path="([^"]*)"/g)].map((m) => decode(m[1]!)).sort();
    expect(paths).toEqual(
      [
        "name.en",
        "escalation.1.email",
        "services.ROADS_POTHOLES.sla.complaint",
        "services.ROADS_POTHOLES.hints.ar",
        "services.STREET_LIGHTING.priorReference.required",
        "services.STREET_LIGHTING.priorReference.pattern",
        "services.STREET_LIGHTING.priorReference.label.ar",
        "services.STREET_LIGHTING.priorReference.label.en",
      ].sort(),
    );
    expect(diff).toContain("<th>قبل</th>");
    expect(diff).toMatch(
      /<tr data-path="services\.ROADS_POTHOLES\.sla\.complaint"><td>الخدمة › ROADS_POTHOLES › مدة المعالجة › شكوى<\/td><td dir="auto"><del>3<\/del><\/td><td dir="auto"><ins>5<\/ins><\/td><\/tr>/,
    );
    expect(diff).toContain("<del>Ministry of Municipalities and Housing</del>");
    expect(diff).toContain("<ins>Ministry of Municipal, Rural Affairs and Housing</ins>");
    expect(log).toContain('<div class="table-scroll" role="region" tabindex="0" aria-label="التغييرات">');
    await admin.get("/lang/en");
    const logEn = await (await admin.get("/admin/directory")).text();
    expect(logEn).toContain("<th>Before</th>");
    expect(logEn).toContain("<td>service › ROADS_POTHOLES › resolution period › complaint</td>");
    expect(logEn).toContain("<td>escalation › level 1 › email</td>");
  });

  it("the cities page: a valid list is saved and audited, a bad one is refused in the reader's language and changes nothing", async () => {
    const admin = await signInStaff(app, clock, "admin");
    const page = await admin.get("/admin/cities");
    expect(page.status).toBe(200);
    const json = decode(/<textarea[^>]*>([\s\S]*?)<\/textarea>/.exec(await page.text())![1]!);
    const list = JSON.parse(json) as { code: string; name: { ar: string; en: string } }[];
    expect(list.some((c) => c.code === "riyadh")).toBe(true);

    const broken = await admin.post("/admin/cities", { json: "[{" });
    expect(broken.status).toBe(422);
    expect(await broken.text()).toContain("لم تُحفظ: النص ليس JSON صالحًا.");
    await admin.get("/lang/en");
    const invalid = await admin.post("/admin/cities", { json: JSON.stringify([{ code: "x", name: { ar: "" } }]) });
    expect(invalid.status).toBe(422);
    expect(await invalid.text()).toContain("Not saved: the description does not match the directory schema.");
    expect(await database.db.select().from(adminAudit)).toHaveLength(0);

    const renamed = list.map((c) => (c.code === "riyadh" ? { ...c, name: { ...c.name, en: "Riyadh City" } } : c));
    const saved = await admin.post("/admin/cities", { json: JSON.stringify(renamed) });
    expect(saved.status).toBe(200);
    expect(await saved.text()).toContain("The cities were saved and apply on every instance.");
    const [riyadh] = await database.db.select().from(cities).where(eq(cities.code, "riyadh"));
    expect(riyadh!.nameEn).toBe("Riyadh City");
    const [log] = await database.db.select().from(adminAudit).where(eq(adminAudit.entity, "cities"));
    expect(log!.actorId).toBeTruthy();
    expect(JSON.stringify(log!.after)).toContain("Riyadh City");
    expect(JSON.stringify(log!.before)).not.toContain("Riyadh City");
    // A liaison officer gets 404 and saves nothing.
    const liaison = await signInStaff(app, clock, "liaison.momah");
    expect((await liaison.get("/admin/cities")).status).toBe(404);
    expect((await liaison.post("/admin/cities", { json: JSON.stringify(list) })).status).toBe(404);
    await admin.get("/lang/ar");
  });

  it("a non-admin gets 404 for the form and its save, and changes nothing", async () => {
    const liaison = await signInStaff(app, clock, "liaison.momah");
    expect((await liaison.get("/admin/directory/MOMAH")).status).toBe(404);
    expect((await liaison.post("/admin/directory/MOMAH", { nameAr: "x", nameEn: "y", coverage: "national" })).status).toBe(404);
    // Signed out, the admin portal sends the browser to sign in first.
    const anonymous = new Browser(app);
    const signedOut = await anonymous.get("/admin/directory/MOMAH");
    expect(signedOut.status).toBe(303);
    expect(signedOut.headers.get("location")).toMatch(/^\/staff\/signin/);
    expect((await anonymous.post("/admin/directory/MOMAH", { nameEn: "y", coverage: "national" })).status).not.toBe(200);
    expect((await momahRow()).a.nameEn).toBe("Ministry of Municipalities and Housing");
    expect(await database.db.select().from(adminAudit)).toHaveLength(0);
  });

  it("a save over another admin's newer save is refused with 409 in both languages, keeps what was typed, and goes through when sent again", async () => {
    const admin = await signInStaff(app, clock, "admin");
    const page = await (await admin.get("/admin/directory/MOMAH")).text();
    const stale = formOf(page);
    const staleJson = /<textarea[^>]*name="json"[^>]*>([\s\S]*?)<\/textarea>/.exec(page)![1]!;
    expect(stale.basis).toMatch(/^[0-9a-f]{24}$/);
    // Another admin (another tab) saves first.
    expect((await admin.post("/admin/directory/MOMAH", { ...stale, nameEn: "Ministry A" })).status).toBe(200);
    // This form was drawn before that save.
    const late = await admin.post("/admin/directory/MOMAH", { ...stale, nameEn: "Ministry B" });
    expect(late.status).toBe(409);
    const html = await late.text();
    expect(html).toContain("حفظ مسؤول آخر هذه الجهة بعد أن فتحتَ النموذج");
    expect(html).toContain('value="Ministry B"'); // what this admin typed is kept
    expect((await momahRow()).a.nameEn).toBe("Ministry A");
    // The advanced JSON editor is guarded the same way.
    const lateJson = await admin.post("/admin/directory/MOMAH", { basis: stale.basis!, json: decode(staleJson) });
    expect(lateJson.status, (await lateJson.clone().text()).slice(0, 3000)).toBe(409);
    expect((await momahRow()).a.nameEn).toBe("Ministry A");
    expect((await admin.get("/lang/en")).status).toBeLessThan(400);
    const en = await (await admin.post("/admin/directory/MOMAH", { ...stale, nameEn: "Ministry B" })).text();
    expect(en).toContain("Another administrator saved this agency after you opened the form");
    // Sent again from the refused page (drawn over the new basis), it is saved.
    const again = await admin.post("/admin/directory/MOMAH", formOf(en));
    expect(again.status).toBe(200);
    expect((await momahRow()).a.nameEn).toBe("Ministry B");
    // MOMAH's whole JSON is longer than any other field may be (10,000 characters): the
    // input gate lets the admin's document through, and the editor saves it.
    const fresh = await (await admin.get("/admin/directory/MOMAH")).text();
    const json = decode(/<textarea[^>]*name="json"[^>]*>([\s\S]*?)<\/textarea>/.exec(fresh)![1]!);
    expect(json.length).toBeGreaterThan(10_000);
    const saved = await admin.post("/admin/directory/MOMAH", {
      basis: formOf(fresh).basis!,
      json: json.replace("Ministry B", "Ministry C"),
    });
    expect(saved.status).toBe(200);
    expect((await momahRow()).a.nameEn).toBe("Ministry C");
  });
});
