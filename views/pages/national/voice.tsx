import type { Lang, Messages } from "../../i18n/index.ts";
import type { FigureTable } from "../../../server/kpi/table.ts";
import { VOICE_SECTIONS, type VoiceSection } from "../../../server/kpi/voice.ts";
import type { QuoteView } from "../../../server/kpi/quotes.ts";
import type { DateText } from "../../../server/web/dates.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";
import { ScrollRegion } from "../../components/table.tsx";

export interface QuoteLine {
  id: string;
  sourceReference: string;
  text: string;
  status: "candidate" | "published" | "withdrawn";
}

/** One section's rows of the voice table: the same rows the CSV and XLSX carry, without the section column. */
function SectionTable(props: { t: Messages; table: FigureTable & { sections: VoiceSection[] }; section: VoiceSection }) {
  const m = props.t.voice;
  const rows = props.table.rows.filter((_, i) => props.table.sections[i] === props.section);
  return (
    <ScrollRegion label={m.sections[props.section]}>
      <table class="list figures voice-figures" data-testid={`voice-${props.section}`}>
        <thead>
          <tr>
            <th scope="col">{m.headers.item}</th>
            <th scope="col">{m.headers.value}</th>
            <th scope="col">{m.headers.share}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr>
              <th scope="row">{r[1]}</th>
              <td>{r[2] === null ? props.t.kpi.noData : r[2]}</td>
              <td>{r[3] === null ? props.t.kpi.noData : r[3]}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function VoicePage(props: {
  t: Messages;
  lang: Lang;
  title: string;
  year: number;
  quarter: string;
  table: FigureTable & { sections: VoiceSection[] };
  quotes: QuoteLine[];
  /** Reviewers: the quotes waiting for review and the form to choose one. */
  curate?: { candidates: QuoteLine[]; error?: string | undefined; reference?: string | undefined } | undefined;
  notice?: string | undefined;
}) {
  const { t } = props;
  const m = t.voice;
  const k = t.kpi;
  const q = `year=${props.year}&quarter=${props.quarter}`;
  return (
    <section class="kpi report voice">
      <h1>{props.title}</h1>
      <FormNotice message={props.notice} />
      <p>{m.intro}</p>
      <form novalidate class="form wide no-print" method="get" action="/national/voice">
        <div class="row">
          <div class="field">
            <label for="f-year">{k.year}</label>
            <input id="f-year" type="number" name="year" value={String(props.year)} />
          </div>
          <div class="field">
            <label for="f-quarter">{k.quarter}</label>
            <select id="f-quarter" name="quarter">
              {["1", "2", "3", "4"].map((x) => (
                <option value={x} selected={props.quarter === x}>
                  {x}
                </option>
              ))}
              <option value="year" selected={props.quarter === "year"}>
                {k.wholeYear}
              </option>
            </select>
          </div>
        </div>
        <button class="button" type="submit">
          {k.apply}
        </button>
      </form>
      <p class="no-print">
        <a class="button secondary" href={`/national/voice.csv?${q}`} data-testid="voice-csv">
          {m.csv}
        </a>{" "}
        <a class="button secondary" href={`/national/voice.xlsx?${q}`} data-testid="voice-xlsx">
          {m.xlsx}
        </a>
      </p>
      <p class="muted no-print">{m.print}</p>
      <div class="voice-sections">
        {VOICE_SECTIONS.map((s) => (
          <section class="voice-section">
            <h2>{m.sections[s]}</h2>
            <SectionTable t={t} table={props.table} section={s} />
          </section>
        ))}
      </div>
      <section data-testid="voice-quotes" class="voice-quotes">
        <h2>{m.quotesTitle}</h2>
        <p class="muted">{m.quotesIntro}</p>
        {props.quotes.length === 0 ? (
          <p>{m.quotesEmpty}</p>
        ) : (
          props.quotes.map((x) => (
            <blockquote class="quote" data-quote={x.id}>
              <p class="pre" dir="auto">
                {x.text}
              </p>
            </blockquote>
          ))
        )}
      </section>
      <section class="voice-method">
        <h2>{m.method.title}</h2>
        <p>{m.method.reports}</p>
        <p>{m.method.votes}</p>
        <p>{m.method.technical}</p>
      </section>
      {props.curate && (
        <section class="no-print" data-testid="voice-curate">
          <h2>{m.candidatesTitle}</h2>
          {props.curate.candidates.length === 0 ? (
            <p>{m.candidatesEmpty}</p>
          ) : (
            <ul>
              {props.curate.candidates.map((x) => (
                <li>
                  <a class="code" dir="ltr" href={`/national/voice/quotes/${x.id}`}>
                    {x.sourceReference}
                  </a>{" "}
                  — <span dir="auto">{x.text.slice(0, 80)}</span>
                </li>
              ))}
            </ul>
          )}
          <form novalidate class="form" method="post" action="/national/voice/quotes">
            <h3>{m.chooseTitle}</h3>
            {props.curate.error && <ErrorSummary t={t} errors={{ reference: props.curate.error }} />}
            <Field
              name="reference"
              label={m.chooseLabel}
              hint={m.chooseHint}
              dir="ltr"
              required
              value={props.curate.reference ?? ""}
              error={props.curate.error}
            />
            <button class="button" type="submit">
              {m.chooseSubmit}
            </button>
          </form>
        </section>
      )}
    </section>
  );
}

export function QuotePage(props: {
  t: Messages;
  q: QuoteView;
  dates: DateText;
  notice?: string | undefined;
  error?: { alert?: string | undefined; fields: Record<string, string> } | undefined;
  text?: string | undefined;
}) {
  const { t, q } = props;
  const m = t.voice;
  const action = (a: string) => `/national/voice/quotes/${q.id}/${a}`;
  return (
    <section class="voice quote-edit" id="quote">
      <h1>
        {m.editTitle(q.sourceReference)} <span class="badge">{m.status[q.status]}</span>
      </h1>
      <FormNotice message={props.notice} />
      <p class="muted">
        {q.chosenByName && m.chosenBy(q.chosenByName, props.dates.at(q.chosenAt))}
        {q.publishedAt && q.publishedByName && (
          <>
            {" · "}
            {m.publishedBy(q.publishedByName, props.dates.at(q.publishedAt))}
          </>
        )}
      </p>
      <h2>{m.original}</h2>
      <p class="pre original" dir="auto" data-testid="quote-original">
        {q.original}
      </p>
      {q.status !== "withdrawn" && (
        <form novalidate class="form" method="post" action={action("save")}>
          {props.error && <ErrorSummary t={t} errors={props.error.fields} alert={props.error.alert} />}
          <input type="hidden" name="version" value={String(q.version)} />
          <Field
            name="text"
            label={m.proposed}
            hint={m.proposedHint}
            dir="auto"
            rows={6}
            required
            value={props.text ?? q.text}
            error={props.error?.fields.text}
          />
          <div class="buttons">
            <button class="button secondary" type="submit">
              {m.save}
            </button>{" "}
            <button class="button" type="submit" formaction={action("publish")}>
              {m.publish}
            </button>{" "}
            <button class="button danger" type="submit" formaction={action("withdraw")}>
              {m.withdraw}
            </button>
          </div>
        </form>
      )}
      <p>
        <a href="/national/voice">{m.title}</a>
      </p>
    </section>
  );
}
