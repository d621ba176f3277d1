import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { citizens, otpChallenges, sessions } from "../../schema/index.ts";
import type { SettableClock } from "../../server/clock.ts";
import { RegistryUnavailableError } from "../../server/identity/registry.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { testApp } from "../support/app.ts";
import { Browser, errorSummary, fragmentParts } from "../support/http.ts";
import { AISHA, registrationForm, seedRegistry } from "../support/registry.ts";

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
  await seedRegistry(database.db);
});
afterAll(async () => {
  await database.close();
});
beforeEach(async () => {
  // Each test starts with no accounts; the registry stays.
  await database.db.execute(sql`truncate citizens, otp_challenges, sessions, rate_limits cascade`);
});

const codeFrom = (text: string) => /(\d{5})/.exec(text)![1]!;

async function register(h = testApp(database), form = registrationForm()) {
  const browser = new Browser(h.app);
  const start = await browser.post("/register", form);
  expect(start.status).toBe(303);
  const verifyUrl = start.headers.get("location")!;
  const challengeId = new URL(verifyUrl, "http://localhost").searchParams.get("c")!;
  const code = codeFrom(h.sms.sent.at(-1)!.text);
  return { ...h, browser, challengeId, code, verifyUrl };
}

describe("registration", () => {
  it("a citizen whose identity matches the registry confirms the mobile and is signed in", async () => {
    const r = await register();
    expect(r.sms.sent.at(-1)!.to).toBe("+966551234567");
    const page = await r.browser.get(r.verifyUrl);
    expect(await page.text()).toContain("+966••••••567");
    const done = await r.browser.post("/register/verify", { challengeId: r.challengeId, code: r.code });
    expect(done.status).toBe(303);
    expect(done.headers.get("location")).toBe("/account?welcome=1");
    expect(r.browser.cookie("hub_session")).toBeTruthy();
    const account = await (await r.browser.get("/account?welcome=1")).text();
    expect(account).toContain("تم إنشاء حسابك وتأكيد رقم جوالك");
    expect(account).toContain("عائشة عبدالرحمن صالح القحطاني");
    expect(account).toContain("••••••6789");
    const [row] = await database.db.select().from(citizens);
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row!.nationalId).toBe(AISHA.nationalId);
  });

  it("spelling variants of the name still match (hamza, taa marbuta)", async () => {
    const r = await register(testApp(database), registrationForm({ firstName: "عائشه", grandfatherName: "صالح" }));
    expect((await r.browser.post("/register/verify", { challengeId: r.challengeId, code: r.code })).status).toBe(303);
  });

  it("a citizen whose name, birth date or number does not match gets one generic refusal and nothing is stored", async () => {
    const h = testApp(database);
    const b = new Browser(h.app);
    const bodies = [];
    const wrongs: Record<string, string>[] = [{ fatherName: "أحمد" }, { dateOfBirth: "1988-03-03" }, { nationalId: "1099999999" }];
    for (const wrong of wrongs) {
      const res = await b.post("/register", registrationForm(wrong));
      expect(res.status).toBe(422);
      const summary = errorSummary(await res.text());
      expect(summary).toHaveLength(1);
      bodies.push(summary![0]);
    }
    expect(new Set(bodies).size).toBe(1);
    expect(bodies[0]).toContain("تعذّر التحقق من هويتك");
    expect(await database.db.select().from(citizens)).toEqual([]);
    expect(await database.db.select().from(otpChallenges)).toEqual([]);
    expect(h.sms.sent).toEqual([]);
  });

  it("when the registry is down the citizen is told to try later and gets no account", async () => {
    const h = testApp(database, {
      registry: {
        lookup: async () => {
          throw new RegistryUnavailableError("timeout");
        },
      },
    });
    const res = await new Browser(h.app).post("/register", registrationForm(), { htmx: true });
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("خدمة السجل المدني غير متاحة الآن");
    expect(await database.db.select().from(otpChallenges)).toEqual([]);
    expect(await database.db.select().from(citizens)).toEqual([]);
    expect(h.sms.sent).toEqual([]);
  });

  it("when the SMS gateway fails the citizen is told to try later", async () => {
    const h = testApp(database);
    h.sms.fail = true;
    const res = await new Browser(h.app).post("/register", registrationForm());
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("تعذّر إرسال الرسالة النصية الآن");
    expect(await database.db.select().from(citizens)).toEqual([]);
  });

  it("invalid fields are shown next to each field in the user's language, with the values kept but never the password", async () => {
    const h = testApp(database);
    const b = new Browser(h.app);
    await b.get("/lang/en");
    const res = await b.post("/register", registrationForm({ mobile: "123", passwordConfirm: "different" }), { htmx: true });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).not.toContain("<html"); // htmx gets the fragment only
    expect(html).toContain("Enter a valid mobile number");
    expect(html).toContain("The two passwords do not match.");
    expect(html).toContain('value="القحطاني"');
    expect(html).not.toContain("a long secret phrase");
  });

  it("a finished registration through htmx is redirected with HX-Redirect", async () => {
    const h = testApp(database);
    const res = await new Browser(h.app).post("/register", registrationForm(), { htmx: true });
    expect(res.status).toBe(200);
    expect(res.headers.get("hx-redirect")).toMatch(/^\/register\/verify\?c=/);
  });

  it("a second registration for the same number is refused", async () => {
    const r = await register();
    await r.browser.post("/register/verify", { challengeId: r.challengeId, code: r.code });
    (r.deps.clock as SettableClock).advance(120_000);
    const again = await new Browser(r.app).post("/register", registrationForm({ mobile: "0559999999" }));
    expect(again.status).toBe(422);
    expect(await again.text()).toContain("يوجد حساب بهذا الرقم الوطني");
  });

  it("a wrong code says how many tries are left; the sixth try is refused even with the right code", async () => {
    const r = await register();
    const wrong = r.code === "00000" ? "11111" : "00000";
    const first = await r.browser.post("/register/verify", { challengeId: r.challengeId, code: wrong });
    expect(first.status).toBe(422);
    expect(await first.text()).toContain("عدد المحاولات المتبقية: 4");
    for (let i = 0; i < 4; i++) await r.browser.post("/register/verify", { challengeId: r.challengeId, code: wrong });
    const last = await r.browser.post("/register/verify", { challengeId: r.challengeId, code: r.code });
    expect(await last.text()).toContain("أُوقف هذا الرمز");
    expect(await database.db.select().from(citizens)).toEqual([]);
  });

  it("an expired code is refused, and a resend within a minute says when to retry", async () => {
    const r = await register();
    const early = await r.browser.post("/register/resend", { challengeId: r.challengeId });
    expect(early.status).toBe(429);
    expect(await early.text()).toMatch(/حاول مرة أخرى بعد/);
    (r.deps.clock as SettableClock).advance(5 * 60_000);
    const late = await r.browser.post("/register/verify", { challengeId: r.challengeId, code: r.code });
    expect(await late.text()).toContain("انتهت صلاحية الرمز");
    const resent = await r.browser.post("/register/resend", { challengeId: r.challengeId });
    expect(resent.status).toBe(200);
    const fresh = codeFrom(r.sms.sent.at(-1)!.text);
    expect((await r.browser.post("/register/verify", { challengeId: r.challengeId, code: fresh })).status).toBe(303);
  });

  it("a number gets at most five codes an hour, and the refusal names the hour in the hub's time zone", async () => {
    const r = await register();
    await r.browser.get("/lang/en");
    const clock = r.deps.clock as SettableClock;
    for (let i = 0; i < 4; i++) {
      clock.advance(61_000);
      expect((await r.browser.post("/register/resend", { challengeId: r.challengeId })).status).toBe(200);
    }
    expect(r.sms.sent).toHaveLength(5);
    clock.advance(61_000);
    const sixth = await r.browser.post("/register/resend", { challengeId: r.challengeId });
    expect(sixth.status).toBe(429);
    // The clock started at 12:00 Riyadh time; the hourly window ends at 13:00 there.
    expect(await sixth.text()).toContain("Too many attempts. Try again after 13:00.");
    expect(r.sms.sent).toHaveLength(5);
  });

  it("a code typed with Arabic-Indic digits is accepted", async () => {
    const r = await register();
    const arabic = r.code.replace(/\d/g, (d) => String.fromCharCode(0x0660 + Number(d)));
    const done = await r.browser.post("/register/verify", { challengeId: r.challengeId, code: arabic });
    expect(done.status).toBe(303);
    expect(await database.db.select().from(citizens)).toHaveLength(1);
  });
});

async function registered() {
  const r = await register();
  await r.browser.post("/register/verify", { challengeId: r.challengeId, code: r.code });
  return r;
}

describe("signing in and out", () => {
  it("signs in with national number and password, and out again (the session row is deleted)", async () => {
    const r = await registered();
    const b = new Browser(r.app);
    const res = await b.post("/signin?next=%2Faccount", { nationalId: AISHA.nationalId, password: "a long secret phrase" });
    expect(res.status).toBe(303);
    expect((await b.get("/account")).status).toBe(200);
    const before = (await database.db.select().from(sessions)).length;
    await b.post("/signout", {});
    expect((await database.db.select().from(sessions)).length).toBe(before - 1);
    const after = await b.get("/account");
    expect(after.status).toBe(303);
    expect(after.headers.get("location")).toBe("/signin?next=%2Faccount");
  });

  it("signing in never sends the citizen to another site", async () => {
    const r = await registered();
    const b = new Browser(r.app);
    const res = await b.post("/signin?next=%2F%2Fevil.example%2F", { nationalId: AISHA.nationalId, password: "a long secret phrase" });
    expect(res.headers.get("location")).toBe("/account");
  });

  it("a wrong password gets the same message as an unknown number", async () => {
    const r = await registered();
    const b = new Browser(r.app);
    const a = await (await b.post("/signin", { nationalId: AISHA.nationalId, password: "wrong password" })).text();
    const u = await (await b.post("/signin", { nationalId: "1000000001", password: "wrong password" })).text();
    const msg = (s: string) => errorSummary(s)![0];
    expect(msg(a)).toBe(msg(u));
  });

  it("the sixth attempt on one national number is locked out with the time to retry", async () => {
    const r = await registered();
    const b = new Browser(r.app);
    for (let i = 0; i < 5; i++) expect((await b.post("/signin", { nationalId: AISHA.nationalId, password: "nope nope" })).status).toBe(401);
    const locked = await b.post("/signin", { nationalId: AISHA.nationalId, password: "a long secret phrase" });
    expect(locked.status).toBe(429);
    expect(await locked.text()).toMatch(/محاولات كثيرة. حاول مرة أخرى بعد \S+/);
  });

  it("signing out everywhere ends the citizen's other sessions", async () => {
    const r = await registered();
    const other = new Browser(r.app);
    await other.post("/signin", { nationalId: AISHA.nationalId, password: "a long secret phrase" });
    expect((await other.get("/account")).status).toBe(200);
    const out = await r.browser.post("/signout/everywhere", {});
    expect(out.headers.get("location")).toBe("/signin?signedout=everywhere");
    expect(await (await r.browser.get("/signin?signedout=everywhere")).text()).toContain("أُنهيت جلساتك على جميع الأجهزة");
    expect((await other.get("/account")).status).toBe(303);
    expect(await database.db.select().from(sessions)).toEqual([]);
  });
});

describe("forgotten password", () => {
  it("a code to the registered mobile resets the password and ends every session", async () => {
    const r = await registered();
    const b = new Browser(r.app);
    (r.deps.clock as SettableClock).advance(120_000);
    const start = await b.post("/forgot", { nationalId: AISHA.nationalId, dateOfBirth: AISHA.dateOfBirth });
    expect(start.status).toBe(303);
    const challengeId = new URL(start.headers.get("location")!, "http://localhost").searchParams.get("c")!;
    const code = codeFrom(r.sms.sent.at(-1)!.text);
    const done = await b.post("/forgot/verify", {
      challengeId,
      code,
      password: "a brand new phrase",
      passwordConfirm: "a brand new phrase",
    });
    expect(done.headers.get("location")).toBe("/signin?reset=1");
    expect((await r.browser.get("/account")).status).toBe(303); // the old session is gone
    expect(await database.db.select().from(sessions)).toEqual([]);
    expect(await (await b.get("/signin?reset=1")).text()).toContain("تم تغيير كلمة المرور");
    expect((await b.post("/signin", { nationalId: AISHA.nationalId, password: "a long secret phrase" })).status).toBe(401);
    expect((await b.post("/signin", { nationalId: AISHA.nationalId, password: "a brand new phrase" })).status).toBe(303);
  });

  it("details that match no account look the same and send nothing", async () => {
    const r = await registered();
    (r.deps.clock as SettableClock).advance(120_000);
    const b = new Browser(r.app);
    const pages = [];
    for (const details of [
      { nationalId: AISHA.nationalId, dateOfBirth: AISHA.dateOfBirth },
      { nationalId: AISHA.nationalId, dateOfBirth: "1970-01-01" },
      { nationalId: "1000000002", dateOfBirth: "1970-01-01" },
    ]) {
      const res = await b.post("/forgot", details);
      expect(res.status).toBe(303);
      const location = res.headers.get("location")!;
      expect(location).toMatch(/^\/forgot\/verify\?c=/);
      const challengeId = new URL(location, "http://localhost").searchParams.get("c")!;
      const page = (await (await b.get(location)).text()).replaceAll(challengeId, "ID");
      // Opening the challenge on the registration step must not name the mobile either.
      expect(await (await b.get(`/register/verify?c=${challengeId}`)).text()).not.toContain("567");
      pages.push(page);
    }
    expect(pages[0]).toContain("إذا تطابقت البيانات مع حساب مسجل");
    expect(new Set(pages).size).toBe(1);
    expect(r.sms.sent.filter((m) => m.text.includes("رمز"))).toHaveLength(2); // registration + the one matching reset
  });
});

describe("account", () => {
  it("updates contact details and preference, and email notifications need an email", async () => {
    const r = await registered();
    const bad = await r.browser.post("/account", { email: "", notifyBy: "email", city: "جدة", address: "حي الروضة، جدة" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("أضف بريدك الإلكتروني");
    const ok = await r.browser.post("/account", { email: "Aisha@Example.com", notifyBy: "email", city: "جدة", address: "حي الروضة، جدة" });
    expect(ok.status).toBe(200);
    const [row] = await database.db.select().from(citizens);
    expect(row).toMatchObject({ email: "aisha@example.com", notifyBy: "email", city: "جدة" });
    const page = await (await r.browser.get("/account")).text();
    expect(page).toContain("aisha@example.com");
    expect(page).toContain("+966••••••567");
    expect(page).toMatch(/value="email" checked/);
  });

  it("through htmx the account section comes back alone, with the saved details and the notice", async () => {
    const r = await registered();
    const res = await r.browser.post(
      "/account",
      { email: "", notifyBy: "sms", city: "الدمام", address: "حي الشاطئ، الدمام" },
      { htmx: true },
    );
    expect(res.status).toBe(200);
    const { title, body: html } = fragmentParts(await res.text());
    expect(title).toBe("حسابي | منصة الشكاوى الحكومية الموحدة");
    expect(html.startsWith('<section id="account"')).toBe(true);
    expect(html).toContain("حُفظت بياناتك.");
    expect(html).toContain("<dd>الدمام</dd>");
  });

  it("a new mobile is used only after the code sent to it is confirmed", async () => {
    const r = await registered();
    (r.deps.clock as SettableClock).advance(120_000);
    const start = await r.browser.post("/account/mobile", { mobile: "0567654321" });
    expect(start.status).toBe(303);
    expect(r.sms.sent.at(-1)!.to).toBe("+966567654321");
    const challengeId = new URL(start.headers.get("location")!, "http://localhost").searchParams.get("c")!;
    expect((await database.db.select().from(citizens))[0]!.mobile).toBe("+966551234567");
    expect(await (await r.browser.get(start.headers.get("location")!)).text()).toContain("+966••••••321");
    const done = await r.browser.post("/account/mobile/verify", { challengeId, code: codeFrom(r.sms.sent.at(-1)!.text) });
    expect(done.headers.get("location")).toBe("/account?mobile=1");
    expect((await database.db.select().from(citizens))[0]!.mobile).toBe("+966567654321");
    expect(await (await r.browser.get("/account?mobile=1")).text()).toContain("تم تحديث رقم الجوال");
  });

  it("another citizen cannot confirm a mobile change they did not start", async () => {
    const r = await registered();
    (r.deps.clock as SettableClock).advance(120_000);
    const start = await r.browser.post("/account/mobile", { mobile: "0567654321" });
    const challengeId = new URL(start.headers.get("location")!, "http://localhost").searchParams.get("c")!;
    await seedRegistry(database.db, [{ ...AISHA, nationalId: "1034567893", firstName: "عبدالرحمن" }]);
    const other = await register(
      testApp(database),
      registrationForm({ nationalId: "1034567893", firstName: "عبدالرحمن", mobile: "0553334444" }),
    );
    await other.browser.post("/register/verify", { challengeId: other.challengeId, code: other.code });
    const page = await other.browser.get(`/account/mobile/verify?c=${challengeId}`);
    expect(await page.text()).not.toContain("321");
    const res = await other.browser.post("/account/mobile/verify", { challengeId, code: codeFrom(r.sms.sent.at(-1)!.text) });
    expect(res.status).toBe(422);
    const mobiles = (await database.db.select().from(citizens)).map((c) => c.mobile).sort();
    expect(mobiles).toEqual(["+966551234567", "+966553334444"]);
  });
});

describe("protection", () => {
  it("a POST with no Origin or another site's Origin is refused with 403, htmx included, and changes nothing", async () => {
    const h = testApp(database);
    const b = new Browser(h.app);
    for (const origin of [null, "https://evil.example"]) {
      for (const htmx of [false, true]) {
        const res = await b.post("/register", registrationForm(), { origin, htmx });
        expect(res.status).toBe(403);
      }
    }
    expect(h.sms.sent).toEqual([]);
    expect(await database.db.select().from(otpChallenges)).toEqual([]);
  });

  it("a signed-in citizen's forged cross-site posts change nothing", async () => {
    const r = await registered();
    for (const htmx of [false, true]) {
      const profile = await r.browser.post(
        "/account",
        { email: "evil@example.com", notifyBy: "email", city: "x", address: "somewhere far" },
        { origin: "https://evil.example", htmx },
      );
      expect(profile.status).toBe(403);
      expect((await r.browser.post("/signout/everywhere", {}, { origin: null, htmx })).status).toBe(403);
    }
    expect((await database.db.select().from(citizens))[0]!.email).toBeNull();
    expect(await database.db.select().from(sessions)).toHaveLength(1);
  });

  it("no password or code reaches the logs or the database in clear", async () => {
    const r = await registered();
    const logs = JSON.stringify(r.logs);
    expect(logs).not.toContain("a long secret phrase");
    expect(logs).not.toContain(r.code);
    const dump = JSON.stringify([
      await database.db.select().from(citizens),
      await database.db.select().from(otpChallenges),
      await database.db.select().from(sessions),
    ]);
    expect(dump).not.toContain("a long secret phrase");
    expect(dump).not.toContain(`"${r.code}"`);
    const [row] = await database.db.select().from(citizens);
    expect(row!.passwordHash).toMatch(/^\$argon2id\$/);
    for (const c of await database.db.select().from(otpChallenges)) {
      expect(c.codeHash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(c.payload)).not.toContain("a long secret phrase");
    }
  });
});

describe("rate limits across hub instances", () => {
  it("two hub instances sharing one database count sign-in attempts together", async () => {
    const r = await registered();
    // On PostgreSQL the second instance has its own connection pool, like a second server.
    const { openDatabase } = await import("../../server/db.ts");
    const otherDb = database.url ? await openDatabase({ url: database.url, migrate: false, max: 2 }) : database;
    try {
      const one = new Browser(r.app);
      const two = new Browser(testApp(otherDb).app);
      const statuses = [];
      for (let i = 0; i < 6; i++) {
        statuses.push((await (i % 2 ? two : one).post("/signin", { nationalId: AISHA.nationalId, password: "wrong password" })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
      // The right password is refused too while locked, on either instance.
      expect((await two.post("/signin", { nationalId: AISHA.nationalId, password: "a long secret phrase" })).status).toBe(429);
    } finally {
      if (otherDb !== database) await otherDb.close();
    }
  });
});

describe("password reset privacy", () => {
  it("a matching request answers the same as a non-match even when the SMS gateway is down", async () => {
    const r = await registered();
    (r.deps.clock as SettableClock).advance(120_000);
    r.sms.fail = true;
    const b = new Browser(r.app);
    const match = await b.post("/forgot", { nationalId: AISHA.nationalId, dateOfBirth: AISHA.dateOfBirth });
    const other = await b.post("/forgot", { nationalId: "1000000003", dateOfBirth: "1970-01-01" });
    expect(match.status).toBe(303);
    expect(other.status).toBe(303);
  });
});
