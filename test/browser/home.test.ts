import { mkdir, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "../support/chromium.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { startHub, type HubProcess } from "../support/server-process.ts";

// Debian's Chromium; the flags keep it off the network this machine does not have.

let hub: HubProcess;
let browser: Browser;
const shots = join(process.cwd(), "test-results");

beforeAll(async () => {
  await mkdir(shots, { recursive: true });
  hub = await startHub({ DATA_DIR: await mkdtemp(join(tmpdir(), "hub-browser-")) });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await hub?.stop();
});

describe("home page in Chromium", () => {
  it("opens in Arabic, right to left, lists the sample agencies, and switches to English and back", async () => {
    const { agencies } = await loadDirectory("agencies");
    const page = await browser.newPage();
    await page.goto(hub.url + "/");
    expect(await page.getAttribute("html", "lang")).toBe("ar");
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    expect(await page.evaluate("getComputedStyle(document.body).direction")).toBe("rtl");
    await expect(page.locator("h1").textContent()).resolves.toContain("منصة الشكاوى الحكومية الموحدة");
    expect(await page.locator("[data-testid=agency-list] > li").count()).toBe(agencies.length);
    const momah = agencies.find((a) => a.code === "MOMAH")!;
    await page.locator('[data-agency="MOMAH"] summary').click();
    await expect(page.locator('[data-agency="MOMAH"] [data-service]').first().isVisible()).resolves.toBe(true);
    expect(await page.locator('[data-agency="MOMAH"]').textContent()).toContain(momah.name.ar);
    await page.screenshot({ path: join(shots, "home-ar.png"), fullPage: false });

    await page.click("[data-testid=lang-switch]");
    await page.waitForURL(hub.url + "/");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    expect(await page.getAttribute("html", "dir")).toBe("ltr");
    expect(await page.locator('[data-agency="MOMAH"]').textContent()).toContain(momah.name.en);
    await page.screenshot({ path: join(shots, "home-en.png"), fullPage: false });

    // Remembered: a fresh visit in the same browser stays in English.
    await page.goto(hub.url + "/");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.click("[data-testid=lang-switch]");
    await page.waitForURL(hub.url + "/");
    expect(await page.getAttribute("html", "lang")).toBe("ar");
    await page.close();
  });

  it("loads htmx and the stylesheet from the hub with no console errors", async () => {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(hub.url + "/");
    await page.waitForFunction("typeof window.htmx === 'object'");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("an unknown address shows the translated 404 page", async () => {
    const page = await browser.newPage();
    const res = await page.goto(hub.url + "/nowhere");
    expect(res!.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("الصفحة غير موجودة");
    await page.close();
  });
});
