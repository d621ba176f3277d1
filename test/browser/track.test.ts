import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve, type ServerType } from "@hono/node-server";
import type { Browser, Page } from "playwright-core";
import type { SettableClock } from "../../server/clock.ts";
import { act } from "../../server/complaints/transition.ts";
import { dispatchOutbox } from "../../server/notify/dispatch.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { demoHub } from "../support/demo-hub.ts";
import { freePort } from "../support/server-process.ts";
import { launchChromium, staffSignIn, watchErrors } from "../support/chromium.ts";
import { demoStaff } from "../support/sessions.ts";

// Issue 11's second "done when": the call centre registers a complaint for a registry
// identity with no account → the person follows it by reference and SMS code →
// registers → finds it under "my requests" and reopens, then escalates it. The app
// runs in this process so the test owns its clock (and reads the SMS its gateway got).

let database: TestDatabase;
let h: Awaited<ReturnType<typeof demoHub>>;
let server: ServerType;
let url: string;
let browser: Browser;
const shots = join(process.cwd(), "test-results");
const clock = () => h.deps.clock as SettableClock;

// Noura, of the demo civil registry, has no account.
const NOURA = { nationalId: "1023456782", dateOfBirth: "1992-09-03", mobile: "0509998877", e164: "+966509998877" };

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  database = await createTestDatabase();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  h = await demoHub(database, { publicUrl: url });
  server = serve({ fetch: h.app.fetch, port, hostname: "127.0.0.1" });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await database?.close();
});

/** The latest SMS to a number, and the 5-digit code in it. */
function lastCode(to: string): string {
  const mine = h.sms.sent.filter((m) => m.to === to);
  expect(mine.length).toBeGreaterThan(0);
  return /(\d{5})/.exec(mine.at(-1)!.text)![1]!;
}

async function trackToView(page: Page, reference: string) {
  await page.goto(url + "/track");
  await page.fill("[name=reference]", reference);
  await page.fill("[name=mobile]", NOURA.mobile);
  await page.click("#track-form button[type=submit]");
  await page.waitForURL(/\/track\/verify\?c=/);
  await page.fill("[name=code]", lastCode(NOURA.e164));
  await page.click("#track-verify button[type=submit]");
  await page.waitForURL(/\/track\/view$/);
}

describe("following a call-centre complaint, then owning it", () => {
  let reference: string;

  it("the call centre registers → the person tracks it by reference and SMS code → registers → finds it under my requests → reopens it → escalates it", async () => {
    const errors: string[] = [];
    const staff = await (await browser.newContext()).newPage();
    errors.push(...watchErrors(staff));
    await staffSignIn(staff, url, "triage@demo.hub.example", clock().now());
    await staff.goto(url + "/triage/register");
    await staff.fill("[name=nationalId]", NOURA.nationalId);
    await staff.fill("[name=dateOfBirth]", NOURA.dateOfBirth);
    await staff.fill("[name=contactName]", "نورة");
    await staff.fill("[name=contactMobile]", NOURA.mobile);
    await staff.fill("[name=text]", "الكهرباء مقطوعة عن الحي من الصباح والأطفال في الحر");
    await staff.selectOption("[name=city]", "riyadh");
    await staff.selectOption("[name=service]", "ELEC/POWER_OUTAGE");
    await staff.click("#register-on-behalf button[type=submit]");
    await staff.waitForSelector("#register-on-behalf [role=status]");
    reference = /(CMP-\d{4}-[A-Z0-9]{6})/.exec((await staff.textContent("#register-on-behalf [role=status]"))!)![1]!;

    // The receipt tells her where to follow it.
    await dispatchOutbox({ db: database.db, sms: h.sms, mailer: { send: async () => {} }, publicUrl: url }, clock().now());
    const receipt = h.sms.sent.find((m) => m.to === NOURA.e164 && m.text.includes(reference))!;
    expect(receipt.text).toContain(`${url}/track`);

    // Without an account, by reference and SMS code.
    const person = await (await browser.newContext()).newPage();
    errors.push(...watchErrors(person));
    await trackToView(person, reference);
    expect(await person.textContent("[data-testid=reference]")).toBe(reference);
    expect(await person.textContent("[data-testid=status]")).toBe("بانتظار قرار الجهة");
    expect(await person.textContent("main")).not.toContain(NOURA.nationalId);

    // From there, an account: the complaint is hers once she has one.
    await person.click("[data-testid=act] a[href='/register']");
    await person.waitForURL(/\/register$/);
    await person.fill("[name=nationalId]", NOURA.nationalId);
    await person.fill("[name=firstName]", "نورة");
    await person.fill("[name=fatherName]", "فهد");
    await person.fill("[name=grandfatherName]", "ناصر");
    await person.fill("[name=familyName]", "الدوسري");
    await person.fill("[name=dateOfBirth]", NOURA.dateOfBirth);
    await person.fill("[name=mobile]", NOURA.mobile);
    await person.fill("[name=city]", "الرياض");
    await person.fill("[name=address]", "حي العليا، طريق الملك فهد");
    await person.fill("[name=password]", "browser secret 1");
    await person.fill("[name=passwordConfirm]", "browser secret 1");
    await person.check("[name=acceptPolicy]");
    clock().advance(61_000); // a new code for the same number, a minute after the last
    await person.click("#register-form button[type=submit]");
    await person.waitForURL(/\/register\/verify\?c=/);
    await person.fill("[name=code]", lastCode(NOURA.e164));
    await person.click("#register-verify button[type=submit]");
    await person.waitForURL(/\/account\?welcome=1/);
    expect(await person.textContent("[data-testid=linked]")).toContain("وجدنا طلبًا سُجّل برقمك الوطني");
    await person.screenshot({ path: join(shots, "track-welcome-ar.png"), fullPage: true });
    await person.click("[data-testid=next-steps] a[href='/complaints']");
    await person.waitForURL(/\/complaints$/);
    await person.click(`a[href="/complaints/${reference}"]`);
    await person.waitForURL(new RegExp(`/complaints/${reference}$`));

    // The agency answers and closes; she is not satisfied and reopens it.
    const liaison = await demoStaff(database.db, "liaison.elec");
    expect(
      (await act(h.deps, { kind: "staff", staff: liaison }, reference, null, { action: "accept", days: 2, reason: undefined })).ok,
    ).toBe(true);
    expect(
      (
        await act(h.deps, { kind: "staff", staff: liaison }, reference, null, {
          action: "close",
          outcome: "resolved",
          resolution: "أُعيد التيار بعد إصلاح المحول",
        })
      ).ok,
    ).toBe(true);
    await person.reload();
    await person.fill("#citizen-reopen [name=reason]", "انقطع التيار مرة أخرى بعد ساعة");
    await person.click("#citizen-reopen button[type=submit]");
    await person.waitForURL(/\?done=reopen$/);
    expect(await person.textContent("[data-testid=status]")).toBe("قيد المعالجة");
    // Until its new due date has passed, the page says from when it can be escalated.
    expect(await person.isVisible("[data-testid=escalate-from]")).toBe(true);

    // A week later nothing has happened: the page now offers the escalation.
    clock().advance(7 * 86400_000);
    await person.goto(`${url}/signin?next=/complaints/${reference}`); // the citizen session idled out
    await person.fill("[name=nationalId]", NOURA.nationalId);
    await person.fill("[name=password]", "browser secret 1");
    await person.click("#signin-form button[type=submit]");
    await person.waitForURL(new RegExp(`/complaints/${reference}$`));
    await person.click("[data-testid=escalate] a");
    await person.waitForURL(/\/reports\/new\?complaint=/);
    expect(await person.inputValue("[name=complaint]")).toBe(reference);
    await person.fill("[name=text]", "أعيد فتح الطلب ولم تعالجه الجهة في موعده الجديد");
    await person.click("#report-form button[type=submit]");
    await person.waitForURL(/\/reports\/DR-2026-[A-Z0-9]{6}\?filed=1/);
    expect(errors).toEqual([]);
  });

  it("screenshots of /track: the form, the code step and the read-only view, in Arabic and English, at 390 and 1280 px", async () => {
    for (const lang of ["ar", "en"] as const) {
      for (const width of [390, 1280]) {
        const context = await browser.newContext({ viewport: { width, height: width === 390 ? 844 : 900 } });
        await context.addCookies([{ name: "lang", value: lang, url }]);
        const page = await context.newPage();
        const errors = watchErrors(page);
        clock().advance(61_000); // one code a minute per number
        await page.goto(url + "/track");
        await page.screenshot({ path: join(shots, `track-form-${lang}-${width}.png`), fullPage: true });
        await page.fill("[name=reference]", reference);
        await page.fill("[name=mobile]", NOURA.mobile);
        await page.click("#track-form button[type=submit]");
        await page.waitForURL(/\/track\/verify\?c=/);
        await page.screenshot({ path: join(shots, `track-code-${lang}-${width}.png`), fullPage: true });
        await page.fill("[name=code]", lastCode(NOURA.e164));
        await page.click("#track-verify button[type=submit]");
        await page.waitForURL(/\/track\/view$/);
        await page.screenshot({ path: join(shots, `track-view-${lang}-${width}.png`), fullPage: true });
        // Nothing wider than the screen.
        expect(await page.evaluate<number>("document.documentElement.scrollWidth")).toBeLessThanOrEqual(width);
        expect(errors).toEqual([]);
        await context.close();
      }
    }
  });
});
