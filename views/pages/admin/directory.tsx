import type { Lang, Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FieldError, FormNotice } from "../../components/form.tsx";
import type { DateText } from "../../../server/web/dates.ts";
import { cityField, LEVELS, svcField, type FormFields } from "../../../server/directory/agency-form.ts";
import type { DiffLine, PathPart } from "../../../server/directory/audit-diff.ts";
import { KINDS } from "../../../server/directory/schema.ts";

// The directory's admin pages (issue 17 §4): the agency's field-by-field form, with the
// whole JSON kept as the advanced way, and the change log with what each change changed.

export interface AgencyFormProps {
  t: Messages;
  lang: Lang;
  code: string;
  values: FormFields;
  /** Translated messages by field name. */
  errors: Record<string, string>;
  services: { code: string; name: string }[];
  cities: { code: string; name: string }[];
  calendar: { own: boolean; country: string; timeZone: string };
  json: string;
  /** Open the advanced JSON editor (its save was refused). */
  jsonOpen?: boolean;
  issues?: string[];
  notice?: string | undefined;
  alert?: string | undefined;
}

export function AgencyFormPage(p: AgencyFormProps) {
  const m = p.t.dirForm;
  const a = p.t.admin;
  const v = p.values;
  const e = p.errors;
  const text = (name: string, label: string, opts: { dir?: "ltr" | "rtl"; type?: string; required?: boolean; hint?: string } = {}) => (
    <Field
      name={name}
      label={label}
      value={v[name] ?? ""}
      error={e[name]}
      dir={opts.dir}
      type={opts.type}
      required={opts.required ?? true}
      {...(opts.hint ? { hint: opts.hint } : {})}
    />
  );
  const number = (name: string, label: string) => (
    <Field name={name} label={label} value={v[name] ?? ""} error={e[name]} inputmode="numeric" dir="ltr" required />
  );
  // The summary names each field, and for a service's field the service too: every service has a "Name in Arabic".
  const labels: Record<string, string> = { nameAr: `${m.names}: ${m.nameAr}`, nameEn: `${m.names}: ${m.nameEn}`, coverage: m.coverage };
  for (const l of LEVELS) {
    const at = (x: string) => `${m.escalation} ${m.level(l)}: ${x}`;
    Object.assign(labels, {
      [`esc${l}TitleAr`]: at(m.titleAr),
      [`esc${l}TitleEn`]: at(m.titleEn),
      [`esc${l}Email`]: at(m.email),
      [`esc${l}Name`]: at(m.contactName),
    });
  }
  for (const s of p.services) {
    const at = (x: string, label: string) => (labels[svcField(s.code, x)] = `${s.code} — ${label}`);
    at("nameAr", m.nameAr);
    at("nameEn", m.nameEn);
    for (const kind of KINDS) at(`sla-${kind}`, `${m.slaTitle}: ${p.t.kinds[kind]}`);
    at("jurisdictionDays", m.jurisdictionDays);
    for (const l of LEVELS) at(`esc${l}`, `${m.escalationHours}: ${m.escHours(l)}`);
    at("hintsAr", m.hintsAr);
    at("hintsEn", m.hintsEn);
    at("prPattern", m.prPattern);
    at("prLabelAr", `${m.priorRef}: ${m.prLabelAr}`);
    at("prLabelEn", `${m.priorRef}: ${m.prLabelEn}`);
    at("prExample", m.prExample);
  }
  // The coverage radio and the city boxes answer to one message; the summary leads to the first box.
  const coverageDescribed = e.coverage ? "f-coverage-error" : undefined;
  return (
    <section>
      <h1>{a.agencyTitle(p.code)}</h1>
      <p class="muted">{m.intro}</p>
      <FormNotice message={p.notice} />
      <ErrorSummary
        t={p.t}
        alert={p.alert}
        errors={p.jsonOpen ? {} : e}
        labels={labels}
        links={{ coverage: p.cities[0] ? `f-${cityField(p.cities[0].code)}` : "f-coverage-national" }}
      />
      {p.issues && p.issues.length > 0 && (
        <ul class="errors" data-testid="issues" dir="ltr">
          {p.issues.map((i) => (
            <li>{i}</li>
          ))}
        </ul>
      )}
      <form method="post" action={`/admin/directory/${p.code}`} class="form wide" data-testid="agency-form" novalidate>
        <fieldset class="field">
          <legend>{m.names}</legend>
          <div class="row">
            {text("nameAr", m.nameAr, { dir: "rtl" })}
            {text("nameEn", m.nameEn, { dir: "ltr" })}
          </div>
        </fieldset>
        <fieldset class="field" data-invalid={e.coverage ? "" : undefined}>
          <legend>{m.coverage}</legend>
          <div class="field checkbox">
            <label for="f-coverage-national">
              <input
                id="f-coverage-national"
                type="radio"
                name="coverage"
                value="national"
                checked={v.coverage === "national"}
                aria-describedby={coverageDescribed}
              />{" "}
              {m.national}
            </label>
            <label for="f-coverage-cities">
              <input
                id="f-coverage-cities"
                type="radio"
                name="coverage"
                value="cities"
                checked={v.coverage !== "national"}
                aria-describedby={coverageDescribed}
              />{" "}
              {m.someCities}
            </label>
          </div>
          <fieldset class="field">
            <legend>{m.cities}</legend>
            <div class="row">
              {p.cities.map((c) => {
                const name = cityField(c.code);
                return (
                  <div class="field checkbox">
                    <label for={`f-${name}`}>
                      <input
                        id={`f-${name}`}
                        type="checkbox"
                        name={name}
                        value="on"
                        checked={v[name] === "on"}
                        aria-invalid={e.coverage ? "true" : undefined}
                        aria-describedby={coverageDescribed}
                      />{" "}
                      {c.name} <span class="code">{c.code}</span>
                    </label>
                  </div>
                );
              })}
            </div>
          </fieldset>
          <FieldError name="coverage" error={e.coverage} />
        </fieldset>
        <fieldset class="field">
          <legend>{m.escalation}</legend>
          {LEVELS.map((l) => (
            <fieldset class="field" data-testid={`escalation-${l}`}>
              <legend>{m.level(l)}</legend>
              <div class="row">
                {text(`esc${l}TitleAr`, m.titleAr, { dir: "rtl" })}
                {text(`esc${l}TitleEn`, m.titleEn, { dir: "ltr" })}
              </div>
              <div class="row">
                {text(`esc${l}Email`, m.email, { dir: "ltr", type: "email" })}
                {text(`esc${l}Name`, m.contactName, { required: false })}
              </div>
            </fieldset>
          ))}
        </fieldset>
        <fieldset class="field">
          <legend>{m.calendar}</legend>
          <p data-testid="agency-calendar">
            {p.calendar.own ? m.ownCalendar(p.calendar.country, p.calendar.timeZone) : m.hubCalendar}{" "}
            <a href={`/admin/calendars/${p.code}`}>{m.editCalendar}</a>
          </p>
        </fieldset>
        <h2>{m.services}</h2>
        {p.services.map((s) => {
          const k = (x: string) => svcField(s.code, x);
          const invalid = Object.keys(e).some((f) => f.startsWith(`s-${s.code}-`));
          return (
            <details open={invalid} data-service={s.code}>
              <summary>
                <span class="code">{s.code}</span> {s.name}
              </summary>
              <fieldset class="field">
                <legend class="sr-only">{s.name}</legend>
                <div class="row">
                  {text(k("nameAr"), m.nameAr, { dir: "rtl" })}
                  {text(k("nameEn"), m.nameEn, { dir: "ltr" })}
                </div>
                <fieldset class="field">
                  <legend>{m.slaTitle}</legend>
                  <div class="row">{KINDS.map((kind) => number(k(`sla-${kind}`), p.t.kinds[kind]))}</div>
                </fieldset>
                <div class="row">{number(k("jurisdictionDays"), m.jurisdictionDays)}</div>
                <fieldset class="field">
                  <legend>{m.escalationHours}</legend>
                  <div class="row">{LEVELS.map((l) => number(k(`esc${l}`), m.escHours(l)))}</div>
                </fieldset>
                <Field name={k("hintsAr")} label={m.hintsAr} rows={4} value={v[k("hintsAr")] ?? ""} error={e[k("hintsAr")]} dir="rtl" />
                <Field name={k("hintsEn")} label={m.hintsEn} rows={4} value={v[k("hintsEn")] ?? ""} error={e[k("hintsEn")]} dir="ltr" />
                <fieldset class="field">
                  <legend>{m.priorRef}</legend>
                  <div class="field checkbox">
                    <label for={`f-${k("prRequired")}`}>
                      <input
                        id={`f-${k("prRequired")}`}
                        type="checkbox"
                        name={k("prRequired")}
                        value="on"
                        checked={v[k("prRequired")] === "on"}
                      />{" "}
                      {m.prRequired}
                    </label>
                  </div>
                  <Field
                    name={k("prPattern")}
                    label={m.prPattern}
                    hint={m.prPatternHint}
                    value={v[k("prPattern")] ?? ""}
                    error={e[k("prPattern")]}
                    dir="ltr"
                  />
                  <div class="row">
                    {text(k("prLabelAr"), m.prLabelAr, { dir: "rtl", required: false })}
                    {text(k("prLabelEn"), m.prLabelEn, { dir: "ltr", required: false })}
                  </div>
                  {text(k("prExample"), m.prExample, { dir: "ltr", required: false })}
                </fieldset>
              </fieldset>
            </details>
          );
        })}
        <button class="button" type="submit">
          {m.save}
        </button>
      </form>
      <details open={p.jsonOpen} data-testid="advanced-json">
        <summary>{m.advanced}</summary>
        <form method="post" action={`/admin/directory/${p.code}`} class="form">
          <Field name="json" label={a.json} rows={24} value={p.json} dir="ltr" required />
          <button class="button secondary" type="submit">
            {a.save}
          </button>
        </form>
      </details>
      <p>
        <a href={`/admin/directory/${p.code}.json`}>{a.export}</a> · <a href="/admin/directory">{a.directoryTitle}</a>
      </p>
    </section>
  );
}

export interface AuditEntry {
  who: string;
  at: Date;
  entity: string;
  key: string;
  changes: DiffLine[];
}

const MAX_LINES = 30;
const MAX_VALUE = 200;

function partText(t: Messages, part: PathPart): string {
  if (typeof part === "string") return t.auditDiff.labels[part] ?? part;
  if ("code" in part) return part.code;
  return t.auditDiff.position(part.position);
}

function valueText(t: Messages, v: unknown): string {
  if (v === null || v === undefined || v === "") return t.auditDiff.none;
  const s =
    Array.isArray(v) && v.every((x) => typeof x !== "object")
      ? v.join(t.dir === "rtl" ? "، " : ", ")
      : typeof v === "string"
        ? v
        : JSON.stringify(v);
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE)}…` : s;
}

/** One change's fields: path, old value, new value; a long change shows its first lines and a count. */
function DiffTable(props: { t: Messages; lines: DiffLine[] }) {
  const m = props.t.auditDiff;
  if (!props.lines.length) return <span class="muted">{m.unchanged}</span>;
  const shown = props.lines.slice(0, MAX_LINES);
  return (
    <details open={props.lines.length <= 6}>
      <summary>{m.count(props.lines.length)}</summary>
      <div class="table-scroll" role="region" tabindex={0} aria-label={m.colChanges}>
        <table class="list diff" data-testid="diff">
          <thead>
            <tr>
              <th>{m.colField}</th>
              <th>{m.colBefore}</th>
              <th>{m.colAfter}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((l) => {
              const raw = l.path.map((p) => (typeof p === "string" ? p : "code" in p ? p.code : String(p.position))).join(".");
              return (
                <tr data-path={raw}>
                  <td>{l.path.map((p) => partText(props.t, p)).join(" › ")}</td>
                  <td dir="auto">
                    <del>{valueText(props.t, l.before)}</del>
                  </td>
                  <td dir="auto">
                    <ins>{valueText(props.t, l.after)}</ins>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {props.lines.length > MAX_LINES && <p class="muted">{m.more(props.lines.length - MAX_LINES)}</p>}
    </details>
  );
}

/** The change log: who, when, what, and the fields the change changed. */
export function AuditLog(props: { t: Messages; audit: AuditEntry[]; dates: DateText }) {
  const m = props.t.admin;
  const d = props.t.auditDiff;
  return (
    <>
      <h2>{m.auditTitle}</h2>
      {props.audit.length === 0 && <p class="muted">{m.auditEmpty}</p>}
      <div class="table-scroll" role="region" tabindex={0} aria-label={m.auditTitle} hidden={props.audit.length === 0}>
        <table class="list" data-testid="audit">
          <thead>
            <tr>
              <th>{m.colWhen}</th>
              <th>{m.colWho}</th>
              <th>{m.colWhat}</th>
            </tr>
          </thead>
          <tbody>
            {/* The fields a change changed on a row of their own, the table's full width, so a phone shows them without scrolling past three columns. */}
            {props.audit.map((r) => (
              <>
                <tr data-entity={r.entity} data-key={r.key}>
                  <td>{props.dates.at(r.at)}</td>
                  <td>{r.who}</td>
                  <td>
                    {(d.entity as Record<string, string>)[r.entity] ?? r.entity}{" "}
                    <span class="code" dir="ltr">
                      {r.key}
                    </span>
                  </td>
                </tr>
                <tr class="audit-changes">
                  <td colspan={3}>
                    <DiffTable t={props.t} lines={r.changes} />
                  </td>
                </tr>
              </>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
