import type { Lang, Messages } from "../../i18n/index.ts";
import type { AuditRow } from "../../../server/quality/store.ts";
import { CRITERIA, MAX_POINTS, type Criterion } from "../../../server/quality/audit.ts";
import type { DateText } from "../../../server/calendar/format.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";

export interface AuditCaseView extends AuditRow {
  agency: string;
  service: string;
}

/** One sampled case: what was answered, and the reviewer's score form (htmx swaps this card). */
export function AuditCase(props: {
  t: Messages;
  lang: Lang;
  dates: DateText;
  r: AuditCaseView;
  canScore: boolean;
  errors?: Partial<Record<Criterion | "note", string>> | undefined;
  values?: Record<string, string> | undefined;
  saved?: boolean;
}) {
  const { t, r } = props;
  const m = t.kpidef;
  const id = `audit-${r.id}`;
  const action = `/national/quality/${r.id}`;
  const points = r.scores ? CRITERIA.reduce((a, c) => a + r.scores![c], 0) : null;
  const value = (c: Criterion) => props.values?.[c] ?? (r.scores ? String(r.scores[c]) : "");
  const errorText = (e: string | undefined) => (e ? (m.scoreErrors[e as keyof typeof m.scoreErrors] ?? e) : undefined);
  const errs = Object.fromEntries(Object.entries(props.errors ?? {}).map(([k, e]) => [k, errorText(e)]));
  return (
    <article class="card audit-case" id={id} data-testid="audit-case">
      <h3>
        <a href={`/staff/complaints/${r.reference}`}>{r.reference}</a>{" "}
        <span class="badge" data-testid="audit-score">
          {points === null ? m.notScored : m.scored(points, MAX_POINTS)}
        </span>
      </h3>
      <dl class="summary">
        <dt>{m.colAgency}</dt>
        <dd>{r.agency}</dd>
        <dt>{m.colService}</dt>
        <dd>{r.service}</dd>
        <dt>{m.colKind}</dt>
        <dd>{(t.kinds as Record<string, string>)[r.kind] ?? r.kind}</dd>
        <dt>{m.colClosed}</dt>
        <dd>{props.dates.at(r.closedAt)}</dd>
        <dt>{m.colAnswer}</dt>
        <dd class="answer" dir="auto">
          {r.resolution ?? t.kpi.noData}
        </dd>
      </dl>
      {props.canScore && (
        <form novalidate class="form" method="post" action={action} hx-post={action} hx-target={`#${id}`} hx-swap="outerHTML">
          <FormNotice message={props.saved ? m.scored(points ?? 0, MAX_POINTS) : undefined} />
          <ErrorSummary
            t={t}
            id={`${id}-errors`}
            errors={errs}
            links={Object.fromEntries([...CRITERIA, "note"].map((c) => [c, `f-${c}-${r.id}`]))}
            labels={{ ...m.criteria, note: m.note }}
          />
          <div class="row">
            {CRITERIA.map((c) => (
              <Field name={`${c}-${r.id}`} label={m.criteria[c]} error={errs[c]}>
                <select
                  id={`f-${c}-${r.id}`}
                  name={c}
                  aria-invalid={errs[c] ? "true" : undefined}
                  aria-describedby={errs[c] ? `f-${c}-${r.id}-error` : undefined}
                >
                  <option value="" selected={value(c) === ""}>
                    —
                  </option>
                  {m.levels.map((label, i) => (
                    <option value={String(i)} selected={value(c) === String(i)}>
                      {label}
                    </option>
                  ))}
                </select>
              </Field>
            ))}
          </div>
          <Field
            name={`note-${r.id}`}
            inputName="note"
            label={m.note}
            rows={2}
            value={props.values?.note ?? r.note ?? ""}
            error={errs.note}
          />
          <button class="button" type="submit">
            {m.save}
          </button>
        </form>
      )}
    </article>
  );
}

export function QualityPage(props: {
  t: Messages;
  lang: Lang;
  dates: DateText;
  quarter: string;
  quarters: string[];
  defaultSize: number;
  canScore: boolean;
  rows: AuditCaseView[];
  notice?: string | undefined;
  error?: string | undefined;
}) {
  const m = props.t.kpidef;
  const scored = props.rows.filter((r) => r.scores).length;
  return (
    <section class="kpi quality" id="quality">
      <h1>{m.qualityTitle}</h1>
      <p class="muted">{m.qualityIntro(props.defaultSize)}</p>
      <ErrorSummary t={props.t} alert={props.error} alertLink="f-quarter" />
      <FormNotice message={props.notice} />
      <form novalidate class="form wide" method="get" action="/national/quality">
        <div class="row">
          <div class="field">
            <label for="f-quarter">{m.quarter}</label>
            <select id="f-quarter" name="quarter">
              {props.quarters.map((q) => (
                <option value={q} selected={q === props.quarter}>
                  {q}
                </option>
              ))}
            </select>
          </div>
        </div>
        <button class="button secondary" type="submit">
          {props.t.kpi.apply}
        </button>
      </form>
      {props.canScore && (
        <form novalidate class="form wide" method="post" action="/national/quality/draw" data-testid="draw">
          <input type="hidden" name="quarter" value={props.quarter} />
          <div class="row">
            <Field name="n" label={m.sampleSize} type="number" inputmode="numeric" value={String(props.defaultSize)} />
          </div>
          <button class="button" type="submit">
            {m.draw}
          </button>
        </form>
      )}
      {props.rows.length === 0 ? (
        <p>{m.empty}</p>
      ) : (
        <>
          <p data-testid="audit-summary">{m.summary(scored, props.rows.length)}</p>
          <div class="audit-list">
            {props.rows.map((r) => (
              <AuditCase t={props.t} lang={props.lang} dates={props.dates} r={r} canScore={props.canScore} />
            ))}
          </div>
        </>
      )}
    </section>
  );
}
