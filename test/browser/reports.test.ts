import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serve, type ServerType } from "@hono/node-server";
import type { Browser } from "playwright-core";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { act } from "../../server/complaints/transition.ts";
import type { SettableClock } from "../../server/clock.ts";
import { demoStaff } from "../support/sessions.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { AISHA } from "../support/registry.ts";
import { testApp } from "../support/app.ts";
import { registerCitizen } from "../support/citizen.ts";
import { demoHub } from "../support/demo-hub.ts";
import { freePort } from "../support/server-process.ts";
import { launchChromium, staffSignIn, watchErrors } from "../support/chromium.ts";

// A digital report's whole path in Chromium. The app runs in this process so the test
// can own its clock: the complaint is accepted on Thursday and is overdue by Wednesday.

let database: TestDatabase;
let h: ReturnType<typeof testApp>;
let server: ServerType;
let url: string;
let browser: Browser;
let complaint: string;
const shots = join(process.cwd(), "test-results");

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  database = await createTestDatabase();
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  // Chromium posts from the served address; the in-process test browser from localhost.
  h = await demoHub(database, { publicUrl: url, allowedOrigins: [url, "http://localhost"] });
  // The citizen's account, through the real registration.
  const { citizenId } = await registerCitizen(h);
  const filed = await submitComplaint(h.deps, citizenId, {
    kind: "complaint",
    text: "إنارة الشارع مطفأة منذ أسبوعين والحي مظلم",
    city: "riyadh",
    agencyCode: "MOMAH",
    serviceCode: "STREET_LIGHTING",
    notifyBy: "sms",
    clientKey: "browser-report-complaint",
  });
  if (!filed.ok) throw new Error("filing failed");
  complaint = filed.reference;
  await act(h.deps, { kind: "staff", staff: await demoStaff(database.db, "liaison.momah") }, complaint, null, {
    action: "accept",
    days: 3,
    reason: undefined,
  });
  // Due when Tuesday 24th ends; on Wednesday morning it is overdue.
  (h.deps.clock as SettableClock).set("2026-11-25T09:00:00+03:00");
  server = serve({ fetch: h.app.fetch, port, hostname: "127.0.0.1" });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await new Promise((r) => server?.close(r));
  await database?.close();
});

describe("a digital report in Chromium", () => {
  it("overdue complaint → escalation → the unit asks the agency → the liaison answers → the unit answers and closes → the citizen reads it", async () => {
    const now = h.deps.clock.now();
    const citizen = await (await browser.newContext()).newPage();
    const reviewer = await (await browser.newContext()).newPage();
    const liaison = await (await browser.newContext()).newPage();
    const errors = [...watchErrors(citizen), ...watchErrors(reviewer), ...watchErrors(liaison)];

    await citizen.goto(url + "/signin");
    await citizen.fill("[name=nationalId]", AISHA.nationalId);
    await citizen.fill("[name=password]", "a long secret phrase");
    await citizen.click("#signin-form button[type=submit]");
    await citizen.waitForURL(/\/account/);
    await citizen.goto(`${url}/complaints/${complaint}`);
    await citizen.click("[data-testid=escalate] a");
    await citizen.waitForURL(/\/reports\/new\?complaint=/);
    expect(await citizen.inputValue("[name=complaint]")).toBe(complaint);
    await citizen.fill("[name=text]", "تجاوزت البلدية موعد إصلاح الإنارة ولم يتغير شيء");
    await citizen.click("#report-form button[type=submit]");
    await citizen.waitForURL(/\/reports\/DR-2026-[A-Z0-9]{6}\?filed=1/);
    const report = (await citizen.textContent("[data-testid=report-reference]"))!;
    await citizen.screenshot({ path: join(shots, "report-filed-ar.png"), fullPage: true });

    await staffSignIn(reviewer, url, "reviewer@demo.hub.example", now);
    await reviewer.goto(url + "/review");
    await reviewer.click(`a[href="/review/${report}"]`);
    await reviewer.waitForSelector("[data-testid=complaint-timeline]");
    await reviewer.fill("#review-ask_agency [name=question]", "لماذا تأخر إصلاح الإنارة؟ ومتى يُنجز؟");
    await reviewer.click("#review-ask_agency button[type=submit]");
    await reviewer.waitForURL(/\?done=ask_agency$/);

    await staffSignIn(liaison, url, "liaison.momah@demo.hub.example", now);
    await liaison.goto(url + "/agency/followups");
    const form = liaison.locator(`form[data-followup="${report}"]`);
    await form.locator("textarea").fill("تأخر وصول قطع الغيار، وسيُنجز الإصلاح يوم الأحد");
    await form.locator("button[type=submit]").click();
    await liaison.waitForURL(/\/agency\/followups\?done=1$/);

    await reviewer.goto(`${url}/review/${report}`);
    expect(await reviewer.textContent("[data-testid=followups]")).toContain("تأخر وصول قطع الغيار");
    await reviewer.fill("#review-answer [name=answer]", "تواصلنا مع البلدية، وستُصلح الإنارة يوم الأحد، وسنتابع التنفيذ.");
    await reviewer.click("#review-answer button[type=submit]");
    await reviewer.waitForURL(/\?done=answer$/);
    await reviewer.selectOption("#review-close [name=outcome]", "upheld");
    await reviewer.click("#review-close button[type=submit]");
    await reviewer.waitForURL(/\?done=close$/);
    await reviewer.screenshot({ path: join(shots, "report-review-ar.png"), fullPage: true });

    await citizen.goto(`${url}/reports/${report}`);
    expect(await citizen.textContent("[data-testid=report-status]")).toBe("مغلق");
    expect(await citizen.textContent("[data-testid=report-answer]")).toContain("ستُصلح الإنارة يوم الأحد");
    await citizen.screenshot({ path: join(shots, "report-answer-ar.png"), fullPage: true });
    expect(errors).toEqual([]);
  });
});
