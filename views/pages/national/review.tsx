import type { Lang, Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";
import { ScrollRegion } from "../../components/table.tsx";
import type { ReportView } from "../../../server/reports/reports.ts";
import type { StaffComplaintView } from "../../../server/complaints/staff-view.ts";
import { MediaItemBlock } from "../staff/media.tsx";
import type { DateText } from "../../../server/web/dates.ts";
import { REPORT_OUTCOMES } from "../../../server/reports/eligibility.ts";

export function ReviewQueue(props: {
  t: Messages;
  rows: { reference: string; type: string; status: string; agencyCode: string; dueAt: Date; text: string }[];
  now: Date;
  dates: DateText;
}) {
  const m = props.t.reports;
  return (
    <section>
      <h1>{m.reviewTitle}</h1>
      {props.rows.length === 0 ? (
        <p>{m.reviewEmpty}</p>
      ) : (
        <ScrollRegion label={m.reviewTitle}>
          <table class="list" data-testid="review-queue">
            <thead>
              <tr>
                <th>{m.colReference}</th>
                <th>{m.colType}</th>
                <th>{m.colAgency}</th>
                <th>{m.colDue}</th>
                <th>{props.t.staff.status}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <td>
                    <a class="code" dir="ltr" href={`/review/${r.reference}`}>
                      {r.reference}
                    </a>
                  </td>
                  <td>{m.types[r.type as keyof typeof m.types]}</td>
                  <td>{r.agencyCode}</td>
                  <td>
                    {props.dates.deadline(r.dueAt)}
                    {r.dueAt < props.now && <span class="badge danger">{m.overdue}</span>}
                  </td>
                  <td>{m.status[r.status as keyof typeof m.status]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

type ActionName = "ask_agency" | "push_back" | "answer" | "close";

/** The reviewer's technical-fault judgement (seed 004's share), sent with an answer or a close, or on its own. */
function TechnicalFault(props: { t: Messages; id: string; checked: boolean }) {
  const m = props.t.voice;
  return (
    <div class="field checkbox">
      <input type="hidden" name="technical_fault_asked" value="1" />
      <label for={props.id}>
        <input
          type="checkbox"
          id={props.id}
          name="technical_fault"
          value="on"
          checked={props.checked}
          aria-describedby={`${props.id}-hint`}
        />{" "}
        {m.technicalFaultLabel}
      </label>
      <p class="hint" id={`${props.id}-hint`}>
        {m.technicalFaultHint}
      </p>
    </div>
  );
}

export function ReviewPage(props: {
  t: Messages;
  lang: Lang;
  r: ReportView;
  complaint: StaffComplaintView | null;
  dates: DateText;
  notice?: string | undefined;
  form?: { action: ActionName; errors: Record<string, string>; alert?: string | undefined; values: Record<string, string> } | undefined;
}) {
  const { t, r, dates } = props;
  const m = t.reports;
  const err = (a: ActionName, f: string) => (props.form?.action === a ? props.form.errors[f] : undefined);
  const val = (a: ActionName, f: string) => (props.form?.action === a ? (props.form.values[f] ?? "") : "");
  const open = r.status !== "closed";
  const formFor = (action: ActionName, title: string, submit: string, body: unknown) => (
    <form
      novalidate
      class="form"
      id={`review-${action}`}
      method="post"
      action={`/review/${r.reference}/${action}`}
      hx-post={`/review/${r.reference}/${action}`}
      hx-target="#review"
      hx-swap="outerHTML"
    >
      <h3>{title}</h3>
      {props.form?.action === action && (
        <ErrorSummary
          t={t}
          errors={props.form.errors}
          alert={props.form.alert}
          links={action === "close" ? { answer: "f-closeAnswer" } : {}}
        />
      )}
      <input type="hidden" name="version" value={String(r.version)} />
      {body as never}
      <button class="button" type="submit">
        {submit}
      </button>
    </form>
  );
  return (
    <section id="review" class="complaint">
      <h1>
        {r.reference} <span class="badge">{m.status[r.status]}</span>
      </h1>
      <FormNotice message={props.notice} />
      <div class="columns">
        <div>
          <dl class="summary">
            <dt>{m.type}</dt>
            <dd>{m.types[r.type]}</dd>
            <dt>{m.agency}</dt>
            <dd>{props.lang === "ar" ? r.agency.ar : r.agency.en}</dd>
            <dt>{m.colDue}</dt>
            <dd>{dates.deadline(r.dueAt)}</dd>
            {r.ground && (
              <>
                <dt>{m.about}</dt>
                <dd>
                  {r.complaintRef} — {m.grounds[r.ground as keyof typeof m.grounds]}
                </dd>
              </>
            )}
          </dl>
          <p class="pre">{r.text}</p>
          {r.answer && (
            <section data-testid="review-answer">
              <h2>{m.answerTitle}</h2>
              <p class="pre">{r.answer}</p>
            </section>
          )}
          <h2>{m.followups}</h2>
          <ul data-testid="followups">
            {r.followups.map((f) => (
              <li>
                <strong>{f.question}</strong> — {dates.at(f.askedAt)}
                <div class="pre">{f.answer ?? m.pending}</div>
              </li>
            ))}
          </ul>
          {props.complaint && (
            <>
              <h2>{m.complaintTimeline}</h2>
              <p>
                <a class="code" dir="ltr" href={`/staff/complaints/${props.complaint.reference}`}>
                  {props.complaint.reference}
                </a>{" "}
                — {t.complaints.status[props.complaint.status]}
              </p>
              <p class="pre">{props.complaint.text}</p>
              {props.complaint.media && (
                <MediaItemBlock
                  t={t}
                  media={props.complaint.media}
                  dates={dates}
                  heading="h3"
                  reply={{ status: props.complaint.status, answer: props.complaint.outletReply }}
                />
              )}
              <ol class="timeline" data-testid="complaint-timeline">
                {props.complaint.timeline.map((e) => (
                  <li>
                    {t.agency.events[e.type as keyof typeof t.agency.events] ?? e.type} — {dates.at(e.at)}
                    {typeof e.data.message === "string" && <div class="pre">{e.data.message}</div>}
                    {typeof e.data.text === "string" && <div class="pre">{e.data.text}</div>}
                    {typeof e.data.resolution === "string" && <div class="pre">{e.data.resolution}</div>}
                  </li>
                ))}
              </ol>
            </>
          )}
          <h2>{m.timeline}</h2>
          <ol class="timeline">
            {r.events.map((e) => (
              <li>
                {m.events[e.type as keyof typeof m.events] ??
                  (e.type === "technical_fault" ? (e.data.value ? t.voice.technicalFaultSet : t.voice.technicalFaultNot) : e.type)}{" "}
                — {dates.at(e.at)}
              </li>
            ))}
          </ol>
        </div>
        <div class="actions">
          {open &&
            formFor(
              "ask_agency",
              m.askAgency,
              m.askSubmit,
              <Field
                name="question"
                label={m.question}
                hint={m.askHint}
                error={err("ask_agency", "question")}
                rows={3}
                required
                value={val("ask_agency", "question")}
              />,
            )}
          {open &&
            props.complaint &&
            formFor(
              "push_back",
              m.pushBack,
              m.pushSubmit,
              <>
                <Field name="note" label={m.pushNote} error={err("push_back", "note")} rows={3} required value={val("push_back", "note")} />
                <Field
                  name="days"
                  label={m.pushDays}
                  type="number"
                  value={val("push_back", "days") || "5"}
                  error={err("push_back", "days")}
                />
              </>,
            )}
          {open &&
            formFor(
              "answer",
              m.answer,
              m.answerSubmit,
              <>
                <Field name="answer" label={m.answer} error={err("answer", "answer")} rows={4} required value={val("answer", "answer")} />
                <TechnicalFault
                  t={t}
                  id="f-fault-answer"
                  checked={props.form?.action === "answer" ? !!props.form.values.technical_fault : !!r.technicalFault}
                />
              </>,
            )}
          {open &&
            formFor(
              "close",
              m.close,
              m.closeSubmit,
              <>
                <Field name="outcome" label={m.outcome} error={err("close", "outcome")}>
                  <select id="f-outcome" name="outcome" required>
                    <option value="">—</option>
                    {REPORT_OUTCOMES.map((o) => (
                      <option value={o} selected={val("close", "outcome") === o}>
                        {m.outcomes[o]}
                      </option>
                    ))}
                  </select>
                </Field>
                <Field
                  name="closeAnswer"
                  label={m.answer}
                  error={err("close", "answer")}
                  inputName="answer"
                  rows={4}
                  required
                  value={val("close", "answer") || (r.answer ?? "")}
                />
                <TechnicalFault
                  t={t}
                  id="f-fault-close"
                  checked={props.form?.action === "close" ? !!props.form.values.technical_fault : !!r.technicalFault}
                />
              </>,
            )}
          <form novalidate class="form" method="post" action={`/review/${r.reference}/technical_fault`} data-testid="technical-fault">
            <h3>{t.voice.technicalFaultTitle}</h3>
            <p data-testid="technical-fault-state">
              {r.technicalFault === null
                ? t.voice.technicalFaultUnset
                : r.technicalFault
                  ? t.voice.technicalFaultSet
                  : t.voice.technicalFaultNot}
            </p>
            <input type="hidden" name="version" value={String(r.version)} />
            <TechnicalFault t={t} id="f-fault" checked={!!r.technicalFault} />
            <button class="button secondary" type="submit">
              {t.voice.technicalFaultSave}
            </button>
          </form>
          <form novalidate class="form" method="post" action="/national/voice/quotes" data-testid="choose-quote">
            <input type="hidden" name="reference" value={r.reference} />
            <button class="button secondary" type="submit">
              {t.voice.chooseFromReport}
            </button>
          </form>
        </div>
      </div>
    </section>
  );
}

export function FollowupsPage(props: {
  t: Messages;
  rows: { id: string; question: string; dueAt: Date; reference: string; text: string; complaintRef: string | null }[];
  dates: DateText;
  notice?: string | undefined;
  errors?: { id: string; message: string } | undefined;
}) {
  const m = props.t.reports;
  return (
    <section id="followups">
      <h1>{m.followupsTitle}</h1>
      <FormNotice message={props.notice} />
      {props.rows.length === 0 ? (
        <p>{m.followupsEmpty}</p>
      ) : (
        props.rows.map((f) => (
          <form novalidate class="form" method="post" action={`/agency/followups/${f.id}/answer`} data-followup={f.reference}>
            <h2>
              {f.reference}
              {f.complaintRef && (
                <>
                  {" — "}
                  <a class="code" dir="ltr" href={`/staff/complaints/${f.complaintRef}`}>
                    {f.complaintRef}
                  </a>
                </>
              )}
            </h2>
            <p class="pre">{f.text}</p>
            <p>
              <strong>{f.question}</strong>
            </p>
            <p class="muted">{m.followupDue(props.dates.deadline(f.dueAt))}</p>
            {props.errors?.id === f.id && <ErrorSummary t={props.t} errors={{ [`answer-${f.id}`]: props.errors.message }} />}
            <Field
              name={`answer-${f.id}`}
              inputName="answer"
              label={m.followupAnswer}
              rows={3}
              required
              error={props.errors?.id === f.id ? props.errors.message : undefined}
            />
            <button class="button" type="submit">
              {m.followupSubmit}
            </button>
          </form>
        ))
      )}
    </section>
  );
}
