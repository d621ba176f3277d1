import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startHub, type HubProcess } from "../support/server-process.ts";
import { launchChromium, smsLines, staffSignIn, watchErrors } from "../support/chromium.ts";

// The forms with a keyboard only, in Chromium against the real server: Tab reaches
// the controls in the order they are seen, every focused control shows an outline,
// and after a refused submit focus is on the error summary (htmx swap and, without
// JavaScript, a whole page). Also the busy state: one press sends one request.

// The callbacks below run in the page; the project compiles without the DOM library,
// so these names are declared here for this file only.
declare const document: any;
declare const window: any;
declare function getComputedStyle(el: any): any;
type HTMLElement = any;
type HTMLFormElement = any;

let hub: HubProcess;
let browser: Browser;
let dataDir: string;
const shots = join(process.cwd(), "test-results");
const MOBILE = "+966504445566";

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  dataDir = await mkdtemp(join(tmpdir(), "hub-browser-keyboard-"));
  hub = await startHub({ DATA_DIR: dataDir });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

interface Stop {
  id: string;
  tag: string;
  top: number;
  bottom: number;
  left: number;
  right: number;
  outline: string;
}

/** What has focus: its id (or tag), where it is drawn, and how its outline is drawn. */
async function focused(page: Page): Promise<Stop> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const r = el.getBoundingClientRect();
    const s = getComputedStyle(el);
    return {
      id: el.id || `${el.tagName.toLowerCase()}${el.getAttribute("href") ? `[href=${el.getAttribute("href")}]` : ""}`,
      tag: el.tagName.toLowerCase(),
      top: r.top + window.scrollY,
      bottom: r.bottom + window.scrollY,
      left: r.left,
      right: r.right,
      outline: `${s.outlineStyle} ${s.outlineWidth}`,
    };
  });
}

/** Presses Tab from the top of the page until `lastId` has focus; one stop per control (a date input takes several Tabs). */
async function tabThrough(page: Page, lastId: string, max = 80): Promise<Stop[]> {
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  const stops: Stop[] = [];
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (stops.at(-1)?.id !== f.id) stops.push(f);
    if (f.id === lastId) return stops;
  }
  throw new Error(`Tab never reached #${lastId}; stops: ${stops.map((s) => s.id).join(", ")}`);
}

/** Tab order follows the page as drawn: each next control is on a lower line, or on the same line further along the reading direction. */
function expectVisualOrder(stops: Stop[], dir: "rtl" | "ltr") {
  for (let i = 1; i < stops.length; i++) {
    const a = stops[i - 1]!;
    const b = stops[i]!;
    const sameLine = Math.abs(a.top - b.top) < 8;
    const along = dir === "rtl" ? b.right <= a.left + 2 : b.left >= a.right - 2;
    expect(sameLine ? along : b.top >= a.bottom - 2, `${a.id} → ${b.id} (${JSON.stringify({ a, b })})`).toBe(true);
  }
}

function expectVisibleFocus(stops: Stop[]) {
  for (const s of stops) expect(s.outline, `${s.id} has no visible focus`).toMatch(/^(solid|auto|dotted|dashed|double) ([2-9]|\d\d)/);
}

const ids = (stops: Stop[], from: string) => stops.slice(stops.findIndex((s) => s.id === from)).map((s) => s.id);

async function fillRegistration(page: Page, confirm: string) {
  await page.fill("[name=nationalId]", "1045678904");
  await page.fill("[name=firstName]", "سارة");
  await page.fill("[name=fatherName]", "أحمد");
  await page.fill("[name=grandfatherName]", "علي");
  await page.fill("[name=familyName]", "الغامدي");
  await page.fill("[name=dateOfBirth]", "1996-06-18");
  await page.fill("[name=mobile]", "0504445566");
  await page.fill("[name=city]", "جدة");
  await page.fill("[name=address]", "حي الروضة، شارع التحلية");
  await page.fill("[name=password]", "keyboard secret 1");
  await page.fill("[name=passwordConfirm]", confirm);
  await page.check("[name=acceptPolicy]");
}

const REGISTER_ORDER = [
  "f-nationalId",
  "f-nationality",
  "f-firstName",
  "f-fatherName",
  "f-grandfatherName",
  "f-familyName",
  "f-dateOfBirth",
  "f-mobile",
  "f-email",
  "f-country",
  "f-city",
  "f-address",
  "f-password",
  "f-passwordConfirm",
  "f-acceptPolicy",
  "f-acceptPolicy-link",
];

let citizen: BrowserContext;

describe("forms with a keyboard in Chromium", () => {
  it("register: Tab follows the form as drawn (right to left), focus is visible, a refused submit focuses the error summary", async () => {
    citizen = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await citizen.newPage();
    const errors = watchErrors(page);
    await page.goto(hub.url + "/register");
    const submit = await page.evaluate(() => {
      const b = document.querySelector("#register-form button[type=submit]")!;
      b.id = "register-submit";
      return b.id;
    });
    const stops = await tabThrough(page, submit);
    expect(ids(stops, "f-nationalId")).toEqual([...REGISTER_ORDER, "register-submit"]);
    expectVisibleFocus(stops);
    expectVisualOrder(stops.slice(stops.findIndex((s) => s.id === "f-nationalId")), "rtl");

    // A mismatch only the server can see; submitted with Enter from the last field.
    await fillRegistration(page, "something else");
    await page.focus("[name=passwordConfirm]");
    const swapped = page.waitForResponse((r) => r.url().endsWith("/register") && r.request().method() === "POST");
    await page.keyboard.press("Enter");
    expect((await swapped).status()).toBe(422);
    await page.waitForFunction(() => document.activeElement?.id === "error-summary");
    expect(await page.title()).toMatch(/^خطأ: /);
    expect(await page.locator("[role=alert]").count()).toBe(1);
    // The summary's link takes the cursor to the field.
    await page.keyboard.press("Tab");
    expect((await focused(page)).tag).toBe("a");
    await page.keyboard.press("Enter");
    expect((await focused(page)).id).toBe("f-passwordConfirm");
    expect(await page.getAttribute("#f-passwordConfirm", "aria-describedby")).toBe("f-passwordConfirm-error");
    await page.screenshot({ path: join(shots, "forms-register-error-ar-1280.png"), fullPage: true });

    // Corrected, it goes on to the code step, whose heading takes focus.
    await page.fill("[name=password]", "keyboard secret 1");
    await page.fill("[name=passwordConfirm]", "keyboard secret 1");
    await page.focus("[name=passwordConfirm]");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/register\/verify\?c=/);
    await expect.poll(async () => (await smsLines(dataDir)).filter((l) => l.to === MOBILE).length, { timeout: 10_000 }).toBeGreaterThan(0);
    // A wrong code first: the step is swapped, focus lands on its summary.
    await page.fill("[name=code]", "00000");
    await page.focus("[name=code]");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "error-summary");
    const code = /(\d{5})/.exec((await smsLines(dataDir)).filter((l) => l.to === MOBILE).at(-1)!.text)![1]!;
    await page.fill("[name=code]", code);
    await page.focus("[name=code]");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/account/);
    expect(errors).toEqual([]);
  });

  it("register without JavaScript: the whole page comes back with the summary focused and the title prefixed", async () => {
    const ctx = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await ctx.newPage();
    await page.goto(hub.url + "/lang/en?next=/register");
    await page.fill("[name=nationalId]", "12");
    await page.focus("[name=nationalId]");
    await Promise.all([page.waitForNavigation(), page.keyboard.press("Enter")]);
    expect(await page.title()).toMatch(/^Error: /);
    expect((await focused(page)).id).toBe("error-summary");
    expect(await page.locator("[role=alert]").count()).toBe(1);
    expect(await page.textContent("#error-summary")).toContain("A national number has 8 to 12 digits.");
    expect(await page.textContent("#error-summary")).not.toContain("This value is not valid.");
    await ctx.close();
  });

  it("sign-in: Tab order, visible focus, a wrong password focuses the summary; a second press while waiting sends nothing", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    await page.goto(hub.url + "/lang/en?next=/signin");
    await page.evaluate(() => (document.querySelector("#signin-form button[type=submit]")!.id = "signin-submit"));
    const stops = await tabThrough(page, "signin-submit");
    expect(ids(stops, "f-nationalId")).toEqual(["f-nationalId", "f-password", "signin-submit"]);
    expectVisibleFocus(stops);
    expectVisualOrder(stops.slice(stops.findIndex((s) => s.id === "f-nationalId")), "ltr");

    // Hold the answer back to see the busy state and try a second press.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let posts = 0;
    await page.route("**/signin*", async (route) => {
      if (route.request().method() !== "POST") return route.continue();
      posts++;
      await held;
      await route.continue();
    });
    await page.fill("[name=nationalId]", "1045678904");
    await page.fill("[name=password]", "not the password");
    await page.focus("[name=password]");
    await page.keyboard.press("Enter");
    await page.waitForSelector("#signin-form[aria-busy=true] button[type=submit]:disabled");
    await page.keyboard.press("Enter");
    await page
      .locator("#signin-form button[type=submit]")
      .click({ force: true })
      .catch(() => {});
    release();
    await page.waitForFunction(() => document.activeElement?.id === "error-summary");
    // htmx takes the new <title> from the answer as part of the swap; on a busy machine
    // that can land a frame after focus moved, so wait for it rather than read it at once.
    await page.waitForFunction(() => document.title.startsWith("Error: Sign in"));
    expect(posts).toBe(1);
    expect(await page.getAttribute("#signin-form button[type=submit]", "disabled")).toBeNull();
    await ctx.close();
  });

  it("a form without htmx (sign out) is sent once however often it is pressed", async () => {
    const page = await citizen.newPage();
    // What each submit event looked like once every listener had run (the page cannot
    // be queried while its navigation is held below).
    const submits: string[] = [];
    page.on("console", (m) => m.text().startsWith("submit:") && submits.push(m.text()));
    await page.addInitScript(() => {
      window.addEventListener("submit", (e: any) => {
        const f = e.target as HTMLFormElement;
        console.log(`submit: busy=${f.getAttribute("aria-busy")} prevented=${e.defaultPrevented}`);
      });
    });
    await page.goto(hub.url + "/account");
    let posts = 0;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    await page.route("**/signout", async (route) => {
      posts++;
      await held;
      await route.continue();
    });
    await page.locator("header form[action='/signout'] button").focus();
    await page.keyboard.press("Enter");
    await page.keyboard.press("Enter");
    await expect.poll(() => submits.length).toBeGreaterThan(0);
    release();
    await page.waitForURL(hub.url + "/");
    expect(posts).toBe(1);
    expect(submits[0]).toBe("submit: busy=true prevented=false");
    // A second press, if the button was not yet disabled, was stopped.
    for (const later of submits.slice(1)) expect(later).toBe("submit: busy=true prevented=true");
    await page.close();
  });

  it("filing: Tab order and focus; a refused filing focuses the summary, which links to each field", async () => {
    const page = await citizen.newPage();
    // Signed out by the test before: sign in again with the keyboard.
    await page.goto(hub.url + "/signin?next=/complaints/new");
    await page.fill("[name=nationalId]", "1045678904");
    await page.fill("[name=password]", "keyboard secret 1");
    await page.focus("[name=password]");
    await page.keyboard.press("Enter");
    await page.waitForURL(hub.url + "/complaints/new");
    await page.evaluate(() => (document.querySelector("#complaint-form button[type=submit]")!.id = "complaint-submit"));
    const stops = await tabThrough(page, "complaint-submit");
    const order = ids(stops, "f-kind");
    expect(order.slice(0, 10)).toEqual([
      "f-kind",
      "f-title",
      "f-text",
      "f-city",
      "f-district",
      "f-lat",
      "f-lng",
      "f-service",
      // Shown for a complaint, the default kind (the praise fields stay hidden).
      "f-staffConcerned",
      "f-attachments",
    ]);
    expect(order.at(-1)).toBe("complaint-submit");
    expectVisibleFocus(stops);
    expectVisualOrder(stops.slice(stops.findIndex((s) => s.id === "f-kind")), "rtl");

    await page.fill("[name=text]", "قصير");
    await page.focus("#complaint-submit");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "error-summary");
    // htmx moves the fragment's <title> into the document once the swap settles.
    await page.waitForFunction(() => document.title.startsWith("خطأ: "));
    const links = await page.$$eval("#error-summary a", (as: any[]) => as.map((a) => a.getAttribute("href") as string));
    expect(links).toEqual(expect.arrayContaining(["#f-text", "#f-city"]));
    for (const href of links) expect(await page.locator(href!).count()).toBe(1);
    await page.screenshot({ path: join(shots, "forms-filing-error-ar-1280.png"), fullPage: true });

    await page.selectOption("[name=city]", "riyadh");
    await page.fill("[name=text]", "حفرة عميقة في طريق الملك فهد أمام المخرج 5 أتلفت إطار سيارتي");
    await page.selectOption("[name=service]", "MOMAH/ROADS_POTHOLES");
    await page.focus("#complaint-form button[type=submit]");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\/complaints\/CMP-\d{4}-[A-Z0-9]{6}\?filed=1/);
    await page.close();
  });

  it("a liaison accepting: Tab reaches days, reason, button; a refusal focuses the summary, the preview its heading", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await ctx.newPage();
    const errors = watchErrors(page);
    await staffSignIn(page, hub.url, "liaison.momah@demo.hub.example");
    await page.goto(hub.url + "/agency");
    const href = await page.getAttribute("a[href^='/staff/complaints/CMP-']", "href");
    await page.goto(hub.url + href!);
    await page.evaluate(() => (document.querySelector("#act-accept button[type=submit]")!.id = "accept-submit"));
    const stops = await tabThrough(page, "accept-submit", 200);
    expect(ids(stops, "f-days")).toEqual(["f-days", "f-extensionReason", "accept-submit"]);
    expectVisibleFocus(stops);
    expectVisualOrder(stops.slice(stops.findIndex((s) => s.id === "f-days")), "rtl");

    // Longer than the service's window without a reason: refused in place.
    await page.fill("#act-accept [name=days]", "30");
    await page.focus("#act-accept [name=days]");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => document.activeElement?.id === "error-summary" && !!document.activeElement.closest("#act-accept"));
    expect(await page.title()).toMatch(/^خطأ: /);
    await page.fill("#act-accept [name=extensionReason]", "يحتاج الإصلاح تنسيقًا مع المقاول");
    await page.focus("#act-accept [name=extensionReason]");
    await page.keyboard.press("Enter");
    await page.waitForSelector("[data-testid=accept-preview]");
    // The swapped section's heading takes focus, and the title loses its prefix.
    await page.waitForFunction(() => document.activeElement?.matches("#complaint h1") ?? false);
    expect(await page.title()).not.toMatch(/^خطأ: /);
    await page.focus("#act-accept button[type=submit]");
    await page.keyboard.press("Enter");
    await page.waitForURL(/\?done=accept$/);
    expect(await page.textContent("[data-testid=status]")).toBe("قيد المعالجة");
    expect(errors).toEqual([]);
    await ctx.close();
  });

  it("screenshots of a refused registration and filing, in both languages and at phone and desktop widths", async () => {
    const page = await citizen.newPage();
    await page.goto(hub.url + "/account");
    if (page.url().includes("/signin")) {
      await page.fill("[name=nationalId]", "1045678904");
      await page.fill("[name=password]", "keyboard secret 1");
      await page.click("#signin-form button[type=submit]");
      await page.waitForURL(hub.url + "/account");
    }
    for (const lang of ["ar", "en"] as const) {
      await page.goto(`${hub.url}/lang/${lang}?next=/account`);
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await page.goto(hub.url + "/complaints/new");
        await page.fill("[name=text]", "short");
        await page.click("#complaint-form button[type=submit]");
        await page.waitForFunction(() => document.activeElement?.id === "error-summary");
        await page.screenshot({ path: join(shots, `forms-filing-error-${lang}-${width}.png`), fullPage: true });
      }
    }
    // Registration needs a signed-out browser.
    const anon = await browser.newContext();
    const reg = await anon.newPage();
    for (const lang of ["ar", "en"] as const) {
      await reg.goto(`${hub.url}/lang/${lang}?next=/register`);
      for (const width of [390, 1280]) {
        await reg.setViewportSize({ width, height: width === 390 ? 844 : 900 });
        await reg.goto(hub.url + "/register");
        await reg.fill("[name=nationalId]", "12");
        await reg.fill("[name=mobile]", "968");
        await reg.click("#register-form button[type=submit]");
        await reg.waitForFunction(() => document.activeElement?.id === "error-summary");
        await reg.screenshot({ path: join(shots, `forms-register-error-${lang}-${width}.png`), fullPage: true });
      }
    }
    await anon.close();
    await page.close();
  });
});
