import type { Lang, Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FieldError, FormNotice } from "../../components/form.tsx";
import { ServiceSelect, type Option, type ServiceGroup } from "./complaints.tsx";
import type { ReportView } from "../../../server/reports/reports.ts";
import type { DateText } from "../../../server/web/dates.ts";

export function NewReportForm(props: {
  t: Messages;
  complaints: Option[];
  services: ServiceGroup[];
  values: Record<string, string>;
  errors: Record<string, string>;
  alert?: string | undefined;
  clientKey: string;
}) {
  const m = props.t.reports;
  const v = props.values;
  return (
    <form
      novalidate
      id="report-form"
      class="form"
      method="post"
      action="/reports"
      hx-post="/reports"
      hx-target="#report-form"
      hx-swap="outerHTML"
    >
      <h1>{m.newTitle}</h1>
      <p class="muted">{m.intro}</p>
      <ErrorSummary
        t={props.t}
        errors={props.errors}
        alert={props.alert}
        labels={{ type: m.type, complaint: m.complaint, service: m.service, text: m.text }}
      />
      <input type="hidden" name="clientKey" value={props.clientKey} />
      <Field name="type" label={m.type} error={props.errors.type}>
        <select id="f-type" name="type" required>
          {(["escalation", "service_improvement", "digital_transformation"] as const).map((k) => (
            <option value={k} selected={(v.type ?? "escalation") === k}>
              {m.types[k]}
            </option>
          ))}
        </select>
      </Field>
      <Field name="complaint" label={m.complaint} error={props.errors.complaint}>
        <select id="f-complaint" name="complaint">
          <option value="">{m.chooseComplaint}</option>
          {props.complaints.map((c) => (
            <option value={c.value} selected={v.complaint === c.value}>
              {c.label}
            </option>
          ))}
        </select>
      </Field>
      <Field name="service" label={m.service} error={props.errors.service}>
        <ServiceSelect id="f-service" services={props.services} selected={v.service} emptyLabel={m.chooseService} />
      </Field>
      <Field name="text" label={m.text} hint={m.textHint} error={props.errors.text} rows={5} required value={v.text ?? ""} />
      <button class="button" type="submit">
        {m.submit}
      </button>
    </form>
  );
}

export function MyReports(props: {
  t: Messages;
  rows: { reference: string; type: string; status: string; dueAt: Date }[];
  dates: DateText;
}) {
  const m = props.t.reports;
  return (
    <section>
      <h1>{m.myReports}</h1>
      <p>
        <a class="button" href="/reports/new">
          {m.newLink}
        </a>
      </p>
      {props.rows.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <table class="list stack">
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>
                  <a class="code" dir="ltr" href={`/reports/${r.reference}`}>
                    {r.reference}
                  </a>
                </td>
                <td>{m.types[r.type as keyof typeof m.types]}</td>
                <td>{m.status[r.status as keyof typeof m.status]}</td>
                <td>{r.status === "closed" ? "" : m.dueBy(props.dates.deadline(r.dueAt))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function ReportPage(props: {
  t: Messages;
  lang: Lang;
  r: ReportView;
  dates: DateText;
  justFiled: boolean;
  notice?: string | undefined;
  errors?: Record<string, string>;
  alert?: string | undefined;
}) {
  const { t, r, dates } = props;
  const m = t.reports;
  return (
    <section id="report">
      <h1>{props.justFiled ? m.filedTitle : m.types[r.type]}</h1>
      <FormNotice message={props.notice} />
      <div class="form">
        <p>
          {m.referenceIs}:{" "}
          <strong class="code" dir="ltr" data-testid="report-reference">
            {r.reference}
          </strong>
        </p>
        <p data-testid="report-status">{m.status[r.status]}</p>
        {r.status !== "closed" && <p>{m.dueBy(dates.deadline(r.dueAt))}</p>}
        <p>
          {m.agency}: {props.lang === "ar" ? r.agency.ar : r.agency.en}
        </p>
        {r.complaintRef && (
          <p>
            {m.about}:{" "}
            <a class="code" dir="ltr" href={`/complaints/${r.complaintRef}`}>
              {r.complaintRef}
            </a>
            {r.ground && ` — ${m.grounds[r.ground as keyof typeof m.grounds]}`}
          </p>
        )}
        <p class="pre">{r.text}</p>
      </div>
      {r.answer && (
        <section class="form" data-testid="report-answer">
          <h2>{m.answerTitle}</h2>
          {r.outcome && (
            <p>
              {m.outcome}: <strong>{m.outcomes[r.outcome as keyof typeof m.outcomes]}</strong>
            </p>
          )}
          <p class="pre">{r.answer}</p>
        </section>
      )}
      {r.status === "closed" && !r.ratedAt && (
        <form novalidate class="form" id="report-rate" method="post" action={`/reports/${r.reference}/rate`}>
          <h2>{m.rateTitle}</h2>
          <ErrorSummary
            t={t}
            errors={props.errors}
            alert={props.alert}
            links={{ resolved: "f-resolved-yes", stars: "f-stars-1" }}
            labels={{ resolved: t.rating.resolved, stars: t.rating.stars }}
          />
          <fieldset
            class="field"
            data-invalid={props.errors?.resolved ? "" : undefined}
            aria-describedby={props.errors?.resolved ? "f-resolved-error" : undefined}
          >
            <legend>{t.rating.resolved}</legend>
            {(["yes", "partly", "no"] as const).map((o) => (
              <label class="block">
                <input
                  id={`f-resolved-${o}`}
                  type="radio"
                  name="resolved"
                  value={o}
                  required
                  aria-invalid={props.errors?.resolved ? "true" : undefined}
                />{" "}
                {t.rating.resolvedOptions[o]}
              </label>
            ))}
            <FieldError name="resolved" error={props.errors?.resolved} />
          </fieldset>
          <fieldset
            class="field"
            data-invalid={props.errors?.stars ? "" : undefined}
            aria-describedby={props.errors?.stars ? "f-stars-error" : undefined}
          >
            <legend>{t.rating.stars}</legend>
            {[1, 2, 3, 4, 5].map((n) => (
              <label>
                <input
                  id={`f-stars-${n}`}
                  type="radio"
                  name="stars"
                  value={String(n)}
                  required
                  aria-label={t.rating.starLabel(n)}
                  aria-invalid={props.errors?.stars ? "true" : undefined}
                />{" "}
                {"★".repeat(n)}{" "}
              </label>
            ))}
            <FieldError name="stars" error={props.errors?.stars} />
          </fieldset>
          <button class="button" type="submit">
            {m.rateSubmit}
          </button>
        </form>
      )}
      <section class="form">
        <h2>{m.timeline}</h2>
        <ol class="timeline" data-testid="report-timeline">
          {r.events.map((e) => (
            <li data-event={e.type}>
              {m.events[e.type as keyof typeof m.events] ?? e.type} — <time datetime={e.at.toISOString()}>{dates.at(e.at)}</time>
            </li>
          ))}
        </ol>
      </section>
      <p>
        <a href="/reports">{m.myReports}</a>
      </p>
    </section>
  );
}
