import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { totpCode } from "../../server/auth/totp.ts";
import { DEMO_PASSWORD, demoTotpKey } from "../../server/demo/seed.ts";

// Debian's Chromium, driven by playwright-core (no browser download).
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, headless: true });
}

/** Script errors on the page; 4xx answers the page expects are not errors. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => m.type() === "error" && !m.text().includes("status of 4") && errors.push(m.text()));
  return errors;
}

/** What the log SMS gateway wrote to DATA_DIR/sms.jsonl. */
export async function smsLines(dataDir: string): Promise<{ to: string; text: string; at: string }[]> {
  const raw = await readFile(join(dataDir, "sms.jsonl"), "utf8").catch(() => "");
  return raw
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { to: string; text: string; at: string });
}

/** Signs a demo staff account in through the real form, TOTP included. */
export async function staffSignIn(page: Page, url: string, email: string, now: Date = new Date()) {
  await page.goto(url + "/staff/signin");
  await page.fill("[name=email]", email);
  await page.fill("[name=password]", DEMO_PASSWORD);
  await page.fill("[name=totp]", totpCode(demoTotpKey(email), now));
  await page.click("#staff-signin button[type=submit]");
  await page.waitForURL(/\/staff$/);
}
