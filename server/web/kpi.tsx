import type { Context } from "hono";
import { createRouter, readDb, type AppEnv } from "../app-env.ts";
import { hasRole } from "../auth/roles.ts";
import { addWorkingDays, localDate, startOfLocalDay } from "../calendar/index.ts";
import { kpis, lastMonths, quarterPeriod, ranking, serviceKpis, trend, type Kpis, type Period } from "../kpi/compute.ts";
import { hotspots, MIN_REPEATS, repeatedWording } from "../kpi/recurring.ts";
import { addDays } from "../calendar/zone.ts";
import { figureTable, toCsv, toXlsx, type FigureTable } from "../kpi/table.ts";
import { disclose, publicDisclosure } from "../kpi/disclose.ts";
import { directoryNames, inLang } from "../directory/names.ts";
import { firstResponseRows } from "../kpi/store.ts";
import { channelFigures } from "../kpi/first-response.ts";
import { channelTable } from "../complaints/channels.ts";
import { ttlCache } from "../kpi/ttl-cache.ts";
import { messages, type Lang } from "../../views/i18n/index.ts";
import { KpiPage, QuarterlyPage, RecurringPage, TransparencyPage, TrendPage } from "../../views/pages/national/kpi.tsx";
import { langOf } from "./context.ts";
import { ErrorSummary } from "../../views/components/form.tsx";
import { respond } from "./respond.tsx";
import { agencyNamer } from "./options.ts";
import { mostOverdue, slaOverview } from "../sla/overview.ts";
import { NationalSlaPage } from "../../views/pages/national/sla.tsx";
import { dateText } from "./dates.ts";
import { requireStaff } from "./staff/guard.ts";
import { agencyCodes } from "./agency/inbox.tsx";
import { indicators } from "../kpi/breakdowns.ts";
import { FIRST_RESPONSE_DEFINITION } from "../kpi/definitions.ts";
import { IndicatorsTable } from "../../views/pages/national/indicators.tsx";
import { mountBreakdowns } from "./kpi-breakdowns.tsx";
import { mountQuality } from "./quality.tsx";
import { isNational, periodOf } from "./kpi-period.ts";

// The national unit's figures (seed 002 §5.3–5.4), an agency's own version for its
// supervisors, the quarterly and annual reports with their CSV and XLSX, and the public
// transparency page.

export { MIN_CASES, SUPPRESS_BELOW } from "../policy.ts";
import { MIN_CASES } from "../policy.ts";
/** The KPI job refreshes the daily figures every 10 minutes; public pages keep theirs as long. */
export const PUBLIC_FIGURES_TTL_MS = 10 * 60_000;

const names = (c: Context<AppEnv>, lang: Lang) => agencyNamer(c, lang);

/** The quarterly table's national and per-agency figures (the national report's appendix is this table). */
export function tables(lang: Lang, perAgency: Map<string, Kpis>, national: Kpis, name: (code: string) => string) {
  const t = messages(lang).kpi;
  const entries = [...perAgency.entries()]
    .map(([code, k]) => ({ code, name: name(code), k }))
    .sort((a, b) => a.name.localeCompare(b.name, lang));
  return {
    entries,
    national: figureTable({ name: t.agency, columns: t.columns }, [{ name: t.national, k: national }]),
    agencies: figureTable({ name: t.agency, columns: t.columns }, entries),
  };
}

async function reportTable(c: Context<AppEnv>, lang: Lang, period: Period): Promise<{ national: FigureTable; agencies: FigureTable }> {
  const { perAgency, national } = await kpis(readDb(c.var.deps), period, c.var.deps.clock.now());
  return tables(lang, perAgency, national, await names(c, lang));
}

export function quarterOf(c: Context<AppEnv>) {
  const now = localDate(c.var.deps.calendar, c.var.deps.clock.now());
  const year = Number(c.req.query("year") ?? now.slice(0, 4));
  const q = c.req.query("quarter") ?? String(Math.floor((Number(now.slice(5, 7)) - 1) / 3) + 1);
  const valid = Number.isInteger(year) && year >= 2000 && year <= 2100 && ["1", "2", "3", "4", "year"].includes(q);
  return valid ? { year, quarter: q, period: quarterPeriod(year, q === "year" ? null : (Number(q) as 1 | 2 | 3 | 4)) } : null;
}

export function kpiRoutes() {
  const app = createRouter();

  // The national unit's view across agencies.
  app.get("/national/sla", requireStaff, async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    if (!isNational(c)) return c.notFound();
    const now = c.var.deps.clock.now();
    const soon = addWorkingDays(c.var.deps.calendar, now, 1);
    const [rows, overdue] = await Promise.all([slaOverview(readDb(c.var.deps), now, soon), mostOverdue(readDb(c.var.deps), now)]);
    return respond(
      c,
      t.agency.slaTitle,
      <NationalSlaPage t={t} lang={lang} rows={rows} overdue={overdue} dates={dateText(c.var.deps.calendar, lang)} />,
    );
  });

  app.get("/national/kpi", requireStaff, async (c) => {
    if (!isNational(c)) return c.notFound();
    const lang = langOf(c);
    const t = messages(lang);
    const { period, error } = periodOf(c);
    const now = c.var.deps.clock.now();
    const cal = c.var.deps.calendar;
    const [{ perAgency, national }, responses, defined] = await Promise.all([
      kpis(readDb(c.var.deps), period, now),
      // Complaints received in the period, by channel; working-day targets on the hub calendar.
      firstResponseRows(readDb(c.var.deps), startOfLocalDay(cal, period.from), startOfLocalDay(cal, addDays(period.to, 1))),
      indicators(readDb(c.var.deps), cal, period, now),
    ]);
    const channels = channelFigures(responses, now, cal, channelTable(c.var.deps.channelTargets));
    // All channels with a target together; each channel's share is in the table below.
    const firstResponse = {
      def: FIRST_RESPONSE_DEFINITION,
      figure: FIRST_RESPONSE_DEFINITION.compute(
        channels.reduce((a, r) => a + (r.channel.target ? r.met : 0), 0),
        channels.reduce((a, r) => a + (r.channel.target ? r.missed : 0), 0),
      ),
    };
    const name = await names(c, lang);
    const tb = tables(lang, perAgency, national, name);
    const byEscalations = [...perAgency.entries()]
      .map(([code, k]) => ({ name: name(code), n: k.reports.byType.escalation ?? 0 }))
      .filter((x) => x.n > 0)
      .sort((a, b) => b.n - a.n)
      .slice(0, 5);
    return respond(
      c,
      t.kpi.title,
      <KpiPage
        t={t}
        lang={lang}
        title={t.kpi.title}
        action="/national/kpi"
        from={period.from}
        to={period.to}
        error={error ? t.kpi.invalidPeriod : undefined}
        national={tb.national}
        agencies={tb.agencies}
        links={Object.fromEntries(tb.entries.map((e) => [e.name, `/national/kpi/${e.code}?from=${period.from}&to=${period.to}`]))}
        chart={tb.entries.map((e) => ({ label: e.name, value: e.k.onTimeRate === null ? null : Math.round(e.k.onTimeRate * 1000) / 10 }))}
        ranking={ranking(perAgency, (k) => k.onTimeRate, MIN_CASES).map((r) => ({
          name: name(r.agencyCode),
          value: Math.round(r.value * 1000) / 10,
        }))}
        minCases={MIN_CASES}
        channels={channels}
        indicators={
          <>
            <p class="actions">
              <a class="button secondary" href={`/national/kpi/breakdowns?from=${period.from}&to=${period.to}`}>
                {t.kpidef.links.breakdowns}
              </a>{" "}
              <a class="button secondary" href="/national/quality">
                {t.kpidef.links.quality}
              </a>
            </p>
            <IndicatorsTable t={t} lang={lang} rows={[...defined, firstResponse]} />
          </>
        }
        voice={{
          received: national.reports.filed,
          byType: Object.entries(national.reports.byType).map(([k, n]) => ({
            label: t.reports.types[k as keyof typeof t.reports.types] ?? k,
            n,
          })),
          top: byEscalations,
          completion: national.reports.filed ? Math.round((national.reports.closed / national.reports.filed) * 1000) / 10 : null,
          avgDays: national.reports.avgDays === null ? null : Math.round(national.reports.avgDays * 10) / 10,
        }}
      />,
      error ? 422 : 200,
    );
  });

  // Registered before /national/kpi/:agency, which would otherwise not match them anyway (lower case).
  mountBreakdowns(app);
  mountQuality(app);

  app.get("/national/kpi/trend", requireStaff, async (c) => {
    if (!isNational(c)) return c.notFound();
    const lang = langOf(c);
    const t = messages(lang);
    const months = lastMonths(localDate(c.var.deps.calendar, c.var.deps.clock.now()), 12);
    const series = await trend(readDb(c.var.deps), months, c.var.deps.clock.now());
    const table = figureTable(
      { name: t.kpi.month, columns: t.kpi.columns },
      series.map((x) => ({ name: x.label, k: x.k })),
    );
    const chart = series.map((x) => ({ label: x.label, value: x.k.onTimeRate === null ? null : Math.round(x.k.onTimeRate * 1000) / 10 }));
    return respond(c, t.kpi.trendTitle, <TrendPage t={t} table={table} chart={chart} />);
  });

  app.get("/national/reports/recurring", requireStaff, async (c) => {
    if (!isNational(c)) return c.notFound();
    const lang = langOf(c);
    const t = messages(lang);
    const { period } = periodOf(c);
    const cal = c.var.deps.calendar;
    const from = startOfLocalDay(cal, period.from);
    const to = startOfLocalDay(cal, addDays(period.to, 1));
    const [spots, words, name, dir] = await Promise.all([
      hotspots(readDb(c.var.deps), from, to),
      repeatedWording(readDb(c.var.deps), from, to),
      names(c, lang),
      directoryNames(readDb(c.var.deps)),
    ]);
    const svc = new Map(dir.services.map((s) => [`${s.agencyCode}/${s.code}`, inLang(s, lang)]));
    const city = new Map(dir.cities.map((x) => [x.code, inLang(x, lang)]));
    return respond(
      c,
      t.kpi.recurringTitle,
      <RecurringPage
        t={t}
        from={period.from}
        to={period.to}
        minRepeats={MIN_REPEATS}
        hotspots={spots.map((h) => ({
          agency: name(h.agencyCode ?? ""),
          service: svc.get(`${h.agencyCode}/${h.serviceCode}`) ?? h.serviceCode ?? "",
          place: [city.get(h.city) ?? h.city, h.district].filter(Boolean).join(" — "),
          n: h.n,
          open: h.open,
        }))}
        wording={words.map((w) => ({
          wording: w.wording.trim(),
          agency: w.agencyCode ? name(w.agencyCode) : "",
          n: w.n,
          people: w.people,
        }))}
      />,
    );
  });

  // One agency by service: the national unit for any agency, a supervisor for their own.
  const drillDown = async (c: Context<AppEnv>, code: string) => {
    const lang = langOf(c);
    const t = messages(lang);
    const { period, error } = periodOf(c);
    const perService = await serviceKpis(readDb(c.var.deps), period, c.var.deps.clock.now(), code);
    const svcName = new Map(
      (await directoryNames(readDb(c.var.deps))).services.filter((s) => s.agencyCode === code).map((s) => [s.code, inLang(s, lang)]),
    );
    const { perAgency, national } = await kpis(readDb(c.var.deps), period, c.var.deps.clock.now(), { agencyCode: code });
    const agencyName = (await names(c, lang))(code);
    const entries = [...perService.entries()].map(([s, k]) => ({ name: svcName.get(s) ?? s, k }));
    return respond(
      c,
      t.kpi.drillDown(agencyName),
      <KpiPage
        t={t}
        lang={lang}
        title={t.kpi.drillDown(agencyName)}
        action={c.req.path}
        from={period.from}
        to={period.to}
        error={error ? t.kpi.invalidPeriod : undefined}
        national={figureTable({ name: t.kpi.agency, columns: t.kpi.columns }, [{ name: agencyName, k: perAgency.get(code) ?? national }])}
        agencies={figureTable({ name: t.kpi.service, columns: t.kpi.columns }, entries)}
        chart={entries.map((e) => ({ label: e.name, value: e.k.onTimeRate === null ? null : Math.round(e.k.onTimeRate * 1000) / 10 }))}
        ranking={[]}
        minCases={MIN_CASES}
      />,
      error ? 422 : 200,
    );
  };
  app.get("/national/kpi/:agency{[A-Z][A-Z0-9_]{1,31}}", requireStaff, async (c) =>
    isNational(c) ? drillDown(c, c.req.param("agency")!) : c.notFound(),
  );
  app.get("/agency/kpi", requireStaff, async (c) => {
    const own = agencyCodes(c.var.staff!).filter((code) => hasRole(c.var.staff!, "agency_supervisor", code));
    const wanted = c.req.query("agency");
    const code = wanted && own.includes(wanted) ? wanted : own[0];
    return code ? drillDown(c, code) : c.notFound();
  });

  // Quarterly and annual reports: the page, its CSV and its XLSX from one table.
  app.get("/national/reports", requireStaff, async (c) => {
    if (!isNational(c)) return c.notFound();
    const lang = langOf(c);
    const t = messages(lang);
    const q = quarterOf(c);
    if (!q) return respond(c, t.kpi.quarterly, <ErrorSummary t={t} alert={t.kpi.invalidPeriod} />, 422);
    const tb = await reportTable(c, lang, q.period);
    const label = q.quarter === "year" ? t.kpi.yearLabel(q.year) : t.kpi.quarterLabel(Number(q.quarter), q.year);
    return respond(
      c,
      t.kpi.quarterlyTitle(label),
      <QuarterlyPage
        t={t}
        title={t.kpi.quarterlyTitle(label)}
        year={q.year}
        quarter={q.quarter}
        table={tb.agencies}
        national={tb.national}
      />,
    );
  });
  const download = (format: "csv" | "xlsx") => async (c: Context<AppEnv>) => {
    if (!isNational(c)) return c.notFound();
    const lang = langOf(c);
    const t = messages(lang);
    const q = quarterOf(c);
    if (!q) return c.text(t.kpi.invalidPeriod, 422);
    const tb = await reportTable(c, lang, q.period);
    const table = { headers: tb.agencies.headers, rows: [...tb.national.rows, ...tb.agencies.rows] };
    const file = `complaints-${q.year}-${q.quarter === "year" ? "year" : `q${q.quarter}`}`;
    if (format === "csv") {
      return c.body(toCsv(table), 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${file}.csv"`,
      });
    }
    const label = q.quarter === "year" ? t.kpi.yearLabel(q.year) : t.kpi.quarterLabel(Number(q.quarter), q.year);
    const xlsx = await toXlsx(table, { sheet: file, title: t.kpi.quarterlyTitle(label), rtl: lang === "ar" });
    return c.body(new Uint8Array(xlsx), 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="${file}.xlsx"`,
    });
  };
  app.get("/national/reports.csv", requireStaff, download("csv"));
  app.get("/national/reports.xlsx", requireStaff, download("xlsx"));

  // Public: per-agency figures without personal data, small counts suppressed.
  const publicCache = ttlCache<{ headers: string[]; rows: (string | number | null)[][] }>(PUBLIC_FIGURES_TTL_MS, 64);
  const publicTable = (c: Context<AppEnv>, lang: Lang, period: Period) =>
    publicCache(`${lang}|${period.from}|${period.to}`, c.var.deps.clock.now().getTime(), () => computePublicTable(c, lang, period));
  const computePublicTable = async (c: Context<AppEnv>, lang: Lang, period: Period) => {
    const t = messages(lang);
    const tb = await reportTable(c, lang, period);
    return disclose(tb.agencies, publicDisclosure(t.kpi.suppressed));
  };
  app.get("/transparency", async (c) => {
    const lang = langOf(c);
    const t = messages(lang);
    const { period } = periodOf(c);
    return respond(
      c,
      t.kpi.transparencyTitle,
      <TransparencyPage t={t} lang={lang} table={await publicTable(c, lang, period)} from={period.from} to={period.to} />,
    );
  });
  // Open data in English column names, whatever the reader's language: a CSV with a BOM
  // and CRLF line ends (what Excel and LibreOffice need to read UTF-8 and split rows), and
  // the same table as XLSX for those who would rather not import a CSV at all.
  app.get("/transparency.csv", async (c) => {
    const { period } = periodOf(c);
    return c.body(toCsv(await publicTable(c, "en", period)), 200, {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="complaints-by-agency-${period.from}-${period.to}.csv"`,
    });
  });
  app.get("/transparency.xlsx", async (c) => {
    const { period } = periodOf(c);
    const file = `complaints-by-agency-${period.from}-${period.to}`;
    const xlsx = await toXlsx(await publicTable(c, "en", period), {
      sheet: "complaints-by-agency",
      title: `${messages("en").kpi.transparencyTitle} (${period.from} – ${period.to})`,
      rtl: false,
    });
    return c.body(new Uint8Array(xlsx), 200, {
      "content-type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      "content-disposition": `attachment; filename="${file}.xlsx"`,
    });
  });
  return app;
}
