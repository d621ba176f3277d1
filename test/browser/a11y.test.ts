import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser as Chromium, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "../support/chromium.ts";
import { ROLES, startStoryHub, type Role, type StoryHub } from "../support/a11y-hub.ts";

// Issue 11's accessibility suite: every route that renders a page, as every kind of user,
// in Arabic and English, on a phone (390 px, and 320 px for width) and a desktop, with axe-core 4.14 (all rules, any
// impact) plus "is the document wider than the screen?". The routes come from the app's
// own table, so a page added later is checked without touching this file; what a route
// answers decides whether it is a page (HTML) or not (a redirect, a download, JSON).
// Error states and htmx swaps are reached through the real forms.

const SIZES = [
  { name: "phone", width: 390, height: 844 },
  { name: "desktop", width: 1280, height: 900 },
] as const;
const LANGS = ["ar", "en"] as const;

let hub: StoryHub;
let chromium: Chromium;
let axeSource: string;

beforeAll(async () => {
  axeSource = await readFile(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  [hub, chromium] = await Promise.all([startStoryHub(), launchChromium()]);
}, 180_000);
afterAll(async () => {
  await chromium?.close();
  await hub?.close();
});

/** Real values for a route's path parameters, from the story the hub was seeded with. */
function fill(path: string, role: Role): string[] {
  const s = hub.story;
  const m = /:([a-zA-Z]+)(\{(?:[^{}]|\{[^}]*\})*\})?/.exec(path);
  if (!m) return [path];
  const values: Record<string, string[]> = {
    reference:
      path.startsWith("/reports") || path.startsWith("/review")
        ? [s.report]
        : path.startsWith("/staff")
          ? [s.complaint, s.waiting]
          : [s.complaint, s.closed],
    agency: ["MOMAH"],
    // The periodic national report (its .pdf route is no HTML page).
    period: ["2026-Q4"],
    token: s.ratePath && role === "anonymous" ? [s.ratePath.split("/").at(-1)!] : [],
    // A file that is not there: the 404 page is what a page-rendering check can see.
    id: ["00000000-0000-0000-0000-000000000000"],
  };
  const options = values[m[1]!] ?? [];
  return options.flatMap((v) => fill(path.slice(0, m.index) + v + path.slice(m.index + m[0].length), role));
}

/**
 * The addresses a role gets a page at: each GET route, filled in, asked once in this
 * process. Anonymous visitors are checked on every HTML answer (sign-in prompts, 404s);
 * signed-in roles on the pages they may open.
 */
async function pagesFor(role: Role): Promise<string[]> {
  const paths = [...new Set(hub.h.app.routes.filter((r) => r.method === "GET").map((r) => r.path))];
  const urls: string[] = [];
  const seen = new Set<string>();
  const b = hub.sessions.get(role)!;
  for (const path of paths) {
    for (const url of fill(path, role)) {
      const res = await b.get(url);
      const body = await res.text();
      // A page is an HTML document; an htmx fragment (the filing form's suggestions) is
      // checked where it is swapped in, a redirect, download or JSON is no page at all.
      const html = (res.headers.get("content-type") ?? "").startsWith("text/html") && /^\s*<!DOCTYPE html>/i.test(body);
      if (!html || !(res.status === 200 || (role === "anonymous" && res.status < 500 && res.status >= 400))) continue;
      // The same page under another address (the sign-in prompt or 404 that every
      // protected route gives a visitor) is checked once: only the address differs.
      const page = body.split(encodeURIComponent(url)).join("").split(url).join("");
      if (seen.has(page)) continue;
      seen.add(page);
      urls.push(url);
    }
  }
  return urls;
}

interface Finding {
  state: string;
  problems: string[];
}

// Runs in the page (as a string: this project's TypeScript has no DOM types). Elements
// named in an overflow are the first few that reach past the screen's edges, skipping
// ones clipped away for screen readers only.
const IN_PAGE_CHECK = `(async () => {
  const r = await axe.run(document, { resultTypes: ["violations"] });
  const el = document.documentElement;
  const wide = [...document.querySelectorAll("body *")]
    .filter((e) => { const b = e.getBoundingClientRect(); return b.width > 1 && (b.right > el.clientWidth + 1 || b.left < -1); })
    .slice(0, 3)
    .map((e) => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + [...e.classList].map((c) => "." + c).join(""));
  return {
    violations: r.violations.map((v) => v.impact + " " + v.id + " ×" + v.nodes.length + ": " + v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", ")),
    overflow: el.scrollWidth > el.clientWidth ? "document " + el.scrollWidth + "px wide on a " + el.clientWidth + "px viewport (" + wide.join(", ") + ")" : null,
  };
})()`;

const OVERFLOW_ONLY = `(() => {
  const el = document.documentElement;
  return el.scrollWidth > el.clientWidth ? "document " + el.scrollWidth + "px wide on a " + el.clientWidth + "px viewport" : null;
})()`;

async function check(page: Page, state: string, findings: Finding[]) {
  await page.evaluate(axeSource);
  const result = (await page.evaluate(IN_PAGE_CHECK)) as { violations: string[]; overflow: string | null };
  const problems = [...result.violations, ...(result.overflow ? [result.overflow] : [])];
  // The narrowest phones in use: the same state at 320 px must not overflow either.
  const viewport = page.viewportSize()!;
  if (viewport.width < 400) {
    await page.setViewportSize({ width: 320, height: viewport.height });
    const narrow = (await page.evaluate(OVERFLOW_ONLY)) as string | null;
    if (narrow) problems.push(`at 320 px: ${narrow}`);
    await page.setViewportSize(viewport);
  }
  findings.push({ state, problems });
}

/** Submits a form the way a person does and waits until its answer is on screen (page or htmx swap). */
async function submit(page: Page, form: string, button = "button[type=submit]") {
  // The server's answer to what the browser's own checks would have stopped: the state
  // a person without those checks (or with an old browser) reaches.
  const htmx = await page.$eval(form, (f) => {
    (f as unknown as { noValidate: boolean }).noValidate = true;
    return f.hasAttribute("hx-post");
  });
  const click = page.click(`${form} ${button}`);
  if (!htmx) {
    await Promise.all([page.waitForEvent("load"), click]);
    return;
  }
  await Promise.all([page.waitForResponse((r) => r.request().method() === "POST", { timeout: 10_000 }), click]);
  await settled(page);
}

/** After htmx's answer arrived: until no element is still requesting, swapping or settling, and one frame painted. */
async function settled(page: Page) {
  // A function, not a string: the hub's CSP forbids eval, which a string predicate needs.
  await page.waitForFunction(
    () =>
      !(globalThis as unknown as { document: { querySelector: (s: string) => unknown } }).document.querySelector(
        ".htmx-request, .htmx-swapping, .htmx-settling",
      ),
  );
  await page.evaluate(`new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))`);
}

/** The states behind an interaction: empty forms sent, htmx answers swapped in. */
function interactions(role: Role, run: number): { name: string; run: (page: Page) => Promise<void> }[] {
  const s = hub.story;
  const empty = (path: string, form: string) => ({
    name: `${path} sent empty`,
    run: async (page: Page) => {
      await page.goto(hub.url + path);
      await submit(page, form);
    },
  });
  switch (role) {
    case "anonymous":
      return [
        empty("/register", "#register-form"),
        empty("/signin", "main form[method=post]"),
        empty("/forgot", "main form[method=post]"),
        empty("/staff/signin", "#staff-signin"),
        ...(s.ratePath ? [empty(s.ratePath, "main form[method=post]")] : []),
      ];
    case "citizen":
      return [
        empty("/complaints/new", "#complaint-form"),
        {
          name: "/complaints/new with the router's suggestions for the typed text (htmx)",
          run: async (page) => {
            await page.goto(hub.url + "/complaints/new");
            await Promise.all([
              page.waitForResponse((r) => r.url().includes("/complaints/suggest"), { timeout: 10_000 }),
              page.fill("#complaint-form [name=text]", "حفرة كبيرة في الطريق أمام المدرسة أتلفت إطار السيارة"),
            ]);
            await settled(page);
          },
        },
        empty("/reports/new", "main form[method=post]"),
      ];
    case "liaison.momah":
      return [
        {
          name: `accept ${s.waiting} for 99 days without a reason (htmx)`,
          run: async (page) => {
            await page.goto(`${hub.url}/staff/complaints/${s.waiting}`);
            await page.fill("#act-accept [name=days]", "99");
            await submit(page, "#act-accept");
          },
        },
      ];
    case "triage":
      return [
        empty("/triage/register", "main form[method=post]"),
        {
          // Each run routes a complaint of its own, so the runs side by side never race for one.
          name: `triage row ${s.triage[run]} routed to its first suggestion (htmx)`,
          run: async (page) => {
            await page.goto(`${hub.url}/triage`);
            await submit(page, `[data-testid=triage-queue] > li[data-reference="${s.triage[run]}"] form`);
          },
        },
      ];
    default:
      return [];
  }
}

describe("accessibility in Chromium (axe-core 4.14, phone and desktop, Arabic and English)", () => {
  it("every page state of every role has no axe violation and is no wider than its screen", async () => {
    const findings: Finding[] = [];
    for (const role of ROLES) {
      const urls = await pagesFor(role);
      expect(urls.length, `${role} has pages`).toBeGreaterThan(0);
      const cookies = hub.sessions
        .get(role)!
        .cookieList()
        .filter((c) => c.name !== "lang");
      // Phone and desktop side by side: one page each, so Chromium works while the hub answers the other.
      await Promise.all(
        SIZES.map(async (size) => {
          const context: BrowserContext = await chromium.newContext({ viewport: { width: size.width, height: size.height } });
          await context.addCookies(cookies.map((c) => ({ ...c, url: hub.url })));
          const page = await context.newPage();
          for (const lang of LANGS) {
            await context.addCookies([{ name: "lang", value: lang, url: hub.url }]);
            const where = `${role} ${lang} ${size.width}`;
            for (const url of urls) {
              await page.goto(hub.url + url);
              await check(page, `${where} GET ${url}`, findings);
            }
            for (const step of interactions(role, SIZES.indexOf(size) * LANGS.length + LANGS.indexOf(lang))) {
              const failed = await step.run(page).then(
                () => null,
                (e: Error) => e.message.split("\n")[0]!,
              );
              if (failed) findings.push({ state: `${where} ${step.name}`, problems: [`could not be reached: ${failed}`] });
              else await check(page, `${where} ${step.name}`, findings);
            }
          }
          await context.close();
        }),
      );
    }
    const bad = findings.filter((f) => f.problems.length > 0);
    const violations = bad.flatMap((f) => f.problems).filter((p) => !p.startsWith("document ") && !p.startsWith("at 320 px")).length;
    const overflowing = bad.filter((f) => f.problems.some((p) => p.startsWith("document ") || p.startsWith("at 320 px"))).length;
    console.log(
      `accessibility: ${findings.length} page states checked (${ROLES.length} roles × ${LANGS.length} languages × ${SIZES.length} sizes), ${violations} axe violations, ${overflowing} wider than the screen (phones also measured at 320 px)`,
    );
    for (const f of bad) console.log(`  ${f.state}\n    ${f.problems.join("\n    ")}`);
    expect(bad.map((f) => `${f.state}: ${f.problems.join("; ")}`)).toEqual([]);
  }, 900_000);
});
