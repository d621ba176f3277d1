import type { Context } from "hono";
import { createRouter, readDb, type AppEnv } from "../app-env.ts";
import { startOfLocalDay } from "../calendar/index.ts";
import { addDays } from "../calendar/zone.ts";
import { formatDate } from "../calendar/format.ts";
import { kpis } from "../kpi/compute.ts";
import { cells } from "../kpi/table.ts";
import { hotspots, MIN_REPEATS } from "../kpi/recurring.ts";
import { directoryNames, inLang } from "../directory/names.ts";
import { SUPPRESS_BELOW } from "../policy.ts";
import { messages, type Lang } from "../../views/i18n/index.ts";
import { NationalReportPage, type NationalReportProps } from "../../views/pages/national/report.tsx";
import { parseReportPeriod, PERIOD_PATTERN, previousPeriod, tableQuery, type ReportPeriod } from "../national-report/period.ts";
import { change, HEADLINES, reportedAgencies, summary } from "../national-report/summary.ts";
import { reportNotes, saveReportNotes } from "../national-report/store.ts";
import { printableDocument } from "../report-pdf/document.ts";
import { langOf } from "./context.ts";
import { formFields, redirectTo, respond } from "./respond.tsx";
import { agencyNamer } from "./options.ts";
import { requireStaff } from "./staff/guard.ts";
import { tables } from "./kpi.tsx";
import { isNational } from "./kpi-period.ts";
import { stylesheet } from "./static.ts";

// The periodic national report (issue 19 items 4 and 5; seed 003: the unit's periodic
// technical reports to the Prime Minister): /national/report/2026-Q3 or /2026, its PDF
// printed by Chromium from the same HTML, and the unit's recommendations saved per
// period. Its figures are the quarterly table's (server/web/kpi.tsx), so the page, the
// CSV, the XLSX and the PDF print one set of numbers.

export const MAX_RECOMMENDATIONS = 8000;
const onTime = HEADLINES.find((h) => h.column === "onTimeRate")!;

function periodLabel(lang: Lang, p: ReportPeriod): string {
  const k = messages(lang).kpi;
  return p.quarter === null ? k.yearLabel(p.year) : k.quarterLabel(p.quarter, p.year);
}

async function reportProps(
  c: Context<AppEnv>,
  p: ReportPeriod,
  edit: Partial<NationalReportProps["edit"]> = {},
): Promise<NationalReportProps> {
  const lang = langOf(c);
  const t = messages(lang);
  const { clock, calendar: cal } = c.var.deps;
  const now = clock.now();
  const before = previousPeriod(p);
  const from = startOfLocalDay(cal, p.range.from);
  const to = startOfLocalDay(cal, addDays(p.range.to, 1));
  // The period's figures exactly as the quarterly table computes them (overdue backlog
  // as of now); the period before counts the backlog as of its own end, at the latest now.
  const beforeEnd = startOfLocalDay(cal, addDays(before.range.to, 1));
  const [current, previous, spots, dir, name, notes] = await Promise.all([
    kpis(readDb(c.var.deps), p.range, now),
    kpis(readDb(c.var.deps), before.range, beforeEnd < now ? beforeEnd : now),
    hotspots(readDb(c.var.deps), from, to, 20),
    directoryNames(readDb(c.var.deps)),
    agencyNamer(c, lang),
    // The primary: right after a save the page must show it.
    reportNotes(c.var.deps.db, p.key),
  ]);
  const tb = tables(lang, current.perAgency, current.national, name);
  const prevTb = tables(lang, previous.perAgency, previous.national, name);
  // The same threshold the public figures use (kpi/disclose.ts): under it an agency's rates point at a handful of cases.
  const { shown, fewer } = reportedAgencies(tb.entries, SUPPRESS_BELOW);
  const svc = new Map(dir.services.map((s) => [`${s.agencyCode}/${s.code}`, inLang(s, lang)]));
  const city = new Map(dir.cities.map((x) => [x.code, inLang(x, lang)]));
  const kinds = t.kinds as Record<string, string>;
  return {
    t,
    lang,
    periodKey: p.key,
    label: periodLabel(lang, p),
    annual: p.quarter === null,
    from: p.range.from,
    to: p.range.to,
    issued: formatDate(cal, now, lang).gregorian,
    previousLabel: periodLabel(lang, before),
    summary: summary(current.national, previous.national),
    agencies: shown.map((e) => {
      const prev = previous.perAgency.get(e.code);
      return {
        name: e.name,
        cells: cells(e.k),
        onTimeChange: prev ? change(onTime, cells(e.k).onTimeRate, cells(prev).onTimeRate) : null,
      };
    }),
    fewer: fewer.length,
    minCases: SUPPRESS_BELOW,
    charts: {
      onTime: shown.map((e) => ({ label: e.name, value: cells(e.k).onTimeRate })),
      received: shown.map((e) => ({ label: e.name, value: e.k.received })),
      kinds: Object.entries(current.national.receivedBy.kind)
        .filter(([, n]) => n > 0)
        .sort((a, b) => b[1] - a[1])
        .map(([kind, n]) => ({ label: kinds[kind] ?? kind, value: n })),
    },
    minRepeats: MIN_REPEATS,
    hotspots: spots.map((h) => ({
      agency: name(h.agencyCode ?? ""),
      service: svc.get(`${h.agencyCode}/${h.serviceCode}`) ?? h.serviceCode ?? "",
      place: [city.get(h.city) ?? h.city, h.district].filter(Boolean).join(" — "),
      n: h.n,
      open: h.open,
    })),
    recommendations: {
      text: notes?.recommendations ?? "",
      version: notes?.version ?? 0,
      edited: notes ? formatDate(cal, notes.updatedAt, lang, { withTime: true }).gregorian : null,
    },
    edit: { allowed: isNational(c), maxLength: MAX_RECOMMENDATIONS, ...edit },
    // The quarterly table's CSV rows: the national line, then every agency.
    appendix: { headers: tb.agencies.headers, rows: [...tb.national.rows, ...tb.agencies.rows] },
    previous: prevTb.national,
    links: {
      csv: `/national/reports.csv?${tableQuery(p)}`,
      xlsx: `/national/reports.xlsx?${tableQuery(p)}`,
      pdf: c.var.deps.pdf ? `/national/report/${p.key}.pdf` : null,
    },
  };
}

const page = async (
  c: Context<AppEnv>,
  p: ReportPeriod,
  edit: Partial<NationalReportProps["edit"]> = {},
  status: 200 | 409 | 422 = 200,
) => {
  const props = await reportProps(c, p, edit);
  return respond(c, `${props.t.natreport.title} — ${props.label}`, <NationalReportPage {...props} />, status);
};

export function nationalReportRoutes() {
  const app = createRouter();

  app.get(`/national/report/:period{${PERIOD_PATTERN}}`, requireStaff, async (c) => {
    const p = parseReportPeriod(c.req.param("period") ?? "");
    if (!isNational(c) || !p) return c.notFound();
    return page(c, p, c.req.query("saved") ? { notice: messages(langOf(c)).natreport.saved } : {});
  });

  app.get(`/national/report/:file{${PERIOD_PATTERN}\\.pdf}`, requireStaff, async (c) => {
    const p = parseReportPeriod((c.req.param("file") ?? "").replace(/\.pdf$/, ""));
    if (!isNational(c) || !p) return c.notFound();
    const t = messages(langOf(c));
    const render = c.var.deps.pdf;
    // Without Chromium the hub still runs; the PDF alone is unavailable, and says how to fix it.
    if (!render) return c.text(t.natreport.pdfMissing, 503, { "retry-after": "3600" });
    const props = await reportProps(c, p, { allowed: false });
    const html = await (await respond(c, `${t.natreport.title} — ${props.label}`, <NationalReportPage {...props} />)).text();
    let pdf: Uint8Array;
    try {
      pdf = await render(printableDocument(html, stylesheet()));
    } catch (err) {
      const e = err as Error;
      c.var.deps.logger.error({ reqId: c.var.requestId, err: { name: e.name, message: e.message } }, "PDF rendering failed");
      return c.text(t.natreport.pdfFailed, 503, { "retry-after": "30" });
    }
    return c.body(pdf as Uint8Array<ArrayBuffer>, 200, {
      "content-type": "application/pdf",
      "content-disposition": `inline; filename="national-report-${p.key}.pdf"`,
    });
  });

  app.post(`/national/report/:period{${PERIOD_PATTERN}}/recommendations`, requireStaff, async (c) => {
    const p = parseReportPeriod(c.req.param("period") ?? "");
    if (!isNational(c) || !p) return c.notFound();
    const t = messages(langOf(c));
    const f = await formFields(c);
    const text = (f.recommendations ?? "").replace(/\r\n?/g, "\n").trim();
    const version = Number(f.version);
    if (!Number.isInteger(version) || version < 0) return page(c, p, { value: text, error: t.errors.invalid }, 422);
    if (text.length > MAX_RECOMMENDATIONS) return page(c, p, { value: text, error: t.natreport.tooLong(MAX_RECOMMENDATIONS) }, 422);
    const saved = await saveReportNotes(
      c.var.deps.db,
      { period: p.key, recommendations: text, expectedVersion: version, actorId: c.var.staff!.id },
      c.var.deps.clock.now(),
    );
    // Someone saved first: their text shows in the report, this person's stays in the box.
    if (!saved.ok) return page(c, p, { value: text, error: t.natreport.stale }, 409);
    return redirectTo(c, `/national/report/${p.key}?saved=1#recommendations`);
  });

  return app;
}
