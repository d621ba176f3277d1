import type { Lang, Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";
import { describedBy } from "./forms.tsx";
import type { CitizenComplaintView } from "../../../server/complaints/queries.ts";
import type { Suggestion } from "../../../server/routing/suggest.ts";
import type { DateText } from "../../../server/web/dates.ts";
import { EscalationNote, type EscalationView } from "./escalation.tsx";
import { RatingForm } from "./rating.tsx";

export interface Option {
  value: string;
  label: string;
}
export interface ServiceGroup {
  agency: string;
  services: Option[];
}

/** Every service grouped by agency; the empty choice lets the hub decide. */
export function ServiceSelect(props: {
  id: string;
  name?: string;
  services: ServiceGroup[];
  selected?: string | undefined;
  emptyLabel: string;
  required?: boolean;
  error?: string | undefined;
}) {
  return (
    <select
      id={props.id}
      name={props.name ?? "service"}
      required={props.required}
      aria-invalid={props.error ? "true" : undefined}
      aria-describedby={props.error ? `${props.id}-error` : undefined}
    >
      <option value="">{props.emptyLabel}</option>
      {props.services.map((g) => (
        <optgroup label={g.agency}>
          {g.services.map((s) => (
            <option value={s.value} selected={props.selected === s.value}>
              {s.label}
            </option>
          ))}
        </optgroup>
      ))}
    </select>
  );
}

const KINDS = ["complaint", "inquiry", "suggestion", "praise", "report"] as const;

/**
 * Why the hub suggests a service: only the citizen's own words (the spans of their
 * text the router matched), highlighted, separated the way the reader's language
 * separates a list; never the directory's hint phrases or example sentences.
 */
export function citizenWords(text: string, s: Pick<Suggestion, "spans">, max = 4): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const sp of s.spans ?? []) {
    const w = text.slice(sp.start, sp.end).trim();
    const key = w.toLowerCase();
    if (!w || seen.has(key)) continue;
    seen.add(key);
    out.push(w);
    if (out.length === max) break;
  }
  return out;
}

export function SuggestionBox(props: {
  t: Messages;
  suggestions: (Suggestion & { label: string })[];
  selected?: string;
  text?: string;
  error?: string;
}) {
  const m = props.t.complaints;
  if (props.error) {
    return (
      <div id="suggestion" class="alert" role="alert">
        {props.error}
      </div>
    );
  }
  if (!props.suggestions.length) {
    return (
      <div id="suggestion" class="alert" aria-live="polite">
        {m.suggestionNone}
      </div>
    );
  }
  return (
    <fieldset id="suggestion" class="field" aria-live="polite">
      <legend>{m.suggestionTitle}</legend>
      {props.suggestions.map((s, i) => {
        const value = `${s.agencyCode}/${s.serviceCode}`;
        const words = citizenWords(props.text ?? "", s);
        const local = s.evidence.some((e) => e.kind === "location");
        const history = s.evidence.find((e) => e.kind === "history");
        return (
          <label class="block">
            <input type="radio" name="suggested" value={value} checked={props.selected ? props.selected === value : i === 0} />{" "}
            <strong>{s.label}</strong>
            {words.length || local || history ? (
              <span class="hint">
                {" "}
                {words.length ? (
                  <>
                    {m.because}{" "}
                    {words.map((w, j) => (
                      <>
                        {j ? m.evidenceSeparator : ""}
                        <mark>{w}</mark>
                      </>
                    ))}
                  </>
                ) : null}
                {local ? ` ${m.inYourCity}` : ""}
                {history ? ` ${m.likeAccepted(Number(history.value))}` : ""}
              </span>
            ) : null}
          </label>
        );
      })}
      <label class="block">
        <input type="radio" name="suggested" value="" checked={props.selected === ""} /> {m.serviceAuto}
      </label>
    </fieldset>
  );
}

export function NewComplaintForm(props: {
  t: Messages;
  cities: Option[];
  services: ServiceGroup[];
  /** Agencies a praised staff member may work for (absent: the praise fields show no list). */
  agencies?: Option[];
  values: Record<string, string>;
  errors: Record<string, string>;
  alert?: string | undefined;
  clientKey: string;
}) {
  const { t, values: v, errors: e } = props;
  const m = t.complaints;
  return (
    <form
      novalidate
      id="complaint-form"
      class="form"
      method="post"
      action="/complaints"
      enctype="multipart/form-data"
      hx-post="/complaints"
      hx-encoding="multipart/form-data"
      hx-target="#complaint-form"
      hx-swap="outerHTML"
    >
      <h1>{m.newTitle}</h1>
      <p class="muted">{m.intro}</p>
      <ErrorSummary
        t={t}
        errors={{ ...e, service: e.serviceCode ?? e.agencyCode, serviceCode: undefined, agencyCode: undefined }}
        alert={props.alert}
        labels={{
          kind: m.kind,
          title: m.title,
          text: m.text,
          city: m.city,
          district: m.district,
          lat: m.lat,
          lng: m.lng,
          service: m.service,
          attachments: m.attachments,
          priorReference: m.priorReference,
          staffConcerned: m.staffConcerned,
          praisedStaff: m.praisedStaff,
          praisedAgency: m.praisedAgency,
        }}
      />
      <input type="hidden" name="clientKey" value={props.clientKey} />
      <Field name="kind" label={m.kind} error={e.kind}>
        <select
          id="f-kind"
          name="kind"
          aria-invalid={e.kind ? "true" : undefined}
          aria-describedby={describedBy("kind", { error: e.kind })}
        >
          {KINDS.map((k) => (
            <option value={k} selected={(v.kind ?? "complaint") === k}>
              {t.kinds[k]}
            </option>
          ))}
        </select>
      </Field>
      <Field name="title" label={m.title} value={v.title} error={e.title} />
      <Field
        name="text"
        label={m.text}
        error={e.text}
        hint={m.textHint}
        rows={6}
        required
        value={v.text ?? ""}
        attrs={{
          "hx-get": "/complaints/suggest",
          "hx-trigger": "input changed delay:600ms",
          "hx-target": "#suggestion",
          "hx-swap": "outerHTML",
          "hx-include": "[name=city]",
        }}
      />
      <div class="row">
        <Field name="city" label={m.city} error={e.city}>
          <select
            id="f-city"
            name="city"
            required
            aria-invalid={e.city ? "true" : undefined}
            aria-describedby={describedBy("city", { error: e.city })}
          >
            <option value="">{m.chooseCity}</option>
            {props.cities.map((c) => (
              <option value={c.value} selected={v.city === c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        <Field name="district" label={m.district} value={v.district} error={e.district} />
      </div>
      <div class="row">
        <Field name="lat" label={m.lat} type="number" value={v.lat} error={e.lat} dir="ltr" />
        <Field name="lng" label={m.lng} type="number" value={v.lng} error={e.lng} dir="ltr" />
      </div>
      <div id="suggestion"></div>
      <Field name="service" label={m.service} error={e.serviceCode ?? e.agencyCode}>
        <ServiceSelect
          id="f-service"
          services={props.services}
          selected={v.service}
          emptyLabel={m.serviceAuto}
          error={e.serviceCode ?? e.agencyCode}
        />
      </Field>
      {/* Shown for complaints only (app.css), like the praise fields below. */}
      <div class="complaint-only" data-open={v.staffConcerned || e.staffConcerned ? "" : undefined}>
        <Field
          name="staffConcerned"
          label={m.staffConcerned}
          hint={m.staffConcernedHint}
          value={v.staffConcerned}
          error={e.staffConcerned}
        />
      </div>
      {/* Shown for praise only (app.css); kept open when it holds a value or an error, so nothing typed is hidden. */}
      <fieldset
        class="field praise-only"
        id="praise-fields"
        data-open={v.praisedStaff || v.praisedAgency || e.praisedStaff || e.praisedAgency ? "" : undefined}
      >
        <legend>{m.praiseLegend}</legend>
        <p class="muted">{m.praiseHint}</p>
        <Field name="praisedStaff" label={m.praisedStaff} value={v.praisedStaff} error={e.praisedStaff} />
        <Field name="praisedAgency" label={m.praisedAgency} error={e.praisedAgency}>
          <select
            id="f-praisedAgency"
            name="praisedAgency"
            aria-invalid={e.praisedAgency ? "true" : undefined}
            aria-describedby={describedBy("praisedAgency", { error: e.praisedAgency })}
          >
            <option value="">{m.praisedAgencyNone}</option>
            {(props.agencies ?? []).map((a) => (
              <option value={a.value} selected={v.praisedAgency === a.value}>
                {a.label}
              </option>
            ))}
          </select>
        </Field>
      </fieldset>
      <Field name="attachments" label={m.attachments} hint={m.attachmentsHint} error={e.attachments}>
        <input
          id="f-attachments"
          type="file"
          name="attachments"
          multiple
          accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
          aria-invalid={e.attachments ? "true" : undefined}
          aria-describedby={describedBy("attachments", { hint: true, error: e.attachments })}
        />
      </Field>
      <Field name="priorReference" label={m.priorReference} value={v.priorReference} error={e.priorReference} dir="ltr" />
      <fieldset class="field">
        <legend>{m.notifyBy}</legend>
        <label>
          <input type="radio" name="notifyBy" value="sms" checked={v.notifyBy !== "email"} /> {t.citizen.notifySms}
        </label>
        <label>
          <input type="radio" name="notifyBy" value="email" checked={v.notifyBy === "email"} /> {t.citizen.notifyEmail}
        </label>
      </fieldset>
      <button class="button" type="submit">
        {m.submit}
      </button>
    </form>
  );
}

export interface CitizenForms {
  action?: "answer" | "reopen" | "withdraw" | "rate" | undefined;
  errors?: Record<string, string>;
  alert?: string | undefined;
  values?: Record<string, string>;
}

export function ComplaintPage(props: {
  t: Messages;
  lang: Lang;
  c: CitizenComplaintView;
  justFiled: boolean;
  allowed: string[];
  dates: DateText;
  forms?: CitizenForms;
  notice?: string | undefined;
  escalation?: EscalationView;
  /** The closing's rating can still be given (an open invitation for a closed complaint). */
  rating?: boolean;
}) {
  const { t, c, dates } = props;
  const m = t.complaints;
  const forms = props.forms ?? {};
  const err = (a: CitizenForms["action"], f: string) => (forms.action === a ? forms.errors?.[f] : undefined);
  const val = (a: CitizenForms["action"], f: string) => (forms.action === a ? (forms.values?.[f] ?? "") : "");
  const name = (x: { ar: string; en: string } | null) => (x ? (props.lang === "ar" ? x.ar : x.en) : "");
  const lastRequest = [...c.timeline].reverse().find((e) => e.type === "info_requested");
  const formAttrs = (action: string, multipart = false) => ({
    id: `citizen-${action}`,
    class: "form",
    method: "post" as const,
    action: `/complaints/${c.reference}/${action}`,
    "hx-post": `/complaints/${c.reference}/${action}`,
    "hx-target": "#complaint",
    "hx-swap": "outerHTML",
    ...(multipart ? { enctype: "multipart/form-data" as const, "hx-encoding": "multipart/form-data" } : {}),
  });
  // The close's files sit with the answer while it stands (after a reopen, with the rest).
  const inResolution = (a: { eventType: string | null }) => c.status === "closed" && a.eventType === "closed";
  return (
    <section id="complaint">
      <h1>{props.justFiled ? m.receivedTitle : (c.title ?? t.kinds[c.kind as keyof typeof t.kinds])}</h1>
      <FormNotice message={props.notice} />
      {forms.action === undefined && <ErrorSummary t={t} alert={forms.alert} />}
      <div class="form">
        <p>
          {m.referenceIs}:{" "}
          <strong class="code" dir="ltr" data-testid="reference">
            {c.reference}
          </strong>
        </p>
        {props.justFiled && <p class="muted">{m.referenceSms}</p>}
        {props.justFiled && (
          <p class="step-actions" data-testid="next-steps">
            <a class="button" href="/complaints">
              {t.next.mine}
            </a>
            <a class="button secondary" href="/complaints/new">
              {t.next.file}
            </a>
          </p>
        )}
        <p>
          <span data-testid="status">{m.status[c.status as keyof typeof m.status] ?? c.status}</span>
          {c.reopenCount > 0 && <span class="badge warn">{m.reopenedBadge(c.reopenCount)}</span>}
        </p>
        <p>{c.agency ? `${m.routedTo}: ${name(c.agency)} — ${name(c.service)}` : m.toTriage}</p>
        {c.dueAt && (c.status === "in_progress" || c.status === "awaiting_citizen") && (
          <p data-testid="due">{m.dueBy(dates.deadline(c.dueAt))}</p>
        )}
        {c.praisedStaff && (
          <p data-testid="praised-staff">
            {m.praisedStaffShown}: {c.praisedStaff}
          </p>
        )}
        {c.staffConcerned && (
          <p data-testid="staff-concerned">
            {m.staffConcernedShown}: {c.staffConcerned}
          </p>
        )}
        <p class="pre">{c.text}</p>
        {c.attachments.some((a) => !inResolution(a)) && (
          <ul>
            {c.attachments
              .filter((a) => !inResolution(a))
              .map((a) => (
                <li>
                  <a href={`/complaints/${c.reference}/attachments/${a.id}`}>{a.filename}</a> ({Math.ceil(a.size / 1024)} KB)
                </li>
              ))}
          </ul>
        )}
      </div>
      {c.status === "awaiting_citizen" && lastRequest && (
        <section class="form" aria-labelledby="info-h" data-testid="info-request">
          <h2 id="info-h">{m.infoTitle}</h2>
          <p class="pre">{lastRequest.text}</p>
          {c.infoDueAt && <p>{m.infoDue(dates.deadline(c.infoDueAt))}</p>}
          {props.allowed.includes("answer") && (
            <form novalidate {...formAttrs("answer", true)}>
              {forms.action === "answer" && (
                <ErrorSummary
                  t={t}
                  errors={forms.errors}
                  alert={forms.alert}
                  links={{ text: "f-answer" }}
                  labels={{ text: m.answer, attachments: m.attachments }}
                />
              )}
              <input type="hidden" name="version" value={String(c.version)} />
              <Field
                name="answer"
                label={m.answer}
                error={err("answer", "text")}
                inputName="text"
                rows={4}
                required
                value={val("answer", "text")}
              />
              <Field name="attachments" label={m.attachments} hint={m.attachmentsHint} error={err("answer", "attachments")}>
                <input
                  id="f-attachments"
                  type="file"
                  name="attachments"
                  multiple
                  accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf"
                  aria-describedby="f-attachments-hint"
                />
              </Field>
              <button class="button" type="submit">
                {m.answerSubmit}
              </button>
            </form>
          )}
        </section>
      )}
      {c.status === "closed" && (
        <section class="form" aria-labelledby="resolution-h" data-testid="resolution">
          <h2 id="resolution-h">{m.resolutionTitle}</h2>
          <p>
            {m.outcome}: <strong>{t.agency.outcomes[c.outcome as keyof typeof t.agency.outcomes] ?? c.outcome}</strong>
          </p>
          {c.resolution && <p class="pre">{c.resolution}</p>}
          {c.attachments.some((a) => a.eventType === "closed") && (
            <>
              <h3>{m.resolutionFiles}</h3>
              <ul data-testid="resolution-files">
                {c.attachments
                  .filter((a) => a.eventType === "closed")
                  .map((a) => (
                    <li>
                      <a href={`/complaints/${c.reference}/attachments/${a.id}`} download>
                        {a.filename}
                      </a>{" "}
                      ({Math.ceil(a.size / 1024)} KB)
                    </li>
                  ))}
              </ul>
            </>
          )}
        </section>
      )}
      {props.allowed.includes("reopen") && c.reopenUntil && (
        <form novalidate {...formAttrs("reopen")}>
          <h2>{m.reopenTitle}</h2>
          {forms.action === "reopen" && (
            <ErrorSummary t={t} errors={forms.errors} alert={forms.alert} labels={{ reason: m.reopenReason }} />
          )}
          <p>{m.reopenUntil(dates.deadline(c.reopenUntil))}</p>
          <input type="hidden" name="version" value={String(c.version)} />
          <Field name="reason" label={m.reopenReason} error={err("reopen", "reason")} rows={3} required value={val("reopen", "reason")} />
          <button class="button" type="submit">
            {m.reopenSubmit}
          </button>
        </form>
      )}
      <section class="form">
        <h2>{m.timeline}</h2>
        <ol class="timeline" data-testid="timeline">
          {c.timeline.map((e) => (
            <li data-event={e.type}>
              {m.events[e.type as keyof typeof m.events] ?? e.type} — <time datetime={e.at}>{dates.at(new Date(e.at))}</time>
              {e.text && <div class="pre">{e.text}</div>}
            </li>
          ))}
        </ol>
      </section>
      {props.rating && (
        <RatingForm
          t={t}
          action={`/complaints/${c.reference}/rate`}
          reference={c.reference}
          agency={name(c.agency)}
          values={forms.action === "rate" ? (forms.values ?? {}) : {}}
          errors={forms.action === "rate" ? (forms.errors ?? {}) : {}}
          alert={forms.action === "rate" ? forms.alert : undefined}
          embedded={{ id: "citizen-rate", target: "#complaint" }}
        />
      )}
      <EscalationNote t={t} reference={c.reference} e={props.escalation} />
      {/* Behind a confirmation page: withdrawing cannot be undone, and must never be one click away. */}
      {props.allowed.includes("withdraw") && (
        <p>
          <a href={`/complaints/${c.reference}/withdraw`} data-testid="withdraw-link">
            {t.withdraw.link}
          </a>
        </p>
      )}
      <p>
        <a href="/complaints">{m.myComplaints}</a>
      </p>
    </section>
  );
}

/** The second step of withdrawing: what it means, an optional reason, and a way back. */
export function WithdrawConfirm(props: {
  t: Messages;
  reference: string;
  version: number;
  errors: Record<string, string>;
  values: Record<string, string>;
  alert?: string | undefined;
}) {
  const { t } = props;
  const m = t.complaints;
  return (
    <form
      novalidate
      id="withdraw-confirm"
      class="form"
      method="post"
      action={`/complaints/${props.reference}/withdraw`}
      hx-post={`/complaints/${props.reference}/withdraw`}
      hx-target="#withdraw-confirm"
      hx-swap="outerHTML"
    >
      <h1>{t.withdraw.confirmTitle}</h1>
      <ErrorSummary
        t={t}
        errors={props.errors}
        alert={props.alert}
        links={{ reason: "f-withdrawReason" }}
        labels={{ reason: m.withdrawReason }}
      />
      <p>
        {m.referenceIs}:{" "}
        <strong class="code" dir="ltr">
          {props.reference}
        </strong>
      </p>
      <p>{t.withdraw.confirmText}</p>
      <input type="hidden" name="version" value={String(props.version)} />
      <Field
        name="withdrawReason"
        label={m.withdrawReason}
        error={props.errors.reason}
        inputName="reason"
        rows={2}
        value={props.values.reason ?? ""}
      />
      <p class="step-actions">
        <button class="button danger" type="submit">
          {t.withdraw.confirm}
        </button>
        <a href={`/complaints/${props.reference}`}>{t.withdraw.cancel}</a>
      </p>
    </form>
  );
}

export function MyComplaints(props: {
  t: Messages;
  rows: { reference: string; kind: string; status: string; title: string | null; createdAt: string }[];
}) {
  const m = props.t.complaints;
  return (
    <section>
      <h1>{m.myComplaints}</h1>
      <p>
        <a class="button" href="/complaints/new">
          {m.newLink}
        </a>
      </p>
      {props.rows.length === 0 ? (
        <p>{m.noComplaints}</p>
      ) : (
        <table class="list stack">
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>
                  <a class="code" dir="ltr" href={`/complaints/${r.reference}`}>
                    {r.reference}
                  </a>
                </td>
                <td>{props.t.kinds[r.kind as keyof typeof props.t.kinds]}</td>
                <td>{r.title ?? ""}</td>
                <td>{m.status[r.status as keyof typeof m.status] ?? r.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
