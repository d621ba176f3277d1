import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { startHub, type HubProcess } from "../support/server-process.ts";
import { launchChromium, smsLines, staffSignIn, watchErrors } from "../support/chromium.ts";

// The whole path of one complaint through the real server, in Chromium: a citizen
// files, the MOMAH liaison officer accepts, asks for information, the citizen answers,
// the officer closes, the citizen reads the resolution and each SMS reached the log.

let hub: HubProcess;
let browser: Browser;
let dataDir: string;
const shots = join(process.cwd(), "test-results");
const MOBILE = "+966503334455";

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), "hub-browser-lifecycle-"));
  hub = await startHub({ DATA_DIR: dataDir });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function registerCitizen(page: Page) {
  await page.goto(hub.url + "/register");
  await page.fill("[name=nationalId]", "1034567893");
  await page.fill("[name=firstName]", "عبدالرحمن");
  await page.fill("[name=fatherName]", "خالد");
  await page.fill("[name=grandfatherName]", "إبراهيم");
  await page.fill("[name=familyName]", "الشهري");
  await page.fill("[name=dateOfBirth]", "1978-01-25");
  await page.fill("[name=mobile]", "0503334455");
  await page.fill("[name=city]", "الرياض");
  await page.fill("[name=address]", "حي الملز، شارع الستين");
  await page.fill("[name=password]", "lifecycle secret 1");
  await page.fill("[name=passwordConfirm]", "lifecycle secret 1");
  await page.check("[name=acceptPolicy]");
  await page.click("#register-form button[type=submit]");
  await page.waitForURL(/\/register\/verify\?c=/);
  await expect.poll(async () => (await smsLines(dataDir)).filter((l) => l.to === MOBILE).length, { timeout: 10_000 }).toBeGreaterThan(0);
  const code = /(\d{5})/.exec((await smsLines(dataDir)).filter((l) => l.to === MOBILE).at(-1)!.text)![1]!;
  await page.fill("[name=code]", code);
  await page.click("#register-verify button[type=submit]");
  await page.waitForURL(/\/account/);
}

describe("a complaint's life in Chromium", () => {
  it("filed, accepted for 5 working days, information asked and given, closed as resolved; another agency never sees it", async () => {
    const citizenCtx = await browser.newContext();
    const officerCtx = await browser.newContext();
    const otherCtx = await browser.newContext();
    const citizen = await citizenCtx.newPage();
    const officer = await officerCtx.newPage();
    const errors = [...watchErrors(citizen), ...watchErrors(officer)];

    // 1. The citizen files against MOMAH's roads service.
    await registerCitizen(citizen);
    await citizen.goto(hub.url + "/complaints/new");
    await citizen.selectOption("[name=city]", "riyadh");
    await citizen.fill("[name=text]", "حفرة عميقة في طريق الملك عبدالله أمام المخرج 9 أتلفت إطار سيارتي");
    await citizen.selectOption("[name=service]", "MOMAH/ROADS_POTHOLES");
    await citizen.click("#complaint-form button[type=submit]");
    await citizen.waitForURL(/\/complaints\/CMP-\d{4}-[A-Z0-9]{6}\?filed=1/);
    const reference = (await citizen.textContent("[data-testid=reference]"))!;

    // 2. The MOMAH liaison finds it in the inbox, without the citizen's personal data yet.
    await staffSignIn(officer, hub.url, "liaison.momah@demo.hub.example");
    await officer.click("[data-testid=inbox-link]");
    await officer.waitForURL(/\/agency/);
    await officer.screenshot({ path: join(shots, "liaison-inbox-ar.png"), fullPage: true });
    await officer.click(`a[href="/staff/complaints/${reference}"]`);
    await officer.waitForSelector("[data-testid=personal-hidden]");
    expect(await officer.textContent("main")).not.toContain("1034567893");

    // 3. Accept with 5 working days (longer than the service's 3: a reason is required);
    //    the due date is shown before confirming.
    await officer.fill("#act-accept [name=days]", "5");
    await officer.click("#act-accept button[type=submit]");
    await officer.waitForSelector("#act-accept [name=extensionReason][aria-invalid=true]");
    await officer.fill("#act-accept [name=extensionReason]", "يحتاج الإصلاح تنسيقًا مع المقاول");
    await officer.click("#act-accept button[type=submit]");
    await officer.waitForSelector("[data-testid=accept-preview]");
    expect(await officer.textContent("[data-testid=accept-preview]")).toContain("بمدة 5 أيام عمل");
    await officer.screenshot({ path: join(shots, "liaison-accept-preview-ar.png"), fullPage: true });
    await officer.click("#act-accept button[type=submit]");
    await officer.waitForURL(/\?done=accept$/);
    await officer.waitForSelector("[data-testid=personal-data]");
    expect(await officer.textContent("[data-testid=personal-data]")).toContain("1034567893");
    expect(await officer.textContent("[data-testid=status]")).toBe("قيد المعالجة");

    // 4. Ask the citizen for information.
    await officer.fill("#act-request_info [name=message]", "أرسل صورة للحفرة وموقعها على الخريطة");
    await officer.click("#act-request_info button[type=submit]");
    await officer.waitForURL(/\?done=request_info$/);

    // 5. The citizen answers on the complaint page.
    await citizen.goto(`${hub.url}/complaints/${reference}`);
    await citizen.waitForSelector("[data-testid=info-request]");
    expect(await citizen.textContent("[data-testid=info-request]")).toContain("أرسل صورة للحفرة");
    await citizen.fill("#citizen-answer [name=text]", "الحفرة عند الإحداثيات 24.7136، 46.6753 بجوار لوحة المخرج");
    await citizen.click("#citizen-answer button[type=submit]");
    await citizen.waitForURL(/\?done=answer$/);
    expect(await citizen.textContent("[data-testid=status]")).toBe("قيد المعالجة");

    // 6. The officer sees the answer and closes as resolved.
    await officer.goto(`${hub.url}/staff/complaints/${reference}`);
    expect(await officer.textContent("[data-testid=timeline]")).toContain("بجوار لوحة المخرج");
    await officer.selectOption("#act-close [name=outcome]", "resolved");
    await officer.fill("#act-close [name=resolution]", "رُدمت الحفرة وأعيد رصف المسار بالكامل");
    await officer.click("#act-close button[type=submit]");
    await officer.waitForURL(/\?done=close$/);
    await officer.screenshot({ path: join(shots, "liaison-closed-ar.png"), fullPage: true });

    // 7. The citizen reads the resolution, and every message reached the SMS log: the
    //    four the officer's actions sent and the satisfaction invitation, which the SLA
    //    job sends on its own 30-second tick after the close. The outbox sends up to four
    //    at a time per channel, so messages queued in one tick may arrive in any order:
    //    each is checked once, not by position.
    await citizen.goto(`${hub.url}/complaints/${reference}`);
    expect(await citizen.textContent("[data-testid=resolution]")).toContain("رُدمت الحفرة");
    await citizen.screenshot({ path: join(shots, "citizen-resolution-ar.png"), fullPage: true });
    const forComplaint = async () =>
      (await smsLines(dataDir)).filter((l) => l.to === MOBILE && l.text.includes(reference)).map((l) => l.text);
    await expect.poll(async () => (await forComplaint()).length, { timeout: 45_000, interval: 500 }).toBe(5);
    const texts = await forComplaint();
    for (const expected of [
      /استلمنا طلبك/,
      /قبلت الجهة/,
      /نحتاج معلومات لـ.*وإلا أُغلق/,
      /أُغلق طلبك/,
      /قيّم معالجة طلبك .*\/rate\/[A-Za-z0-9_-]{24}/,
    ]) {
      expect(
        texts.filter((t) => expected.test(t)),
        `${expected} in ${JSON.stringify(texts)}`,
      ).toHaveLength(1);
    }

    // 8. Another agency's liaison: 404 on the URL, nothing in the inbox or its search.
    const other = await otherCtx.newPage();
    await staffSignIn(other, hub.url, "liaison.moh@demo.hub.example");
    const res = await other.goto(`${hub.url}/staff/complaints/${reference}`);
    expect(res!.status()).toBe(404);
    for (const path of [`/agency?q=${reference}`, "/agency?tab=closed", `/agency?q=${encodeURIComponent("حفرة")}&tab=closed`]) {
      await other.goto(hub.url + path);
      expect(await other.locator(`a[href="/staff/complaints/${reference}"]`).count()).toBe(0);
    }
    expect(errors).toEqual([]);
    await citizenCtx.close();
    await officerCtx.close();
    await otherCtx.close();
  }, 120_000);
});
