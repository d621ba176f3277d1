import type { Lang, Messages } from "../../i18n/index.ts";
import type { FigureTable } from "../../../server/kpi/table.ts";
import type { Column } from "../../../server/kpi/table.ts";
import type { Change, SummaryRow } from "../../../server/national-report/summary.ts";
import { formatNumber, formatRange } from "../../../server/calendar/format.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";
import { ScrollRegion } from "../../components/table.tsx";
import { BarChart, FiguresTable } from "./kpi.tsx";

// The periodic national report (seed 003: the unit's periodic technical reports to the
// Prime Minister; seed 002 §5.4: quarterly and annual). One page for the screen, the
// browser's print and the PDF (Chromium prints this same HTML): the stylesheet's print
// rules drop the header, the menus and the form, and start the cover and the appendix
// on pages of their own.

export interface ReportAgencyRow {
  name: string;
  cells: Record<Column, number | null>;
  onTimeChange: Change | null;
}

export interface NationalReportProps {
  t: Messages;
  lang: Lang;
  periodKey: string;
  label: string;
  annual: boolean;
  from: string;
  to: string;
  issued: string;
  previousLabel: string;
  summary: SummaryRow[];
  agencies: ReportAgencyRow[];
  fewer: number;
  minCases: number;
  charts: {
    onTime: { label: string; value: number | null }[];
    received: { label: string; value: number | null }[];
    kinds: { label: string; value: number | null }[];
  };
  minRepeats: number;
  hotspots: { agency: string; service: string; place: string; n: number; open: number }[];
  recommendations: { text: string; version: number; edited: string | null };
  edit: { allowed: boolean; value?: string; error?: string; notice?: string; maxLength: number };
  appendix: FigureTable;
  previous: FigureTable;
  links: { csv: string; xlsx: string; pdf: string | null };
}

const INSTALL = "apt-get install chromium";
const AGENCY_COLUMNS: Column[] = ["received", "closed", "onTimeRate", "openOverdue", "medianCloseDays", "acceptanceRate", "avgStars"];

function value(t: Messages, lang: Lang, v: number | null, column: Column): string {
  if (v === null) return t.kpi.noData;
  const n = formatNumber(v, lang, { maximumFractionDigits: 1, useGrouping: false });
  return column.endsWith("Rate") || column === "firstTimeResolution" || column === "firstContactResolution" ? `${n}%` : n;
}

/** ▲/▼ with the amount and, in words, which way and whether it is good news: the arrow alone says nothing to a screen reader. */
export function ChangeText(props: { t: Messages; lang: Lang; change: Change | null }) {
  const m = props.t.natreport;
  const c = props.change;
  if (!c) return <span class="change none">{m.noComparison}</span>;
  if (c.direction === "same") return <span class="change same">= {m.same}</span>;
  const amount = formatNumber(c.amount, props.lang, { maximumFractionDigits: 1, useGrouping: false });
  const size = c.unit === "points" ? m.points(amount) : m.percent(amount);
  const arrow = c.direction === "up" ? "▲" : "▼";
  const tone = c.tone === "good" ? ` (${m.better})` : c.tone === "bad" ? ` (${m.worse})` : "";
  return (
    <span class={`change ${c.direction} ${c.tone}`}>
      <span aria-hidden="true">{arrow}</span> {c.direction === "up" ? m.rise : m.fall} {size}
      {tone}
    </span>
  );
}

export function NationalReportPage(p: NationalReportProps) {
  const { t, lang } = p;
  const m = t.natreport;
  const k = t.kpi;
  const lines = p.recommendations.text
    .split(/\r?\n/)
    .map((l) => l.replace(/^\s*(?:[-•*]|\d+[.)-])\s*/, "").trim())
    .filter(Boolean);
  return (
    <article class="kpi national-report" data-testid="national-report">
      <header class="report-cover">
        <p class="report-addressee">{m.addressee}</p>
        <h1>{m.title}</h1>
        <p class="report-period" data-testid="report-period">
          {p.annual ? m.annual : m.quarterly}: {p.label}
        </p>
        <dl class="summary">
          <dt>{k.period}</dt>
          <dd>{formatRange(p.from, p.to, lang)}</dd>
          <dt>{m.issued}</dt>
          <dd data-testid="report-issued">{p.issued}</dd>
        </dl>
        <nav class="report-contents" aria-label={m.contents}>
          <h2>{m.contents}</h2>
          <ol>
            <li>
              <a href="#summary">{m.summaryTitle}</a>
            </li>
            <li>
              <a href="#agencies">{m.agenciesTitle}</a>
            </li>
            <li>
              <a href="#charts">{m.chartsTitle}</a>
            </li>
            <li>
              <a href="#recurring">{m.recurringTitle}</a>
            </li>
            <li>
              <a href="#recommendations">{m.recommendationsTitle}</a>
            </li>
            <li>
              <a href="#appendix">{m.appendixTitle}</a>
            </li>
          </ol>
        </nav>
      </header>

      <div class="no-print report-actions">
        {!p.links.pdf && (
          <p class="alert" role="note" data-testid="pdf-missing">
            {/* The command reads left to right inside the Arabic sentence. */}
            {m.pdfMissing.split(INSTALL).flatMap((part, i) => (i === 0 ? [part] : [<code dir="ltr">{INSTALL}</code>, part]))}
          </p>
        )}
        <p>
          {p.links.pdf && (
            <a class="button" href={p.links.pdf} data-testid="pdf">
              {m.pdf}
            </a>
          )}{" "}
          <a class="button secondary" href={p.links.csv} data-testid="csv">
            {k.csv}
          </a>{" "}
          <a class="button secondary" href={p.links.xlsx} data-testid="xlsx">
            {k.xlsx}
          </a>
        </p>
        <p class="muted">{m.print}</p>
      </div>

      <section id="summary">
        <h2 id="summary-title">{m.summaryTitle}</h2>
        <p>{m.summaryIntro(p.previousLabel)}</p>
        <ScrollRegion label={m.summaryTitle}>
          <table class="list figures report-summary" data-testid="report-summary">
            <thead>
              <tr>
                <th scope="col">{m.colFigure}</th>
                <th scope="col">{m.colNow}</th>
                <th scope="col">{m.colBefore}</th>
                <th scope="col">{m.colChange}</th>
              </tr>
            </thead>
            <tbody>
              {p.summary.map((r) => (
                <tr data-column={r.column}>
                  <th scope="row">{k.columns[r.column]}</th>
                  <td class="headline">{value(t, lang, r.now, r.column)}</td>
                  <td>{value(t, lang, r.before, r.column)}</td>
                  <td>
                    <ChangeText t={t} lang={lang} change={r.change} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </section>

      <section id="agencies">
        <h2 id="agencies-title">{m.agenciesTitle}</h2>
        <p class="muted">{m.agenciesIntro(p.minCases)}</p>
        {p.agencies.length ? (
          <ScrollRegion label={m.agenciesTitle}>
            <table class="list figures" data-testid="report-agencies">
              <thead>
                <tr>
                  <th scope="col">{k.agency}</th>
                  {AGENCY_COLUMNS.map((c) => (
                    <th scope="col">{k.columns[c]}</th>
                  ))}
                  <th scope="col">{m.onTimeChange}</th>
                </tr>
              </thead>
              <tbody>
                {p.agencies.map((a) => (
                  <tr>
                    <th scope="row">{a.name}</th>
                    {AGENCY_COLUMNS.map((c) => (
                      <td>{value(t, lang, a.cells[c], c)}</td>
                    ))}
                    <td>
                      <ChangeText t={t} lang={lang} change={a.onTimeChange} />
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : (
          <p>{m.noAgencies}</p>
        )}
        {p.fewer > 0 && <p class="muted">{m.fewer(p.fewer, p.minCases)}</p>}
      </section>

      <section id="charts">
        <h2 id="charts-title">{m.chartsTitle}</h2>
        <BarChart title={k.onTimeChart} bars={p.charts.onTime} unit="%" alt={k.chartAlt} />
        <BarChart title={m.chartReceived} bars={p.charts.received} unit="" alt={k.chartAlt} />
        <BarChart title={m.chartKinds} bars={p.charts.kinds} unit="" alt={k.chartAlt} />
      </section>

      <section id="recurring">
        <h2 id="recurring-title">{m.recurringTitle}</h2>
        <p class="muted">{m.recurringIntro(p.minRepeats)}</p>
        {p.hotspots.length ? (
          <ScrollRegion label={m.recurringTitle}>
            <table class="list" data-testid="report-hotspots">
              <thead>
                <tr>
                  <th scope="col">{k.agency}</th>
                  <th scope="col">{k.service}</th>
                  <th scope="col">{k.colPlace}</th>
                  <th scope="col">{k.colCount}</th>
                  <th scope="col">{k.colOpen}</th>
                </tr>
              </thead>
              <tbody>
                {p.hotspots.map((h) => (
                  <tr>
                    <td>{h.agency}</td>
                    <td>{h.service}</td>
                    <td>{h.place}</td>
                    <td>{h.n}</td>
                    <td>{h.open}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
        ) : (
          <p>{m.noRecurring}</p>
        )}
      </section>

      <section id="recommendations">
        <h2 id="recommendations-title">{m.recommendationsTitle}</h2>
        {lines.length ? (
          <ol data-testid="recommendations">
            {lines.map((l) => (
              <li>{l}</li>
            ))}
          </ol>
        ) : (
          <p>{m.noRecommendations}</p>
        )}
        {p.recommendations.edited && <p class="muted">{m.lastEdited(p.recommendations.edited)}</p>}
        {p.edit.allowed && (
          <form novalidate class="form wide no-print" method="post" action={`/national/report/${p.periodKey}/recommendations`}>
            <ErrorSummary t={t} errors={{ recommendations: p.edit.error }} labels={{ recommendations: m.recommendationsLabel }} />
            <FormNotice message={p.edit.notice} />
            <input type="hidden" name="version" value={String(p.recommendations.version)} />
            <Field
              name="recommendations"
              label={m.recommendationsLabel}
              hint={m.recommendationsHint}
              rows={8}
              value={p.edit.value ?? p.recommendations.text}
              error={p.edit.error}
              attrs={{ maxlength: String(p.edit.maxLength), dir: "auto" }}
            />
            <button class="button" type="submit">
              {m.save}
            </button>
          </form>
        )}
      </section>

      <section id="appendix" class="report-appendix">
        <h2 id="appendix-title">{m.appendixTitle}</h2>
        <h3>{m.appendixA}</h3>
        <p class="muted">{m.appendixAIntro}</p>
        <FiguresTable t={t} table={p.appendix} testid="report-appendix" label={m.appendixA} />
        <h3>{m.appendixB(p.previousLabel)}</h3>
        <FiguresTable t={t} table={p.previous} testid="report-previous" label={m.appendixB(p.previousLabel)} />
      </section>
    </article>
  );
}
