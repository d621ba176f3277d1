import type { Lang, Messages } from "../../i18n/index.ts";
import { Field, FormAlert } from "../../components/form.tsx";
import type { CitizenComplaintView } from "../../../server/complaints/queries.ts";
import type { Suggestion } from "../../../server/routing/suggest.ts";

export interface Option {
  value: string;
  label: string;
}
export interface ServiceGroup {
  agency: string;
  services: Option[];
}

/** Every service grouped by agency; the empty choice lets the hub decide. */
export function ServiceSelect(props: { id: string; services: ServiceGroup[]; selected?: string | undefined; emptyLabel: string; required?: boolean }) {
  return (
    <select id={props.id} name="service" required={props.required}>
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

export function SuggestionBox(props: { t: Messages; suggestions: (Suggestion & { label: string })[]; selected?: string }) {
  const m = props.t.complaints;
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
        const words = s.evidence.filter((e) => e.kind !== "location").map((e) => e.value);
        return (
          <label class="block">
            <input type="radio" name="suggested" value={value} checked={props.selected ? props.selected === value : i === 0} /> <strong>{s.label}</strong>
            <span class="hint">
              {" "}
              {m.because} «{words.slice(0, 3).join("»، «")}»{s.evidence.some((e) => e.kind === "location") ? ` ${m.inYourCity}` : ""}
            </span>
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
  values: Record<string, string>;
  errors: Record<string, string>;
  alert?: string | undefined;
  clientKey: string;
}) {
  const { t, values: v, errors: e } = props;
  const m = t.complaints;
  return (
    <form id="complaint-form" class="form" method="post" action="/complaints" enctype="multipart/form-data" hx-post="/complaints" hx-encoding="multipart/form-data" hx-target="#complaint-form" hx-swap="outerHTML">
      <h1>{m.newTitle}</h1>
      <p class="muted">{m.intro}</p>
      <FormAlert message={props.alert} />
      <input type="hidden" name="clientKey" value={props.clientKey} />
      <Field name="kind" label={m.kind} error={e.kind}>
        <select id="f-kind" name="kind">
          {KINDS.map((k) => (
            <option value={k} selected={(v.kind ?? "complaint") === k}>
              {t.kinds[k]}
            </option>
          ))}
        </select>
      </Field>
      <Field name="title" label={m.title} value={v.title} error={e.title} />
      <Field name="text" label={m.text} error={e.text} hint={m.textHint}>
        <textarea
          id="f-text"
          name="text"
          rows={6}
          required
          hx-get="/complaints/suggest"
          hx-trigger="input changed delay:600ms"
          hx-target="#suggestion"
          hx-swap="outerHTML"
          hx-include="[name=city]"
          aria-describedby="f-text-hint"
        >
          {v.text ?? ""}
        </textarea>
      </Field>
      <div class="row">
        <Field name="city" label={m.city} error={e.city}>
          <select id="f-city" name="city" required>
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
        <ServiceSelect id="f-service" services={props.services} selected={v.service} emptyLabel={m.serviceAuto} />
      </Field>
      <Field name="attachments" label={m.attachments} hint={m.attachmentsHint} error={e.attachments}>
        <input id="f-attachments" type="file" name="attachments" multiple accept=".jpg,.jpeg,.png,.pdf,image/jpeg,image/png,application/pdf" aria-describedby="f-attachments-hint" />
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

export function ComplaintPage(props: { t: Messages; lang: Lang; c: CitizenComplaintView; justFiled: boolean }) {
  const { t, c } = props;
  const m = t.complaints;
  const name = (x: { ar: string; en: string } | null) => (x ? (props.lang === "ar" ? x.ar : x.en) : "");
  return (
    <section>
      <h1>{props.justFiled ? m.receivedTitle : c.title ?? t.kinds[c.kind as keyof typeof t.kinds]}</h1>
      <div class="form">
        <p>
          {m.referenceIs}: <strong class="code" data-testid="reference">{c.reference}</strong>
        </p>
        {props.justFiled && <p class="muted">{m.referenceSms}</p>}
        <p data-testid="status">{m.status[c.status as keyof typeof m.status] ?? c.status}</p>
        <p>{c.agency ? `${m.routedTo}: ${name(c.agency)} — ${name(c.service)}` : m.toTriage}</p>
        <p class="pre">{c.text}</p>
        {c.attachments.length > 0 && (
          <ul>
            {c.attachments.map((a) => (
              <li>
                <a href={`/complaints/${c.reference}/attachments/${a.id}`}>{a.filename}</a> ({Math.ceil(a.size / 1024)} KB)
              </li>
            ))}
          </ul>
        )}
        <h2>{m.timeline}</h2>
        <ul>
          {c.timeline.map((e) => (
            <li>
              {m.events[e.type as keyof typeof m.events] ?? e.type} — <time datetime={e.at}>{new Date(e.at).toLocaleString(props.lang === "ar" ? "ar-SA" : "en-GB")}</time>
            </li>
          ))}
        </ul>
      </div>
      <p>
        <a href="/complaints">{m.myComplaints}</a>
      </p>
    </section>
  );
}

export function MyComplaints(props: { t: Messages; rows: { reference: string; kind: string; status: string; title: string | null; createdAt: string }[] }) {
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
        <table class="list">
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>
                  <a class="code" href={`/complaints/${r.reference}`}>
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
