import type { Lang, Messages } from "../../i18n/index.ts";
import type { FigureTable } from "../../../server/kpi/table.ts";
import { formatRange, localeFor } from "../../../server/calendar/format.ts";
import type { ChannelFigures } from "../../../server/kpi/first-response.ts";
import type { ResponseTarget } from "../../../server/complaints/channels.ts";
import { ErrorSummary } from "../../components/form.tsx";
import { ScrollRegion } from "../../components/table.tsx";
import type { Child } from "hono/jsx";

/** A figure table; null cells read "—" (nothing to measure), never 0. */
export function FiguresTable(props: { t: Messages; table: FigureTable; testid: string; label: string; links?: Record<string, string> }) {
  return (
    <ScrollRegion label={props.label}>
      <table class="list figures" data-testid={props.testid}>
        <thead>
          <tr>
            {props.table.headers.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.table.rows.map((r) => (
            <tr>
              {r.map((v, i) =>
                i === 0 ? (
                  <th scope="row">{props.links?.[String(v)] ? <a href={props.links[String(v)]}>{v}</a> : v}</th>
                ) : (
                  <td>{v === null ? props.t.kpi.noData : v}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

/** Horizontal bars drawn on the server; the list beside them is the text alternative. */
export function BarChart(props: {
  title: string;
  bars: { label: string; value: number | null }[];
  unit: string;
  alt: (name: string, value: string) => string;
}) {
  const shown = props.bars.filter((b) => b.value !== null) as { label: string; value: number }[];
  const max = Math.max(100, ...shown.map((b) => b.value));
  const h = 24;
  const labelWidth = 220;
  const barWidth = 320;
  return (
    <figure class="chart">
      <figcaption>{props.title}</figcaption>
      <svg
        role="img"
        aria-label={props.title}
        viewBox={`0 0 ${labelWidth + barWidth + 60} ${shown.length * h + 4}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        direction="ltr"
      >
        {shown.map((b, i) => (
          <g>
            <text x={labelWidth - 8} y={i * h + h - 8} font-size="12" text-anchor="end">
              {b.label}
            </text>
            <rect x={labelWidth} y={i * h + 3} width={Math.max(1, (b.value / max) * barWidth)} height={h - 8} fill="#0b6e4f" />
            <text x={labelWidth + (b.value / max) * barWidth + 6} y={i * h + h - 8} font-size="12">
              {`${b.value}${props.unit}`}
            </text>
          </g>
        ))}
      </svg>
      <ul class="sr-only">
        {shown.map((b) => (
          <li>{props.alt(b.label, `${b.value}${props.unit}`)}</li>
        ))}
      </ul>
    </figure>
  );
}

/** Seconds in the largest unit that keeps the number readable: "20 seconds", "1.5 hours". */
export function durationText(seconds: number, lang: Lang): string {
  const [unit, n] =
    seconds < 60
      ? (["second", seconds] as const)
      : seconds < 3600
        ? (["minute", seconds / 60] as const)
        : seconds < 86_400
          ? (["hour", seconds / 3600] as const)
          : (["day", seconds / 86_400] as const);
  return new Intl.NumberFormat(localeFor(lang), { style: "unit", unit, unitDisplay: "long", maximumFractionDigits: 1 }).format(n);
}

function targetText(t: Messages, target: ResponseTarget | null, lang: Lang): string {
  if (target === null) return t.kpi.noTarget;
  if ("workingDays" in target) return t.kpi.workingDays(target.workingDays);
  return target.seconds === 0 ? t.kpi.instant : durationText(target.seconds, lang);
}

/** First response against each channel's target (issue 14 §8): scrolls inside its box on a phone. */
export function ChannelTable(props: { t: Messages; lang: Lang; rows: ChannelFigures[] }) {
  const m = props.t.kpi;
  const c = m.channelColumns;
  return (
    <section data-testid="channels">
      <h2>{m.channelsTitle}</h2>
      <p class="muted">{m.channelsIntro}</p>
      <ScrollRegion label={m.channelsTitle}>
        <table class="list figures" data-testid="kpi-channels">
          <thead>
            <tr>
              {[c.channel, c.target, c.received, c.awaiting, c.median, c.withinTarget].map((h) => (
                <th scope="col">{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <th scope="row">{props.lang === "ar" ? r.channel.nameAr : r.channel.nameEn}</th>
                <td>{targetText(props.t, r.channel.target, props.lang)}</td>
                <td>{r.received}</td>
                <td>{r.received - r.responded}</td>
                <td>{r.medianSeconds === null ? m.noData : durationText(r.medianSeconds, props.lang)}</td>
                <td>{r.withinTarget === null ? m.noData : Math.round(r.withinTarget * 1000) / 10}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}

export function PeriodForm(props: { t: Messages; action: string; from: string; to: string; error?: string | undefined }) {
  const m = props.t.kpi;
  return (
    <form novalidate class="form wide" method="get" action={props.action}>
      <ErrorSummary t={props.t} alert={props.error} alertLink="f-from" />
      <div class="row">
        <div class="field">
          <label for="f-from">{m.from}</label>
          <input id="f-from" type="date" name="from" value={props.from} />
        </div>
        <div class="field">
          <label for="f-to">{m.to}</label>
          <input id="f-to" type="date" name="to" value={props.to} />
        </div>
      </div>
      <button class="button" type="submit">
        {m.apply}
      </button>
    </form>
  );
}

export function KpiPage(props: {
  t: Messages;
  lang: Lang;
  title: string;
  action: string;
  from: string;
  to: string;
  error?: string | undefined;
  national: FigureTable;
  agencies: FigureTable;
  links?: Record<string, string>;
  chart: { label: string; value: number | null }[];
  ranking: { name: string; value: number }[];
  minCases: number;
  /** The national page's first response by channel; absent on an agency's drill-down. */
  channels?: ChannelFigures[] | undefined;
  /** Seed 002's indicators with their formulas, and links to the breakdowns and the audit (national page). */
  indicators?: Child;
  voice?:
    | {
        received: number;
        byType: { label: string; n: number }[];
        top: { name: string; n: number }[];
        completion: number | null;
        avgDays: number | null;
      }
    | undefined;
}) {
  const m = props.t.kpi;
  return (
    <section class="kpi">
      <h1>{props.title}</h1>
      <PeriodForm t={props.t} action={props.action} from={props.from} to={props.to} error={props.error} />
      {props.indicators}
      <FiguresTable t={props.t} table={props.national} testid="kpi-national" label={`${props.title} — ${m.national}`} />
      <h2>{m.agency}</h2>
      <FiguresTable t={props.t} table={props.agencies} testid="kpi-agencies" label={`${props.title} — ${m.agency}`} links={props.links} />
      <BarChart title={m.onTimeChart} bars={props.chart} unit="%" alt={m.chartAlt} />
      {props.channels && <ChannelTable t={props.t} lang={props.lang} rows={props.channels} />}
      {props.ranking.length > 0 && (
        <>
          <h2>{m.ranking}</h2>
          <p class="muted">{m.minCases(props.minCases)}</p>
          <ol data-testid="ranking">
            {props.ranking.map((r) => (
              <li>
                {r.name} — {r.value}%
              </li>
            ))}
          </ol>
        </>
      )}
      {props.voice && (
        <section data-testid="voice">
          <h2>{m.voice}</h2>
          <dl class="summary">
            <dt>{m.voiceReports}</dt>
            <dd>{props.voice.received}</dd>
            <dt>{m.voiceTypes}</dt>
            <dd>{props.voice.byType.map((x) => `${x.label}: ${x.n}`).join("، ") || m.noData}</dd>
            <dt>{m.voiceTop}</dt>
            <dd>{props.voice.top.map((x) => `${x.name} (${x.n})`).join("، ") || m.noData}</dd>
            <dt>{m.voiceCompletion}</dt>
            <dd>{props.voice.completion === null ? m.noData : `${props.voice.completion}%`}</dd>
            <dt>{m.voiceAvgDays}</dt>
            <dd>{props.voice.avgDays === null ? m.noData : props.voice.avgDays}</dd>
          </dl>
        </section>
      )}
    </section>
  );
}

export function QuarterlyPage(props: {
  t: Messages;
  title: string;
  year: number;
  quarter: string;
  table: FigureTable;
  national: FigureTable;
}) {
  const m = props.t.kpi;
  const q = `year=${props.year}&quarter=${props.quarter}`;
  return (
    <section class="kpi report">
      <h1>{props.title}</h1>
      <form novalidate class="form wide" method="get" action="/national/reports">
        <div class="row">
          <div class="field">
            <label for="f-year">{m.year}</label>
            <input id="f-year" type="number" name="year" value={String(props.year)} />
          </div>
          <div class="field">
            <label for="f-quarter">{m.quarter}</label>
            <select id="f-quarter" name="quarter">
              {["1", "2", "3", "4"].map((x) => (
                <option value={x} selected={props.quarter === x}>
                  {x}
                </option>
              ))}
              <option value="year" selected={props.quarter === "year"}>
                {m.wholeYear}
              </option>
            </select>
          </div>
        </div>
        <button class="button" type="submit">
          {m.apply}
        </button>
      </form>
      <p>
        <a class="button secondary" href={`/national/reports.csv?${q}`} data-testid="csv">
          {m.csv}
        </a>{" "}
        <a class="button secondary" href={`/national/reports.xlsx?${q}`} data-testid="xlsx">
          {m.xlsx}
        </a>{" "}
        <a
          class="button secondary"
          href={`/national/report/${props.year}${props.quarter === "year" ? "" : `-Q${props.quarter}`}`}
          data-testid="national-report"
        >
          {props.t.natreport.link}
        </a>
      </p>
      <p class="muted">{m.print}</p>
      <FiguresTable t={props.t} table={props.national} testid="report-national" label={`${props.title} — ${m.national}`} />
      <FiguresTable t={props.t} table={props.table} testid="report-agencies" label={`${props.title} — ${m.agency}`} />
    </section>
  );
}

export function TransparencyPage(props: { t: Messages; lang: Lang; table: FigureTable; from: string; to: string }) {
  const m = props.t.kpi;
  return (
    <section class="kpi">
      <h1>{m.transparencyTitle}</h1>
      <p>{m.transparencyIntro}</p>
      <p class="muted">
        {m.period}: {formatRange(props.from, props.to, props.lang)}
      </p>
      <FiguresTable t={props.t} table={props.table} testid="transparency" label={m.transparencyTitle} />
      <p>
        <a href={`/transparency.csv?from=${props.from}&to=${props.to}`}>{m.openData}</a> ·{" "}
        <a href={`/transparency.xlsx?from=${props.from}&to=${props.to}`}>{props.t.natreport.openDataXlsx}</a>
      </p>
    </section>
  );
}

export function TrendPage(props: { t: Messages; table: FigureTable; chart: { label: string; value: number | null }[] }) {
  const m = props.t.kpi;
  return (
    <section class="kpi">
      <h1>{m.trendTitle}</h1>
      <BarChart title={m.trendChart} bars={props.chart} unit="%" alt={m.chartAlt} />
      <FiguresTable t={props.t} table={props.table} testid="trend" label={m.trendTitle} />
    </section>
  );
}

export function RecurringPage(props: {
  t: Messages;
  from: string;
  to: string;
  minRepeats: number;
  hotspots: { agency: string; service: string; place: string; n: number; open: number }[];
  wording: { wording: string; agency: string; n: number; people: number }[];
}) {
  const m = props.t.kpi;
  return (
    <section class="kpi">
      <h1>{m.recurringTitle}</h1>
      <p class="muted">{m.recurringIntro(props.minRepeats)}</p>
      <PeriodForm t={props.t} action="/national/reports/recurring" from={props.from} to={props.to} />
      <h2>{m.hotspots}</h2>
      <ScrollRegion label={m.hotspots}>
        <table class="list" data-testid="hotspots">
          <thead>
            <tr>
              <th>{m.agency}</th>
              <th>{m.service}</th>
              <th>{m.colPlace}</th>
              <th>{m.colCount}</th>
              <th>{m.colOpen}</th>
            </tr>
          </thead>
          <tbody>
            {props.hotspots.map((h) => (
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
      <h2>{m.wording}</h2>
      <ScrollRegion label={m.wording}>
        <table class="list" data-testid="wording">
          <thead>
            <tr>
              <th>{m.colWording}</th>
              <th>{m.agency}</th>
              <th>{m.colCount}</th>
              <th>{m.colPeople}</th>
            </tr>
          </thead>
          <tbody>
            {props.wording.map((w) => (
              <tr>
                <td>{w.wording}…</td>
                <td>{w.agency}</td>
                <td>{w.n}</td>
                <td>{w.people}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
