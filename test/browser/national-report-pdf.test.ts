import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser as Chromium } from "playwright-core";
import { SettableClock } from "../../server/clock.ts";
import { createCalendar } from "../../server/calendar/index.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import { secretBox } from "../../server/auth/secret-box.ts";
import { chromiumPdf, findChromium } from "../../server/report-pdf/chromium.ts";
import { messages } from "../../views/i18n/index.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { testApp } from "../support/app.ts";
import type { Browser } from "../support/http.ts";
import { signInStaff } from "../support/sessions.ts";
import { launchChromium } from "../support/chromium.ts";
import { buildReportData, EXPECTED } from "../support/national-report-data.ts";
import { pdfText } from "../support/pdf-text.ts";

// The national report's PDF printed by the real Chromium (server/report-pdf) from the
// hand-built data set: its text, read back in logical order, has the Arabic headings in
// the report's order and the same figures as the page and the quarterly CSV; page 1
// rendered to a PNG by Chromium's PDF viewer is the cover, not a blank page. Skipped,
// saying so, only where Chromium is not installed (CI installs it for this project).

const CHROMIUM = findChromium(process.env.CHROMIUM_PATH ?? "/usr/bin/chromium");
if (!CHROMIUM) console.warn("national-report-pdf: SKIPPED, no Chromium at CHROMIUM_PATH or /usr/bin/chromium (apt-get install chromium)");
const shots = join(process.cwd(), "test-results");

let database: TestDatabase;
const clock = new SettableClock("2026-10-05T10:00:00+03:00");
let h: ReturnType<typeof testApp>;
let analyst: Browser;
let viewer: Chromium;

const squash = (s: string) => s.replace(/\s+/g, "");
// A "%" drawn in another font than its number is a run of its own, which the extractor
// cannot always put on the right side of the number: the figures are compared without it.
const figures = (s: string) => squash(s).replace(/%/g, "");

describe.skipIf(!CHROMIUM)("the national report's PDF in Chromium", () => {
  beforeAll(async () => {
    await mkdir(shots, { recursive: true });
    database = await createTestDatabase();
    await syncDirectory(database.db, await loadDirectory("agencies"));
    await seedDemo(database.db, secretBox("test-secret-for-sealing-totp-keys-000"));
    h = testApp(database, { clock, calendar: createCalendar(), pdf: chromiumPdf(CHROMIUM!) });
    await buildReportData(database.db, h.deps, clock);
    analyst = await signInStaff(h.app, clock, "analyst");
    const saved = await analyst.post("/national/report/2026-Q3/recommendations", {
      recommendations: "إلزام البلديات بإصلاح الحفر خلال 3 أيام عمل\nربط مركز الاتصال بالمنصة",
      version: "0",
    });
    expect(saved.status).toBe(303);
    viewer = await launchChromium();
  });
  afterAll(async () => {
    await viewer?.close();
    await database?.close();
  });

  it("has the Arabic headings in order and the page's and the CSV's figures", async () => {
    const res = await analyst.get("/national/report/2026-Q3.pdf");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    const pdf = new Uint8Array(await res.arrayBuffer());
    await writeFile(join(shots, "national-report-2026-Q3-ar.pdf"), pdf);
    expect(new TextDecoder().decode(pdf.slice(0, 5))).toBe("%PDF-");
    const pages = pdfText(pdf, "rtl");
    const m = messages("ar").natreport;
    // The cover: title, addressee and period, alone on page 1.
    expect(pages[0]).toContain(m.title);
    expect(pages[0]).toContain(m.addressee);
    expect(pages[0]).toContain("تقرير ربع سنوي: الربع 3 من 2026");
    expect(pages.length).toBeGreaterThan(2);
    // After the cover, each section's heading is a line of its own, in the report's order.
    const body = pages.slice(1).flat();
    const headings = [m.summaryTitle, m.agenciesTitle, m.chartsTitle, m.recurringTitle, m.recommendationsTitle, m.appendixTitle];
    const at = headings.map((x) => body.indexOf(x));
    expect(
      at.every((i) => i >= 0),
      JSON.stringify(headings.filter((_, i) => at[i]! < 0)),
    ).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    // The headline figures, as on the page: received 56 against 30, on time 83.3 % against 80 %.
    const e = EXPECTED.national;
    const line = (start: string, from = 0) => body.slice(from).find((l) => l.startsWith(start));
    expect(squash(line("الواردة")!)).toBe(squash(`الواردة ${e.received} ${e.receivedBefore} ▲ ارتفاع ${EXPECTED.receivedChange}%`));
    expect(figures(line("المعالجة في الموعد")!)).toContain(
      figures(`${e.onTime} ${e.onTimeBefore} ▲ ارتفاع ${EXPECTED.onTimeChange} نقطة مئوية`),
    );
    expect(body.some((l) => l.endsWith("إلزام البلديات بإصلاح الحفر خلال 3 أيام عمل"))).toBe(true);
    // Appendix A's national line is the quarterly CSV's national row, cell for cell.
    const csv = new TextDecoder().decode(await (await analyst.get("/national/reports.csv?year=2026&quarter=3")).arrayBuffer());
    const appendix = body.indexOf(m.appendixTitle);
    for (const name of ["على مستوى الدولة", "وزارة البلديات والإسكان"]) {
      const row = csv
        .replace(/^\uFEFF/, "")
        .split("\r\n")
        .find((r) => r.startsWith(`${name},`))!
        .split(",");
      expect(squash(line(name, appendix)!), name).toBe(squash(row.map((v) => (v === "" ? "—" : v)).join(" ")));
    }
    // The page itself shows the same headline numbers.
    const page = await (await analyst.get("/national/report/2026-Q3")).text();
    expect(page).toMatch(
      new RegExp(
        `<tr data-column="received"><th scope="row">الواردة</th><td class="headline">${e.received}</td><td>${e.receivedBefore}</td>`,
      ),
    );
  });

  it("in English the headings read left to right in the same order", async () => {
    const cookies = analyst.cookieList().map((c) => `${c.name}=${c.value}`);
    const res = await analyst.get("/national/report/2026-Q3.pdf", { cookie: [...cookies, "lang=en"].join("; ") });
    const body = pdfText(new Uint8Array(await res.arrayBuffer()), "ltr")
      .slice(1)
      .flat();
    const m = messages("en").natreport;
    const at = [m.summaryTitle, m.agenciesTitle, m.chartsTitle, m.recurringTitle, m.recommendationsTitle, m.appendixTitle].map((x) =>
      body.indexOf(x),
    );
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(squash(body.find((l) => l.startsWith("Received"))!)).toBe(squash(`Received 56 30 ▲ Up ${EXPECTED.receivedChange}%`));
  });

  it("page 1 rendered to a PNG is the cover, not a blank page", async () => {
    const file = join(shots, "national-report-2026-Q3-ar.pdf");
    const page = await viewer.newPage({ viewport: { width: 850, height: 1200 } });
    await page.goto(`file://${file}#toolbar=0&navpanes=0&view=FitH`);
    await page.waitForTimeout(3000);
    const png = await page.screenshot();
    const shot = join(shots, "national-report-2026-Q3-page1.png");
    await writeFile(shot, png);
    // Read the pixels back through a canvas: the sheet is mostly white, with dark ink on it.
    await page.goto("about:blank");
    const stats = (await page.evaluate(`(async () => {
      const img = new Image();
      img.src = "data:image/png;base64,${png.toString("base64")}";
      await img.decode();
      const canvas = document.createElement("canvas");
      canvas.width = img.width;
      canvas.height = img.height;
      const ctx = canvas.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, img.width, img.height).data;
      let white = 0, ink = 0;
      for (let i = 0; i < data.length; i += 4) {
        const l = (data[i] + data[i + 1] + data[i + 2]) / 3;
        if (l > 245) white++;
        else if (l < 120) ink++;
      }
      return { white: white / (data.length / 4), ink: ink / (data.length / 4) };
    })()`)) as { white: number; ink: number };
    expect(stats.white, shot).toBeGreaterThan(0.5);
    expect(stats.ink, shot).toBeGreaterThan(0.002);
    await page.close();
  });
});
