import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { adminAudit } from "../../schema/index.ts";
import { SettableClock } from "../../server/clock.ts";
import { createCalendar } from "../../server/calendar/index.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { syncDirectory } from "../../server/directory/sync.ts";
import { seedDemo } from "../../server/demo/seed.ts";
import { secretBox } from "../../server/auth/secret-box.ts";
import { parseReportPeriod, previousPeriod } from "../../server/national-report/period.ts";
import { change, HEADLINES } from "../../server/national-report/summary.ts";
import { printableDocument } from "../../server/report-pdf/document.ts";
import { parseConfig } from "../../server/config.ts";
import { createTestDatabase, type TestDatabase } from "../support/db.ts";
import { testApp } from "../support/app.ts";
import { Browser } from "../support/http.ts";
import { signInStaff } from "../support/sessions.ts";
import { buildReportData, EXPECTED } from "../support/national-report-data.ts";

// The periodic national report (issue 19 items 4 and 5) on a hand-built data set: the
// page's headline figures and their change, the agency table's minimum, the appendix
// equal to the quarterly CSV and XLSX, the recommendations form with its audit and its
// conflict, the PDF route with a fake renderer and without one (503, never 500), and the
// transparency open data as CSV (BOM, CRLF) and XLSX. The real Chromium PDF is
// test/browser/national-report-pdf.test.ts.

let database: TestDatabase;
const clock = new SettableClock("2026-10-05T10:00:00+03:00");
const calendar = createCalendar();
let printed: string[] = [];
let failPdf = false;
const fakePdf = async (html: string) => {
  if (failPdf) throw new Error("chromium crashed");
  printed.push(html);
  return new TextEncoder().encode("%PDF-1.4 fake");
};
let withPdf: ReturnType<typeof testApp>;
let noPdf: ReturnType<typeof testApp>;
let analyst: Browser;

/** The cells of the table row whose header cell is `name` (the FiguresTable shape). */
const rowOf = (html: string, name: string) => {
  const m = new RegExp(`<th scope="row">(?:<a[^>]*>)?${name}(?:</a>)?</th>((?:<td>[^<]*</td>)+)`).exec(html);
  return m ? [...m[1]!.matchAll(/<td>([^<]*)<\/td>/g)].map((x) => x[1]!) : null;
};
const section = (html: string, id: string) =>
  html.slice(html.indexOf(`id="${id}"`), html.indexOf("</section>", html.indexOf(`id="${id}"`)));
const summaryRow = (html: string, column: string) => {
  const m = new RegExp(`<tr data-column="${column}">([\\s\\S]*?)</tr>`).exec(html);
  return m
    ? m[1]!
        .replace(/<[^>]+>/g, "|")
        .split("|")
        .map((s) => s.trim())
        .filter(Boolean)
    : null;
};

beforeAll(async () => {
  database = await createTestDatabase();
  await syncDirectory(database.db, await loadDirectory("agencies"));
  await seedDemo(database.db, secretBox("test-secret-for-sealing-totp-keys-000"));
  withPdf = testApp(database, { clock, calendar, pdf: fakePdf });
  noPdf = testApp(database, { clock, calendar });
  await buildReportData(database.db, withPdf.deps, clock);
  analyst = await signInStaff(withPdf.app, clock, "analyst");
});
afterAll(async () => {
  await database?.close();
});

describe("report periods and changes (pure)", () => {
  it("reads 2026-Q3 and 2026, and knows the period before", () => {
    expect(parseReportPeriod("2026-Q3")?.range).toEqual({ from: "2026-07-01", to: "2026-09-30" });
    expect(parseReportPeriod("2026")?.range).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(["2026-Q5", "26", "2026-q1", "1999", "2026-Q1x"].map(parseReportPeriod)).toEqual([null, null, null, null, null]);
    expect(previousPeriod(parseReportPeriod("2026-Q1")!).key).toBe("2025-Q4");
    expect(previousPeriod(parseReportPeriod("2026-Q3")!).key).toBe("2026-Q2");
    expect(previousPeriod(parseReportPeriod("2026")!).key).toBe("2025");
  });
  it("rates move in points, counts in per cent; a rise is good or bad news by figure", () => {
    const h = (c: string) => HEADLINES.find((x) => x.column === c)!;
    expect(change(h("onTimeRate"), 83.3, 80)).toEqual({ direction: "up", amount: 3.3, unit: "points", tone: "good" });
    expect(change(h("openOverdue"), 5, 10)).toEqual({ direction: "down", amount: 50, unit: "percent", tone: "good" });
    expect(change(h("escalations"), 6, 3)).toMatchObject({ direction: "up", tone: "bad" });
    expect(change(h("received"), 3, 0)).toBeNull(); // no per cent of nothing
    expect(change(h("onTimeRate"), null, 80)).toBeNull();
  });
  it("the printed document inlines the stylesheet and drops the scripts", () => {
    const doc = printableDocument(
      '<head><link rel="stylesheet" href="/static/app.css" /><script src="/static/app.js" defer></script></head><body>x</body>',
      "body{color:red}",
    );
    expect(doc).toBe("<head><style>body{color:red}</style></head><body>x</body>");
  });
  it("CHROMIUM_PATH defaults to Debian's Chromium", () => {
    expect(parseConfig({}).chromiumPath).toBe("/usr/bin/chromium");
    expect(parseConfig({ CHROMIUM_PATH: "/opt/chromium/chrome" }).chromiumPath).toBe("/opt/chromium/chrome");
  });
});

// One story in steps (each test picks up the data, the clock and the outbox the one before
// left): CI's shuffle still reorders the files, each on its own database, but not these steps.
describe("the national report for 2026-Q3", { shuffle: false }, () => {
  it("prints the headline figures with their change, the agencies with enough cases, the recurring issues and the appendix", async () => {
    const res = await analyst.get("/national/report/2026-Q3");
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain('<html lang="ar" dir="rtl">');
    expect(page).toContain("التقرير الدوري الوطني عن الشكاوى الحكومية");
    expect(page).toContain("مرفوع إلى دولة رئيس الوزراء");
    expect(page).toContain("تقرير ربع سنوي: الربع 3 من 2026");
    // Issued on the hub clock's day.
    expect(page).toMatch(/data-testid="report-issued">[^<]*2026/);
    const e = EXPECTED.national;
    expect(summaryRow(page, "received")).toEqual(["الواردة", e.received, e.receivedBefore, "▲", `ارتفاع ${EXPECTED.receivedChange}%`]);
    expect(summaryRow(page, "onTimeRate")).toEqual([
      "المعالجة في الموعد %",
      `${e.onTime}%`,
      `${e.onTimeBefore}%`,
      "▲",
      `ارتفاع ${EXPECTED.onTimeChange} نقطة مئوية (تحسّن)`,
    ]);
    expect(summaryRow(page, "acceptanceRate")![1]).toBe(`${e.acceptance}%`);
    // The agency table: MOMAH and WATER (10 or more), not MOH (4); MOMAH first (more cases).
    const agencies = section(page, "agencies");
    expect(agencies.indexOf("وزارة البلديات والإسكان")).toBeGreaterThan(0);
    expect(agencies.indexOf("وزارة البلديات والإسكان")).toBeLessThan(agencies.indexOf("المياه"));
    expect(agencies).not.toContain("وزارة الصحة");
    expect(agencies).toContain("جهة واحدة تلقت أقل من 10 شكاوى");
    expect(rowOf(agencies.replace(/<td><span[\s\S]*?<\/span><\/td>/g, ""), "وزارة البلديات والإسكان")!.slice(0, 5)).toEqual([
      EXPECTED.momah.received,
      EXPECTED.momah.closed,
      `${EXPECTED.momah.onTime}%`,
      "0",
      EXPECTED.momah.median,
    ]);
    expect(agencies).toContain("ارتفاع 10 نقطة مئوية (تحسّن)"); // MOMAH on time: 70 % → 80 %
    // Charts are inline SVG, no script and no external file.
    expect(section(page, "charts").match(/<svg role="img"/g)).toHaveLength(3);
    expect(section(page, "recurring")).toMatch(
      /<td>وزارة البلديات والإسكان<\/td><td>الحفر وتلف الأسفلت<\/td><td>الرياض<\/td><td>3<\/td><td>3<\/td>/,
    );
    expect(section(page, "recommendations")).toContain("لم تُدخل الوحدة توصيات لهذه الفترة بعد.");
    // The appendix is the quarterly table: the same rows as its CSV and XLSX.
    const appendix = section(page, "appendix");
    const csv = new TextDecoder().decode(await (await analyst.get("/national/reports.csv?year=2026&quarter=3")).arrayBuffer());
    const csvRows = csv
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n")
      .map((l) => l.split(","));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await (await analyst.get("/national/reports.xlsx?year=2026&quarter=3")).arrayBuffer());
    const sheet: string[][] = [];
    wb.worksheets[0]!.eachRow((row, i) => {
      if (i >= 2) sheet.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v))));
    });
    for (const name of ["على مستوى الدولة", "وزارة البلديات والإسكان", "وزارة الصحة"]) {
      const onPage = rowOf(appendix, name)!.map((v) => (v === "—" ? "" : v));
      const inCsv = csvRows.find((r) => r[0] === name)!.slice(1);
      const inXlsx = sheet.find((r) => r[0] === name)!.slice(1);
      expect(onPage, name).toEqual(inCsv);
      expect(inXlsx, name).toEqual(inCsv);
    }
    // The summary's figures are the table's national row.
    const national = csvRows.find((r) => r[0] === "على مستوى الدولة")!;
    expect([national[1], national[6], national[7]]).toEqual([e.received, e.closed, e.onTime]);
    // The previous quarter's national figures in appendix B.
    expect(rowOf(section(page, "appendix").split("report-previous")[1]!, "على مستوى الدولة")![0]).toBe(e.receivedBefore);
    // No Chromium configured in this app? It has a fake: the PDF link is there.
    expect(page).toContain('href="/national/report/2026-Q3.pdf"');
  });

  it("in English, and for a whole year", async () => {
    const page = await (await analyst.get("/national/report/2026-Q3", { cookie: `${analystCookies()}; lang=en` })).text();
    expect(page).toContain('<html lang="en" dir="ltr">');
    expect(page).toContain("Executive summary");
    expect(summaryRow(page, "received")!.slice(1)).toEqual(["56", "30", "▲", "Up 86.7%"]);
    const year = await (await analyst.get("/national/report/2026")).text();
    expect(year).toContain("تقرير سنوي: سنة 2026");
    expect(summaryRow(year, "received")!.slice(1, 3)).toEqual(["86", "0"]); // Q2 and Q3; nothing in 2025
    expect((await analyst.get("/national/report/2026-Q5")).status).toBe(404);
    expect((await analyst.get("/national/report/1999")).status).toBe(404);
    // The quarterly table links to the report for its period.
    expect(await (await analyst.get("/national/reports?year=2026&quarter=3")).text()).toContain('href="/national/report/2026-Q3"');
  });

  it("only the national unit sees it; agency staff get 404 and visitors the sign-in", async () => {
    const liaison = await signInStaff(withPdf.app, clock, "liaison.momah");
    expect((await liaison.get("/national/report/2026-Q3")).status).toBe(404);
    expect((await liaison.get("/national/report/2026-Q3.pdf")).status).toBe(404);
    expect((await liaison.post("/national/report/2026-Q3/recommendations", { recommendations: "x", version: "0" })).status).toBe(404);
    const visitor = await new Browser(withPdf.app).get("/national/report/2026-Q3");
    expect(visitor.status).toBe(303);
    expect(visitor.headers.get("location")).toContain("/staff/signin");
  });

  it("the unit writes its recommendations on the page; each save is audited and a stale save is refused", async () => {
    const saved = await analyst.post("/national/report/2026-Q3/recommendations", {
      recommendations: "١. إلزام البلديات بإصلاح الحفر خلال 3 أيام عمل\n\n- ربط مركز الاتصال بالمنصة",
      version: "0",
    });
    expect(saved.status).toBe(303);
    expect(saved.headers.get("location")).toBe("/national/report/2026-Q3?saved=1#recommendations");
    const page = await (await analyst.get("/national/report/2026-Q3?saved=1")).text();
    expect(section(page, "recommendations")).toMatch(
      /<li>١\. إلزام البلديات بإصلاح الحفر خلال 3 أيام عمل<\/li><li>ربط مركز الاتصال بالمنصة<\/li>/,
    );
    expect(page).toContain("حُفظت التوصيات.");
    expect(page).toContain('name="version" value="1"');
    const [row] = await database.db.select().from(adminAudit).where(eq(adminAudit.entity, "national_report"));
    expect(row).toMatchObject({ key: "2026-Q3", before: null, after: { version: 1 } });
    // A colleague's page was opened before the save: version 0 is stale now.
    const stale = await analyst.post("/national/report/2026-Q3/recommendations", { recommendations: "نص آخر", version: "0" });
    expect(stale.status).toBe(409);
    const staleHtml = await stale.text();
    expect(staleHtml).toContain("حفظ زميل توصيات هذه الفترة قبلك");
    expect(staleHtml).toContain(">نص آخر</textarea>"); // the typed text is kept
    expect(staleHtml).toContain('name="version" value="1"');
    expect(
      (await analyst.post("/national/report/2026-Q3/recommendations", { recommendations: "x".repeat(8001), version: "1" })).status,
    ).toBe(422);
    expect((await analyst.post("/national/report/2026-Q3/recommendations", { recommendations: "x", version: "-1" })).status).toBe(422);
    const second = await analyst.post("/national/report/2026-Q3/recommendations", { recommendations: "توصية واحدة", version: "1" });
    expect(second.status).toBe(303);
    const audits = await database.db.select().from(adminAudit).where(eq(adminAudit.entity, "national_report")).orderBy(adminAudit.id);
    expect(audits).toHaveLength(2);
    expect(audits[1]).toMatchObject({ before: { version: 1 }, after: { recommendations: "توصية واحدة", version: 2 } });
    // Other periods are untouched.
    expect(section(await (await analyst.get("/national/report/2026-Q2")).text(), "recommendations")).toContain("لم تُدخل الوحدة توصيات");
  });

  it("the PDF prints this page's HTML, self-contained; a failed print is a 503", async () => {
    printed = [];
    const res = await analyst.get("/national/report/2026-Q3.pdf");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/pdf");
    expect(res.headers.get("content-disposition")).toContain('filename="national-report-2026-Q3.pdf"');
    expect(new TextDecoder().decode(await res.arrayBuffer())).toBe("%PDF-1.4 fake");
    const [html] = printed;
    expect(html).toContain("<style>");
    expect(html).toContain("@media print");
    expect(html).not.toMatch(/<script|<link rel="stylesheet"|src="\//);
    const e = EXPECTED.national;
    expect(summaryRow(html!, "received")!.slice(1, 3)).toEqual([e.received, e.receivedBefore]);
    expect(html).not.toContain('action="/national/report/2026-Q3/recommendations"'); // nothing to fill in on paper
    failPdf = true;
    const failed = await analyst.get("/national/report/2026-Q3.pdf");
    failPdf = false;
    expect(failed.status).toBe(503);
    expect(await failed.text()).toContain("تعذّر إنشاء ملف PDF الآن");
    expect(withPdf.logs.some((l) => l.msg === "PDF rendering failed")).toBe(true);
  });

  it("without Chromium the page says how to install it and the PDF answers 503 with the same words", async () => {
    const b = await signInStaff(noPdf.app, clock, "reviewer");
    const page = await (await b.get("/national/report/2026-Q3")).text();
    expect(page).toContain('data-testid="pdf-missing"');
    expect(page).toContain("apt-get install chromium");
    expect(page).not.toContain(".pdf");
    const res = await b.get("/national/report/2026-Q3.pdf");
    expect(res.status).toBe(503);
    expect(await res.text()).toContain("apt-get install chromium");
    const en = await b.get("/national/report/2026-Q3.pdf", {
      cookie: `${b
        .cookieList()
        .map((c) => `${c.name}=${c.value}`)
        .join("; ")}; lang=en`,
    });
    expect(en.status).toBe(503);
    expect(await en.text()).toContain("The PDF needs the Chromium browser on the server");
  });
});

describe("transparency open data", () => {
  it("the CSV has a BOM and CRLF rows of equal width; the XLSX holds the same table", async () => {
    const q = "from=2026-07-01&to=2026-09-30";
    const res = await new Browser(withPdf.app).get(`/transparency.csv?${q}`);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.endsWith("\r\n")).toBe(true);
    expect(text.replace(/\r\n/g, "")).not.toMatch(/[\r\n]/); // no bare LF or CR: every line ends CRLF
    const rows = text
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n")
      .map((l) => l.split(","));
    expect(rows[0]![0]).toBe("Agency");
    expect(new Set(rows.map((r) => r.length)).size).toBe(1);
    expect(rows.find((r) => r[0] === "Ministry of Health")!.slice(1, 3)).toEqual(["under 10", ""]);
    const x = await new Browser(withPdf.app).get(`/transparency.xlsx?${q}`);
    expect(x.status).toBe(200);
    expect(x.headers.get("content-type")).toContain("spreadsheetml");
    expect(x.headers.get("content-disposition")).toContain("complaints-by-agency-2026-07-01-2026-09-30.xlsx");
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await x.arrayBuffer());
    const ws = wb.worksheets[0]!;
    expect(ws.views[0]).toMatchObject({ rightToLeft: false });
    const sheet: string[][] = [];
    ws.eachRow((row, i) => {
      if (i >= 2) sheet.push((row.values as unknown[]).slice(1).map((v) => (v === null || v === undefined ? "" : String(v))));
    });
    expect(sheet).toEqual(rows.map((r) => r.slice(0, sheet[0]!.length)));
    expect(await (await new Browser(withPdf.app).get(`/transparency?${q}`)).text()).toContain(
      `href="/transparency.xlsx?${q.replace("&", "&amp;")}"`,
    );
  });
});

function analystCookies(): string {
  return analyst
    .cookieList()
    .map((c) => `${c.name}=${c.value}`)
    .join("; ");
}
