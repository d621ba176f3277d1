import type { Lang, Messages } from "../../i18n/index.ts";
import { FormAlert } from "../../components/form.tsx";
import type { TriageItem } from "../../../server/complaints/triage.ts";
import type { ServiceGroup } from "../citizen/complaints.tsx";

/** One waiting complaint: a suggestion is one click, any other service two. */
export function TriageRow(props: { t: Messages; lang: Lang; item: TriageItem; labels: Map<string, string>; services: ServiceGroup[]; alert?: string | undefined }) {
  const { t, item } = props;
  const m = t.staff;
  const id = `triage-${item.id}`;
  const action = `/triage/${item.id}/route`;
  return (
    <li id={id} class="form" data-reference={item.reference}>
      <p>
        <strong class="code">{item.reference}</strong> · {t.kinds[item.kind as keyof typeof t.kinds]} · {m.received} {item.createdAt.toLocaleString(props.lang === "ar" ? "ar-SA" : "en-GB")}
      </p>
      {item.title && <p><strong>{item.title}</strong></p>}
      <p class="pre">{item.text}</p>
      <FormAlert message={props.alert} />
      <div class="row">
        {item.suggestions.slice(0, 3).map((s) => {
          const key = `${s.agencyCode}/${s.serviceCode}`;
          return (
            <form method="post" action={action} hx-post={action} hx-target={`#${id}`} hx-swap="outerHTML" class="inline">
              <input type="hidden" name="version" value={String(item.version)} />
              <input type="hidden" name="service" value={key} />
              <button class="button secondary" type="submit">
                {m.triageRouteTo}: {props.labels.get(key) ?? key}
              </button>
            </form>
          );
        })}
      </div>
      <form method="post" action={action} hx-post={action} hx-target={`#${id}`} hx-swap="outerHTML" class="row">
        <input type="hidden" name="version" value={String(item.version)} />
        <label class="sr-only" for={`svc-${item.id}`}>{m.triageOther}</label>
        <select id={`svc-${item.id}`} name="service" required>
          <option value="">{m.triageOther}</option>
          {props.services.map((g) => (
            <optgroup label={g.agency}>
              {g.services.map((s) => (
                <option value={s.value}>{s.label}</option>
              ))}
            </optgroup>
          ))}
        </select>
        <button class="button" type="submit">
          {m.triageRoute}
        </button>
      </form>
    </li>
  );
}

export function TriagePage(props: { t: Messages; lang: Lang; items: TriageItem[]; labels: Map<string, string>; services: ServiceGroup[] }) {
  const m = props.t.staff;
  return (
    <section>
      <h1>{m.triageTitle}</h1>
      {props.items.length === 0 ? (
        <p>{m.triageEmpty}</p>
      ) : (
        <ol class="agencies" data-testid="triage-queue">
          {props.items.map((item) => (
            <TriageRow t={props.t} lang={props.lang} item={item} labels={props.labels} services={props.services} />
          ))}
        </ol>
      )}
    </section>
  );
}
