import { mkdir, mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { totpCode } from "../../server/auth/totp.ts";
import { DEMO_PASSWORD, demoTotpKey } from "../../server/demo/seed.ts";
import { startHub, type HubProcess } from "../support/server-process.ts";
import { launchChromium, smsLines, watchErrors } from "../support/chromium.ts";

let hub: HubProcess;
let browser: Browser;
let dataDir: string;
const shots = join(process.cwd(), "test-results");

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), "hub-browser-id-"));
  hub = await startHub({ DATA_DIR: dataDir });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

async function lastSms(to: string): Promise<string> {
  const mine = (await smsLines(dataDir)).filter((l) => l.to === to);
  expect(mine.length).toBeGreaterThan(0);
  return /(\d{5})/.exec(mine.at(-1)!.text)![1]!;
}

describe("identity in Chromium", () => {
  it("a demo citizen registers with the SMS code from sms.jsonl, signs out and signs in again", async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(hub.url + "/register");
    await page.fill("[name=nationalId]", "1023456782");
    await page.fill("[name=firstName]", "نورة");
    await page.fill("[name=fatherName]", "فهد");
    await page.fill("[name=grandfatherName]", "ناصر");
    await page.fill("[name=familyName]", "الدوسري");
    await page.fill("[name=dateOfBirth]", "1992-09-03");
    await page.fill("[name=mobile]", "0501112233");
    await page.fill("[name=city]", "الرياض");
    await page.fill("[name=address]", "حي العليا، طريق الملك فهد");
    await page.fill("[name=password]", "browser secret 1");
    // A mismatch first: the form comes back in place with the error, values kept.
    await page.fill("[name=passwordConfirm]", "something else");
    await page.check("[name=acceptPolicy]");
    const swapped = page.waitForResponse((r) => r.url().endsWith("/register") && r.request().headers()["hx-request"] === "true");
    await page.click("#register-form button[type=submit]");
    expect((await swapped).status()).toBe(422); // htmx posted it and swapped the 422 fragment in
    await page.waitForSelector("#f-passwordConfirm-error");
    expect(await page.inputValue("[name=familyName]")).toBe("الدوسري");
    await page.fill("[name=password]", "browser secret 1");
    await page.fill("[name=passwordConfirm]", "browser secret 1");
    await page.click("#register-form button[type=submit]");
    await page.waitForURL(/\/register\/verify\?c=/);
    await page.fill("[name=code]", await lastSms("+966501112233"));
    await page.click("#register-verify button[type=submit]");
    await page.waitForURL(/\/account/);
    expect(await page.textContent("[data-testid=citizen-name]")).toBe("نورة فهد ناصر الدوسري");
    await page.screenshot({ path: join(shots, "account-ar.png") });

    await page.click("header form[action='/signout'] button");
    await page.waitForURL(hub.url + "/");
    await page.goto(hub.url + "/account");
    await page.waitForURL(/\/signin\?next=%2Faccount/);
    await page.fill("[name=nationalId]", "1023456782");
    await page.fill("[name=password]", "browser secret 1");
    await page.click("#signin-form button[type=submit]");
    await page.waitForURL(/\/account$/);
    expect(await page.textContent("[data-testid=citizen-name]")).toBe("نورة فهد ناصر الدوسري");
    // Filing: the suggestion appears while typing, the reference at once, the SMS soon after.
    await page.goto(hub.url + "/complaints/new");
    await page.selectOption("[name=city]", "albureimi");
    await page.fill("[name=text]", "في حفرة كبيرة بالطريق قدام السوق خربت كفرات السيارات");
    await page.waitForSelector("#suggestion input[value='BURAIMI/BUR_POTHOLES']");
    await page.click("#complaint-form button[type=submit]");
    await page.waitForURL(/\/complaints\/CMP-\d{4}-[A-Z0-9]{6}\?filed=1/);
    const reference = (await page.textContent("[data-testid=reference]"))!;
    expect(await page.textContent("main")).toContain("محافظة البريمي");
    await page.screenshot({ path: join(shots, "filed-ar.png") });
    await expect.poll(async () => (await readFile(join(dataDir, "sms.jsonl"), "utf8")).includes(reference), { timeout: 10_000 }).toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a demo liaison officer signs in with password and TOTP", async () => {
    const page = await browser.newPage();
    const email = "liaison.momah@demo.hub.example";
    await page.goto(hub.url + "/staff/signin");
    await page.fill("[name=email]", email);
    await page.fill("[name=password]", DEMO_PASSWORD);
    await page.fill("[name=totp]", totpCode(demoTotpKey(email), new Date()));
    await page.click("#staff-signin button[type=submit]");
    await page.waitForURL(/\/staff$/);
    expect(await page.textContent("main")).toContain("ضابط ارتباط — وزارة البلديات والإسكان");
    await page.screenshot({ path: join(shots, "staff-ar.png") });
    await page.close();
  });
});
