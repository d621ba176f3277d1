import type { Lang, Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";
import type { TrackedComplaint } from "../../../server/complaints/track.ts";
import type { DateText } from "../../../server/web/dates.ts";
import { HxForm, type Errors, type Values } from "./forms.tsx";

/** Reference + the mobile it was filed with; the next page reads the same whatever matched. */
export function TrackForm(props: { t: Messages; values: Values; errors: Errors; alert?: string | undefined; notice?: string | undefined }) {
  const m = props.t.track;
  const { values: v, errors: e } = props;
  return (
    <HxForm id="track-form" action="/track">
      <h1>{m.title}</h1>
      <p class="muted">{m.intro}</p>
      <FormNotice message={props.notice} />
      <ErrorSummary
        t={props.t}
        errors={e}
        alert={props.alert}
        alertLink="f-reference"
        labels={{ reference: m.reference, mobile: m.mobile }}
      />
      <Field
        name="reference"
        label={m.reference}
        value={v.reference}
        error={e.reference}
        hint={m.referenceHint}
        autocomplete="off"
        dir="ltr"
        required
      />
      <Field
        name="mobile"
        label={m.mobile}
        type="tel"
        value={v.mobile}
        error={e.mobile}
        hint={m.mobileHint}
        autocomplete="tel"
        inputmode="tel"
        dir="ltr"
        required
      />
      <button class="button" type="submit">
        {m.submit}
      </button>
      <p>
        <a href="/signin">{m.haveAccount}</a>
      </p>
    </HxForm>
  );
}

/** Read only: status, what happened when, and the agency's answer; nothing personal. */
export function TrackedView(props: { t: Messages; lang: Lang; c: TrackedComplaint; dates: DateText }) {
  const { t, c, dates } = props;
  const m = t.track;
  const cm = t.complaints;
  const name = (x: { ar: string; en: string } | null) => (x ? (props.lang === "ar" ? x.ar : x.en) : "");
  return (
    <section id="tracked" aria-labelledby="tracked-h">
      <h1 id="tracked-h">
        {m.viewTitle}{" "}
        <bdi class="code ref" data-testid="reference">
          {c.reference}
        </bdi>
      </h1>
      <p class="muted">{m.readOnly}</p>
      <div class="form">
        <dl class="summary">
          <dt>{m.status}</dt>
          <dd data-testid="status">{cm.status[c.status as keyof typeof cm.status] ?? c.status}</dd>
          <dt>{m.agency}</dt>
          <dd>{c.agency ? `${name(c.agency)} — ${name(c.service)}` : cm.toTriage}</dd>
          <dt>{m.filedOn}</dt>
          <dd>
            <time datetime={c.createdAt.toISOString()}>{dates.at(c.createdAt)}</time>
          </dd>
        </dl>
        {c.dueAt && (c.status === "in_progress" || c.status === "awaiting_citizen") && (
          <p data-testid="due">{cm.dueBy(dates.deadline(c.dueAt))}</p>
        )}
      </div>
      {c.status === "awaiting_citizen" && c.infoDueAt && <p class="alert">{m.infoNeeded(dates.deadline(c.infoDueAt))}</p>}
      {c.status === "closed" && (
        <section class="form" aria-labelledby="answer-h" data-testid="answer">
          <h2 id="answer-h">{m.answerTitle}</h2>
          <p>
            {cm.outcome}: <strong>{t.agency.outcomes[c.outcome as keyof typeof t.agency.outcomes] ?? c.outcome}</strong>
          </p>
          {c.resolution && <p class="pre">{c.resolution}</p>}
          {c.reopenUntil && <p>{cm.reopenUntil(dates.deadline(c.reopenUntil))}</p>}
        </section>
      )}
      <section class="form" aria-labelledby="timeline-h">
        <h2 id="timeline-h">{cm.timeline}</h2>
        <ol class="timeline" data-testid="timeline">
          {c.timeline.map((e) => (
            <li data-event={e.type}>
              {cm.events[e.type as keyof typeof cm.events] ?? e.type} — <time datetime={e.at.toISOString()}>{dates.at(e.at)}</time>
            </li>
          ))}
        </ol>
      </section>
      <section class="form" aria-labelledby="act-h" data-testid="act">
        <h2 id="act-h">{m.actTitle}</h2>
        <p>{m.actText}</p>
        <p class="step-actions">
          <a class="button" href="/register">
            {m.register}
          </a>
          <a class="button secondary" href="/signin?next=/complaints">
            {m.signin}
          </a>
        </p>
      </section>
      <form method="post" action="/track/end" class="inline">
        <button class="button secondary" type="submit">
          {m.end}
        </button>
      </form>
    </section>
  );
}
