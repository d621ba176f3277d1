import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import type { ParsedMail } from "mailparser";
import { startHub, type HubProcess } from "../support/server-process.ts";
import { smtpCatcher, type SmtpCatcher } from "../support/smtp.ts";
import { launchChromium, smsLines, staffSignIn, watchErrors } from "../support/chromium.ts";

// Issue 14's done-when, through the real server and a real SMTP server: a citizen files
// → the MOMAH liaison officer's notification email arrives → the officer closes with a
// PDF attached → the citizen downloads that PDF from the resolution.

let hub: HubProcess;
let browser: Browser;
let smtp: SmtpCatcher;
let dataDir: string;
let received: ParsedMail[];
const shots = join(process.cwd(), "test-results");
const MOBILE = "+966503334466";
const LIAISON = "liaison.momah@demo.hub.example";
const PDF = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n";

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), "hub-browser-agency-"));
  smtp = await smtpCatcher();
  received = smtp.received;
  hub = await startHub({ DATA_DIR: dataDir, SMTP_URL: smtp.url });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
  await smtp?.stop();
});

async function registerCitizen(page: Page) {
  await page.goto(hub.url + "/register");
  await page.fill("[name=nationalId]", "1045678904");
  await page.fill("[name=firstName]", "سارة");
  await page.fill("[name=fatherName]", "أحمد");
  await page.fill("[name=grandfatherName]", "علي");
  await page.fill("[name=familyName]", "الغامدي");
  await page.fill("[name=dateOfBirth]", "1996-06-18");
  await page.fill("[name=mobile]", "0503334466");
  await page.fill("[name=city]", "الرياض");
  await page.fill("[name=address]", "حي العليا، شارع التحلية");
  await page.fill("[name=password]", "agency notify secret 1");
  await page.fill("[name=passwordConfirm]", "agency notify secret 1");
  await page.check("[name=acceptPolicy]");
  await page.click("#register-form button[type=submit]");
  await page.waitForURL(/\/register\/verify\?c=/);
  await expect.poll(async () => (await smsLines(dataDir)).filter((l) => l.to === MOBILE).length, { timeout: 10_000 }).toBeGreaterThan(0);
  const code = /(\d{5})/.exec((await smsLines(dataDir)).filter((l) => l.to === MOBILE).at(-1)!.text)![1]!;
  await page.fill("[name=code]", code);
  await page.click("#register-verify button[type=submit]");
  await page.waitForURL(/\/account/);
}

describe("agency notification and the resolution's file, in Chromium", () => {
  it("the liaison is emailed when a complaint arrives, closes it with a PDF, and the citizen downloads the PDF", async () => {
    const citizenCtx = await browser.newContext({ acceptDownloads: true });
    const officerCtx = await browser.newContext();
    const citizen = await citizenCtx.newPage();
    const officer = await officerCtx.newPage();
    const errors = [...watchErrors(citizen), ...watchErrors(officer)];

    await registerCitizen(citizen);
    await citizen.goto(hub.url + "/complaints/new");
    await citizen.selectOption("[name=city]", "riyadh");
    await citizen.fill("[name=text]", "حفرة عميقة في شارع التحلية أمام الإشارة أتلفت إطار سيارتي");
    await citizen.selectOption("[name=service]", "MOMAH/ROADS_POTHOLES");
    await citizen.click("#complaint-form button[type=submit]");
    await citizen.waitForURL(/\/complaints\/CMP-\d{4}-[A-Z0-9]{6}\?filed=1/);
    const reference = (await citizen.textContent("[data-testid=reference]"))!;

    // The officer's email reaches the SMTP server: subject and link name the complaint.
    await expect
      .poll(() => received.filter((m) => m.to && JSON.stringify(m.to).includes(LIAISON) && m.subject?.includes(reference)).length, {
        timeout: 30_000,
        interval: 250,
      })
      .toBe(1);
    const mail = received.find((m) => JSON.stringify(m.to).includes(LIAISON) && m.subject?.includes(reference))!;
    expect(mail.subject).toBe(`شكوى جديدة لجهتكم: \u2066${reference}\u2069`); // the reference isolated in Arabic
    expect(mail.text).toContain(`/staff/complaints/${reference}`);
    expect(mail.text).not.toContain("1045678904"); // no personal data in the email

    // The officer opens the link's page: the header counts the new item.
    await staffSignIn(officer, hub.url, LIAISON);
    // (The demo data has routed complaints of its own: at least this one is new.)
    expect(await officer.textContent("[data-testid=new-work]")).toMatch(/[1-9]\d* جديد/);
    await officer.screenshot({ path: join(shots, "agency-header-new-work-ar-1280.png") });
    await officer.goto(`${hub.url}/agency`);
    await officer.goto(`${hub.url}/staff`);
    expect(await officer.textContent("[data-testid=new-work]")).not.toContain("جديد");
    await officer.goto(`${hub.url}/staff/complaints/${reference}`);
    await officer.fill("#act-accept [name=days]", "3");
    await officer.click("#act-accept button[type=submit]");
    await officer.waitForSelector("[data-testid=accept-preview]");
    await officer.click("#act-accept button[type=submit]");
    await officer.waitForURL(/\?done=accept$/);

    // Close as resolved with the repair report attached.
    const pdfPath = join(dataDir, "repair-report.pdf");
    await writeFile(pdfPath, PDF);
    await officer.selectOption("#act-close [name=outcome]", "resolved");
    await officer.fill("#act-close [name=resolution]", "رُدمت الحفرة وأعيد رصف المسار، ومحضر الإصلاح مرفق");
    await officer.setInputFiles("#act-close [name=attachments]", pdfPath);
    await officer.screenshot({ path: join(shots, "agency-close-with-file-ar-1280.png"), fullPage: true });
    await officer.click("#act-close button[type=submit]");
    await officer.waitForURL(/\?done=close$/);
    expect(await officer.textContent("main")).toContain("repair-report.pdf");

    // The citizen sees the file with the answer and downloads it.
    await citizen.goto(`${hub.url}/complaints/${reference}`);
    expect(await citizen.textContent("[data-testid=resolution]")).toContain("رُدمت الحفرة");
    await citizen.screenshot({ path: join(shots, "citizen-resolution-file-ar.png"), fullPage: true });
    const [download] = await Promise.all([citizen.waitForEvent("download"), citizen.click("[data-testid=resolution-files] a")]);
    expect(download.suggestedFilename()).toBe("repair-report.pdf");
    const saved = join(dataDir, "downloaded.pdf");
    await download.saveAs(saved);
    const { readFile } = await import("node:fs/promises");
    expect(await readFile(saved, "utf8")).toBe(PDF);

    // The closing SMS carries the outcome and the summary.
    await expect
      .poll(
        async () =>
          (await smsLines(dataDir))
            .filter((l) => l.to === MOBILE && l.text.includes(reference) && l.text.includes("أُغلق"))
            .map((l) => l.text),
        { timeout: 30_000, interval: 500 },
      )
      .toEqual([expect.stringContaining("تم الحل")]);
    expect(errors).toEqual([]);
    await citizenCtx.close();
    await officerCtx.close();
  }, 150_000);
});
