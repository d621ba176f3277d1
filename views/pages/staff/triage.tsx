import type { Lang, Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";
import type { TriageItem } from "../../../server/complaints/triage.ts";
import type { DateText } from "../../../server/calendar/format.ts";
import { ServiceSelect, type ServiceGroup } from "../citizen/complaints.tsx";
import { MediaItemBlock } from "./media.tsx";

/** One waiting complaint: a suggestion is one click, any other service two. */
export function TriageRow(props: {
  t: Messages;
  lang: Lang;
  item: TriageItem;
  labels: Map<string, string>;
  agencyName: (code: string) => string;
  services: ServiceGroup[];
  dates: DateText;
  alert?: string | undefined;
}) {
  const { t, item } = props;
  const m = t.staff;
  const id = `triage-${item.id}`;
  const action = `/triage/${item.id}/route`;
  return (
    <li id={id} class="form" data-reference={item.reference}>
      <p>
        <a class="code" dir="ltr" href={`/staff/complaints/${item.reference}`}>
          {item.reference}
        </a>{" "}
        · {t.kinds[item.kind as keyof typeof t.kinds]} · {m.received}{" "}
        <time datetime={item.createdAt.toISOString()}>{props.dates.at(item.createdAt)}</time>
      </p>
      {item.flagged ? (
        <p class="badge warn" data-testid="flagged">
          {t.agency.flaggedBadge}
        </p>
      ) : (
        item.rejectionCount > 0 && <p class="badge">{t.agency.rejectedBadge(item.rejectionCount)}</p>
      )}
      {item.rejections.length > 0 && (
        <details open data-testid="rejections">
          <summary>{m.rejectionsTitle(item.rejections.length)}</summary>
          <ol>
            {item.rejections.map((r) => (
              <li>
                <strong>{props.agencyName(r.agencyCode)}</strong>: {r.reason}
                {r.suggested && (
                  <>
                    {" "}
                    — {m.rejectionSuggested}:{" "}
                    {props.labels.get(`${r.suggested.agencyCode}/${r.suggested.serviceCode}`) ??
                      `${r.suggested.agencyCode}/${r.suggested.serviceCode}`}
                  </>
                )}
              </li>
            ))}
          </ol>
        </details>
      )}
      {item.title && (
        <p>
          <strong>{item.title}</strong>
        </p>
      )}
      <p class="pre">{item.text}</p>
      {item.channel === "media" && item.media && (
        <MediaItemBlock t={t} media={item.media} dates={props.dates} heading="h3" id={`media-h-${item.id}`} />
      )}
      <ErrorSummary t={t} id={`${id}-errors`} alert={props.alert} alertLink={`svc-${item.id}`} />
      <div class="row">
        {item.suggestions.slice(0, 3).map((s) => {
          const key = `${s.agencyCode}/${s.serviceCode}`;
          return (
            <form novalidate method="post" action={action} hx-post={action} hx-target={`#${id}`} hx-swap="outerHTML" class="inline">
              <input type="hidden" name="version" value={String(item.version)} />
              <input type="hidden" name="service" value={key} />
              <button class="button secondary" type="submit">
                {m.triageRouteTo}: {props.labels.get(key) ?? key}
              </button>
            </form>
          );
        })}
      </div>
      <form novalidate method="post" action={action} hx-post={action} hx-target={`#${id}`} hx-swap="outerHTML" class="row">
        <input type="hidden" name="version" value={String(item.version)} />
        <label class="sr-only" for={`svc-${item.id}`}>
          {m.triageOther}
        </label>
        <ServiceSelect id={`svc-${item.id}`} services={props.services} emptyLabel={m.triageOther} required />
        <button class="button" type="submit">
          {m.triageRoute}
        </button>
      </form>
    </li>
  );
}

export function TriagePage(props: {
  t: Messages;
  lang: Lang;
  items: TriageItem[];
  labels: Map<string, string>;
  agencyName: (code: string) => string;
  services: ServiceGroup[];
  dates: DateText;
}) {
  const m = props.t.staff;
  return (
    <section>
      <h1>{m.triageTitle}</h1>
      <p>
        <a class="button secondary" href="/triage/register">
          {m.registerLink}
        </a>{" "}
        <a class="button secondary" href="/national/media">
          {props.t.media.listTitle}
        </a>
      </p>
      {props.items.length === 0 ? (
        <p>{m.triageEmpty}</p>
      ) : (
        <ol class="agencies" data-testid="triage-queue">
          {props.items.map((item) => (
            <TriageRow
              t={props.t}
              lang={props.lang}
              item={item}
              labels={props.labels}
              agencyName={props.agencyName}
              services={props.services}
              dates={props.dates}
            />
          ))}
        </ol>
      )}
    </section>
  );
}

export function RegisterOnBehalfForm(props: {
  t: Messages;
  cities: { value: string; label: string }[];
  services: ServiceGroup[];
  values: Record<string, string>;
  errors: Record<string, string>;
  alert?: string | undefined;
  notice?: string | undefined;
  /** A random key per registration: the same form sent twice is one complaint. */
  formKey: string;
}) {
  const { t, values: v, errors: e } = props;
  const m = t.staff;
  const select = (name: string, options: [string, string][], withEmpty = true) => (
    <select
      id={`f-${name}`}
      name={name}
      aria-invalid={e[name] ? "true" : undefined}
      aria-describedby={e[name] ? `f-${name}-error` : undefined}
    >
      {withEmpty && <option value="">—</option>}
      {options.map(([value, label]) => (
        <option value={value} selected={v[name] === value}>
          {label}
        </option>
      ))}
    </select>
  );
  const text = (name: string, label: string, type = "text") => (
    <Field name={name} label={label} type={type} value={v[name]} error={e[name]} />
  );
  return (
    <form
      novalidate
      id="register-on-behalf"
      class="form"
      method="post"
      action="/triage/register"
      enctype="multipart/form-data"
      hx-post="/triage/register"
      hx-encoding="multipart/form-data"
      hx-target="#register-on-behalf"
      hx-swap="outerHTML"
    >
      <h1>{m.registerTitle}</h1>
      <input type="hidden" name="formKey" value={props.formKey} />
      <FormNotice message={props.notice} />
      <ErrorSummary
        t={t}
        errors={{ ...e, service: e.serviceCode ?? e.agencyCode, serviceCode: undefined, agencyCode: undefined }}
        alert={props.alert}
        labels={{
          channel: m.channel,
          kind: t.complaints.kind,
          nationalId: t.citizen.nationalId,
          dateOfBirth: t.citizen.dateOfBirth,
          contactName: m.contactName,
          contactMobile: m.contactMobile,
          mediaOutlet: m.mediaOutlet,
          mediaPublishedOn: m.mediaPublishedOn,
          mediaLink: m.mediaLink,
          mediaClipping: m.mediaClipping,
          title: t.complaints.title,
          text: t.complaints.text,
          city: t.complaints.city,
          district: t.complaints.district,
          service: t.complaints.service,
          attachments: t.complaints.attachments,
        }}
      />
      <div class="row">
        <Field name="channel" label={m.channel} error={e.channel}>
          {select("channel", Object.entries(m.channels), false)}
        </Field>
        <Field name="kind" label={t.complaints.kind} error={e.kind}>
          {select("kind", Object.entries(t.kinds), false)}
        </Field>
      </div>
      <fieldset class="field">
        <legend>{m.caller}</legend>
        <p class="hint">{m.callerHint}</p>
        <div class="row">
          {text("nationalId", t.citizen.nationalId)}
          {text("dateOfBirth", t.citizen.dateOfBirth, "date")}
        </div>
        <div class="row">
          {text("contactName", m.contactName)}
          {text("contactMobile", m.contactMobile, "tel")}
        </div>
      </fieldset>
      <fieldset class="field">
        <legend>{m.mediaTitle}</legend>
        <div class="row">
          {text("mediaOutlet", m.mediaOutlet)}
          {text("mediaPublishedOn", m.mediaPublishedOn, "date")}
        </div>
        {text("mediaLink", m.mediaLink, "url")}
        {text("mediaClipping", m.mediaClipping)}
      </fieldset>
      {text("title", t.complaints.title)}
      <Field name="text" label={t.complaints.text} error={e.text} rows={5} required value={v.text ?? ""} />
      <div class="row">
        <Field name="city" label={t.complaints.city} error={e.city}>
          {select(
            "city",
            props.cities.map((c) => [c.value, c.label] as [string, string]),
          )}
        </Field>
        {text("district", t.complaints.district)}
      </div>
      <Field name="service" label={t.complaints.service} error={e.serviceCode ?? e.agencyCode}>
        <ServiceSelect
          id="f-service"
          services={props.services}
          selected={v.service}
          emptyLabel={t.complaints.serviceAuto}
          error={e.serviceCode ?? e.agencyCode}
        />
      </Field>
      <fieldset class="field">
        <legend>{m.classification}</legend>
        <div class="row">
          <Field name="complexity" label={m.complexity}>
            {select(
              "complexity",
              ["routine", "complex", "critical"].map((k) => [k, m.levels[k as keyof typeof m.levels]]),
            )}
          </Field>
          <Field name="importance" label={m.importance}>
            {select(
              "importance",
              ["high", "medium", "low"].map((k) => [k, m.levels[k as keyof typeof m.levels]]),
            )}
          </Field>
          <Field name="actionType" label={m.actionType}>
            {select(
              "actionType",
              ["first_contact", "process", "third_party"].map((k) => [k, m.levels[k as keyof typeof m.levels]]),
            )}
          </Field>
        </div>
      </fieldset>
      <fieldset class="field">
        <legend>{m.firstContactTitle}</legend>
        <p>
          <label>
            <input type="checkbox" name="resolvedNow" value="1" checked={v.resolvedNow === "1"} /> {m.firstContactLabel}
          </label>
        </p>
        <Field
          name="resolution"
          label={m.firstContactResolution}
          hint={m.firstContactHint}
          error={e.resolution}
          rows={3}
          value={v.resolution ?? ""}
        />
      </fieldset>
      <Field name="attachments" label={t.complaints.attachments} hint={t.complaints.attachmentsHint} error={e.attachments}>
        <input id="f-attachments" type="file" name="attachments" multiple accept=".jpg,.jpeg,.png,.pdf" />
      </Field>
      <button class="button" type="submit">
        {m.registerSubmit}
      </button>
    </form>
  );
}
