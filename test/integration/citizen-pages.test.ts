import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { testApp } from "../support/app.ts";
import { Browser, errorSummary, fragmentParts } from "../support/http.ts";
import { registrationForm, seedRegistry } from "../support/registry.ts";

// What the citizen's identity pages look like to a browser and to a screen reader:
// both doors (htmx fragment, whole page), labels, described errors, the code field.

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  await database.db.execute(sql`truncate citizens, otp_challenges, sessions, rate_limits cascade`);
});

async function startRegistration() {
  const h = testApp(database);
  const browser = new Browser(h.app);
  const start = await browser.post("/register", registrationForm());
  const verifyUrl = start.headers.get("location")!;
  const challengeId = new URL(verifyUrl, "http://localhost").searchParams.get("c")!;
  const code = /(\d{5})/.exec(h.sms.sent.at(-1)!.text)![1]!;
  return { ...h, browser, verifyUrl, challengeId, code };
}

describe("the registration form", () => {
  it("asks for the fields of the civil registry with labelled controls, in Arabic and right to left by default", async () => {
    const html = await (await new Browser(testApp(database).app).get("/register")).text();
    expect(html).toContain('<html lang="ar" dir="rtl">');
    for (const name of [
      "nationalId",
      "firstName",
      "fatherName",
      "grandfatherName",
      "familyName",
      "dateOfBirth",
      "mobile",
      "email",
      "city",
      "address",
      "password",
      "passwordConfirm",
      "acceptPolicy",
    ]) {
      expect(html).toContain(`<label for="f-${name}"`);
      expect(html).toContain(`id="f-${name}"`);
    }
    expect(html).toMatch(/<select id="f-nationality" name="nationality"/);
    expect(html).toMatch(/<select id="f-country" name="country"/);
    expect(html).toContain('<option value="OM">عُمان</option>');
    expect(html).toContain('type="date"');
    expect(html).toContain('href="/privacy"');
    expect(html).toMatch(
      /<form novalidate="" id="register-form"[^>]*method="post" action="\/register" hx-post="\/register" hx-target="#register-form" hx-swap="outerHTML"/,
    );
  });

  it("comes back as a fragment through htmx with each error described on its field, and as a whole page without it", async () => {
    const b = new Browser(testApp(database).app);
    const form = registrationForm({ email: "not-an-email", acceptPolicy: "", nationality: "JO" });
    const { title, body: fragment } = fragmentParts(await (await b.post("/register", form, { htmx: true })).text());
    // htmx moves the <title> into document.title: the page now says it failed.
    expect(title).toBe("خطأ: إنشاء حساب | منصة الشكاوى الحكومية الموحدة");
    expect(fragment.startsWith("<form")).toBe(true);
    expect(fragment).toMatch(/aria-invalid="true" aria-describedby="f-email-error"/);
    expect(fragment).toContain('<span class="error" id="f-email-error">أدخل بريدًا إلكترونيًا صحيحًا.</span>');
    expect(fragment).toContain('<span class="error" id="f-acceptPolicy-error">يجب الموافقة على سياسة الاستخدام والخصوصية.');
    // One announcement: the summary, linking each entry to its control.
    expect(fragment.match(/role="alert"/g)).toHaveLength(1);
    expect(errorSummary(fragment)).toEqual([
      "البريد الإلكتروني (اختياري): أدخل بريدًا إلكترونيًا صحيحًا.",
      "يجب الموافقة على سياسة الاستخدام والخصوصية.",
    ]);
    expect(fragment).toContain('<a href="#f-email">');
    expect(fragment).toContain('<a href="#f-acceptPolicy">');
    expect(fragment).toContain('<option value="JO" selected="">');
    const page = await b.post("/register", form);
    expect(page.status).toBe(422);
    expect(await page.text()).toMatch(/^<!DOCTYPE html><html lang="ar"/);
  });

  it("submitted empty, lists every missing field once in a summary, with one alert and no generic 'not valid'", async () => {
    const b = new Browser(testApp(database).app);
    // What a browser sends for an untouched form: every field, empty (the checkbox absent).
    const empty = Object.fromEntries(
      Object.keys(registrationForm())
        .filter((k) => k !== "acceptPolicy")
        .map((k) => [k, ""]),
    );
    for (const sent of [empty, {}]) {
      const res = await b.post("/register", sent);
      expect(res.status).toBe(422);
      const html = await res.text();
      expect(html.match(/role="alert"/g)).toHaveLength(1);
      expect(html).not.toContain("القيمة غير صحيحة");
      const items = errorSummary(html)!;
      expect(items.length).toBeGreaterThanOrEqual(12);
      expect(items).toContain("الاسم الأول: هذا الحقل مطلوب.");
      expect(html).toContain("<title>خطأ: إنشاء حساب | ");
      for (const id of ["f-nationalId", "f-firstName", "f-mobile", "f-password", "f-acceptPolicy"]) {
        expect(html).toContain(`<a href="#${id}">`);
        expect(html).toContain(`id="${id}"`);
      }
    }
  });

  it("is in English, left to right, after switching language", async () => {
    const b = new Browser(testApp(database).app);
    await b.get("/lang/en");
    const html = await (await b.get("/register")).text();
    expect(html).toContain('<html lang="en" dir="ltr">');
    expect(html).toContain("Write your four-part name as it appears in the civil registry.");
    expect(html).toContain('<option value="OM">Oman</option>');
  });

  it("a signed-in citizen is sent to the account instead", async () => {
    const r = await startRegistration();
    await r.browser.post("/register/verify", { challengeId: r.challengeId, code: r.code });
    const res = await r.browser.get("/register");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/account");
  });
});

describe("the code step", () => {
  it("offers a numeric one-time-code field and a resend button, naming the masked mobile", async () => {
    const r = await startRegistration();
    const html = await (await r.browser.get(r.verifyUrl)).text();
    // The mobile sits in a left-to-right isolate inside the Arabic sentence.
    expect(html).toContain("أرسلنا رمزًا من خمسة أرقام إلى \u200E+966••••••567\u200E.");
    expect(html).toMatch(/<input id="f-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" maxlength="5"/);
    expect(html).toContain('action="/register/resend"');
    expect(html).not.toContain(r.code);
  });

  it("through htmx a wrong code or a resend replaces the whole step once, never nesting it", async () => {
    const r = await startRegistration();
    const wrong = r.code === "00000" ? "11111" : "00000";
    for (const res of [
      await r.browser.post("/register/verify", { challengeId: r.challengeId, code: wrong }, { htmx: true }),
      await r.browser.post("/register/resend", { challengeId: r.challengeId }, { htmx: true }),
    ]) {
      const html = fragmentParts(await res.text()).body;
      expect(html.startsWith('<section id="register-verify-step"')).toBe(true);
      expect(html.match(/id="register-verify-step"/g)).toHaveLength(1);
      expect(html.match(/id="register-verify-resend"/g)).toHaveLength(1);
      expect(html).toMatch(/hx-target="#register-verify-step"/);
    }
  });

  it("a wrong code is described on the code field", async () => {
    const r = await startRegistration();
    const wrong = r.code === "00000" ? "11111" : "00000";
    const html = await (await r.browser.post("/register/verify", { challengeId: r.challengeId, code: wrong })).text();
    expect(html).toContain('aria-describedby="f-code-hint f-code-error"');
    expect(html).toContain('<span class="error" id="f-code-error">الرمز غير صحيح. عدد المحاولات المتبقية: 4.</span>');
    expect(html).toContain("<title>خطأ: تأكيد رقم الجوال | ");
    expect(errorSummary(html)).toEqual(["الرمز غير صحيح. عدد المحاولات المتبقية: 4."]);
    expect(html).toContain('<a href="#f-code">');
  });

  it("without a challenge the step sends the citizen back to the start", async () => {
    const res = await new Browser(testApp(database).app).get("/register/verify");
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/register");
  });

  it("an unknown challenge names no mobile and says to start again", async () => {
    const b = new Browser(testApp(database).app);
    expect(await (await b.get("/register/verify?c=nosuchchallenge")).text()).toContain("إذا تطابقت البيانات");
    const res = await b.post("/register/verify", { challengeId: "nosuchchallenge", code: "12345" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("هذا الطلب غير موجود أو انتهى. ابدأ من جديد.");
  });
});

describe("the privacy policy", () => {
  it("says in both languages that data is collected for the stated purposes only", async () => {
    const b = new Browser(testApp(database).app);
    const ar = await (await b.get("/privacy")).text();
    expect(ar).toContain("سياسة الاستخدام والخصوصية");
    expect(ar).toContain("لا نستخدم بياناتك إلا للأغراض المذكورة أعلاه");
    await b.get("/lang/en");
    const en = await (await b.get("/privacy")).text();
    expect(en).toContain("Usage and privacy policy");
    expect(en).toContain("We use your data only for the purposes above");
  });
});

describe("the account page", () => {
  it("sends a signed-out visitor to sign in and back", async () => {
    for (const path of ["/account", "/account/mobile/verify?c=x"]) {
      const res = await new Browser(testApp(database).app).get(path);
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe(`/signin?next=${encodeURIComponent(path.split("?")[0]!)}`);
    }
  });

  it("without JavaScript a refused mobile change shows the whole account page with the error", async () => {
    const r = await startRegistration();
    await r.browser.post("/register/verify", { challengeId: r.challengeId, code: r.code });
    const res = await r.browser.post("/account/mobile", { mobile: "12" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain('data-testid="citizen-name"');
    // The masked mobile is its own left-to-right piece, so "+966" stays in front in Arabic.
    expect(html).toContain('<dd class="code" dir="ltr">+966••••••567</dd>');
    expect(html).toContain('<span class="error" id="f-mobile-error">');
    expect(html).toMatch(/<div class="error-summary" id="mobile-errors" role="alert" tabindex="-1" autofocus=""/);
    expect(html).toContain("<title>خطأ: حسابي | ");
    expect(html).toContain('value="12"');
  });

  it("a second mobile change within a minute says when to retry", async () => {
    const r = await startRegistration();
    await r.browser.post("/register/verify", { challengeId: r.challengeId, code: r.code });
    await r.browser.get("/lang/en");
    // The clock stands at 12:00 Riyadh time: one code a minute per number.
    expect((await r.browser.post("/account/mobile", { mobile: "0567654321" })).status).toBe(303);
    const again = await r.browser.post("/account/mobile", { mobile: "0567654321" }, { htmx: true });
    expect(again.status).toBe(429);
    expect(await again.text()).toContain("Too many attempts. Try again after 12:01.");
  });
});
