import type { Lang, Messages } from "../../i18n/index.ts";
import { ErrorSummary, Field, FormNotice } from "../../components/form.tsx";
import type { DateText } from "../../../server/web/dates.ts";
import { AuditLog, type AuditEntry } from "./directory.tsx";

export interface CalendarRow {
  code: string;
  name: string;
  country: string;
  timeZone: string;
  weekend: string;
  hours: string;
  own: boolean;
}

export interface HolidayRow {
  date: string;
  name: string;
  source: "package" | "ics" | "manual";
}

export interface ScopeOption {
  value: string;
  label: string;
}

function ScopeSelect(props: { t: Messages; scopes: ScopeOption[]; value: string; id: string }) {
  // In a .row so the long agency names shrink with the screen instead of overflowing it.
  return (
    <div class="row">
      <div class="field">
        <label for={props.id}>{props.t.admin.scope}</label>
        <select id={props.id} name="scope">
          {props.scopes.map((s) => (
            <option value={s.value} selected={s.value === props.value}>
              {s.label}
            </option>
          ))}
        </select>
      </div>
    </div>
  );
}

export function HolidaysPage(props: {
  t: Messages;
  lang: Lang;
  scopes: ScopeOption[];
  scope: string;
  year: number;
  holidays: HolidayRow[];
  calendars: CalendarRow[];
  notice?: string | undefined;
  alert?: string | undefined;
  preview?: { dates: HolidayRow[]; ics: string } | undefined;
}) {
  const m = props.t.admin;
  return (
    <section id="holidays">
      <h1>{m.holidaysTitle}</h1>
      <p class="muted">{m.holidaysIntro}</p>
      <FormNotice message={props.notice} />
      <ErrorSummary t={props.t} alert={props.alert} />
      <form method="get" action="/admin/holidays" class="form">
        <ScopeSelect t={props.t} scopes={props.scopes} value={props.scope} id="f-scope-view" />
        <div class="row">
          <Field name="year" label={m.year} type="number" value={String(props.year)} inputmode="numeric" />
        </div>
        <button class="button secondary" type="submit">
          {m.show}
        </button>
      </form>
      <h2>{m.listTitle(props.year)}</h2>
      <div class="table-scroll" role="region" tabindex={0} aria-label={m.listTitle(props.year)}>
        <table class="list" data-testid="holidays">
          <thead>
            <tr>
              <th>{m.date}</th>
              <th>{m.colName}</th>
              <th>{m.source}</th>
              <th>
                <span class="sr-only">{m.colActions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.holidays.map((h) => (
              <tr data-date={h.date} data-source={h.source}>
                <td class="code">{h.date}</td>
                <td>{h.name}</td>
                <td>{m.sources[h.source]}</td>
                <td>
                  {h.source !== "package" && (
                    <form method="post" action="/admin/holidays/remove">
                      <input type="hidden" name="scope" value={props.scope} />
                      <input type="hidden" name="date" value={h.date} />
                      <input type="hidden" name="source" value={h.source} />
                      <button class="button secondary small" type="submit">
                        {m.remove}
                      </button>
                    </form>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <form method="post" action="/admin/holidays" class="form" data-testid="add-holiday">
        <h2>{m.add}</h2>
        <ScopeSelect t={props.t} scopes={props.scopes} value={props.scope} id="f-scope-add" />
        <div class="row">
          <Field name="date" label={m.date} type="date" required dir="ltr" />
        </div>
        <div class="row">
          <Field name="nameAr" label={m.nameAr} dir="rtl" />
        </div>
        <div class="row">
          <Field name="nameEn" label={m.nameEn} dir="ltr" />
        </div>
        <button class="button" type="submit">
          {m.add}
        </button>
      </form>
      <form method="post" action="/admin/holidays/ics" enctype="multipart/form-data" class="form" data-testid="ics-upload">
        <h2>{m.icsTitle}</h2>
        <ScopeSelect t={props.t} scopes={props.scopes} value={props.scope} id="f-scope-ics" />
        <div class="field">
          <label for="f-ics">{m.icsFile}</label>
          <input id="f-ics" type="file" name="file" accept=".ics,text/calendar" required />
        </div>
        <button class="button secondary" type="submit">
          {m.icsPreview}
        </button>
      </form>
      {props.preview && (
        <form method="post" action="/admin/holidays/ics/confirm" class="form" data-testid="ics-preview">
          {props.preview.dates.length ? (
            <>
              <p>{m.icsPreviewTitle(props.preview.dates.length)}</p>
              <ul>
                {props.preview.dates.map((d) => (
                  <li>
                    <span class="code">{d.date}</span> {d.name}
                  </li>
                ))}
              </ul>
              <input type="hidden" name="scope" value={props.scope} />
              <input type="hidden" name="ics" value={props.preview.ics} />
              <button class="button" type="submit">
                {m.icsConfirm}
              </button>
            </>
          ) : (
            <p>{m.icsNothing}</p>
          )}
        </form>
      )}
      <h2>{m.calendarsTitle}</h2>
      <div class="table-scroll" role="region" tabindex={0} aria-label={m.calendarsTitle}>
        <table class="list" data-testid="calendars">
          <thead>
            <tr>
              <th>{m.colAgency}</th>
              <th>{m.colCountry}</th>
              <th>{m.colZone}</th>
              <th>{m.colWeekend}</th>
              <th>{m.colHours}</th>
              <th>
                <span class="sr-only">{m.colActions}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.calendars.map((c) => (
              <tr data-agency={c.code}>
                <td>
                  <span class="code">{c.code}</span> {c.name}
                </td>
                <td>{c.country}</td>
                <td dir="ltr">{c.timeZone}</td>
                <td dir="ltr">{c.weekend}</td>
                <td dir="ltr">{c.hours}</td>
                <td>
                  <a href={`/admin/calendars/${c.code}`}>{m.edit}</a>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

export function AgencyCalendarPage(props: {
  t: Messages;
  code: string;
  values: { country: string; timeZone: string; weekend: string; hours: string };
  notice?: string | undefined;
  alert?: string | undefined;
  errors?: Record<string, string>;
}) {
  const m = props.t.admin;
  const e = props.errors ?? {};
  return (
    <section>
      <h1>{m.calendarTitle(props.code)}</h1>
      <FormNotice message={props.notice} />
      <ErrorSummary t={props.t} alert={props.alert} errors={e} />
      <form method="post" action={`/admin/calendars/${props.code}`} class="form">
        <div class="row">
          <Field name="country" label={m.country} value={props.values.country} error={e.country} dir="ltr" required />
        </div>
        <div class="row">
          <Field name="timeZone" label={m.timeZone} value={props.values.timeZone} error={e.timeZone} dir="ltr" required />
        </div>
        <div class="row">
          <Field name="weekend" label={m.weekend} value={props.values.weekend} error={e.weekend} dir="ltr" required />
        </div>
        <div class="row">
          <Field name="hours" label={m.hours} value={props.values.hours} error={e.hours} dir="ltr" required />
        </div>
        <button class="button" type="submit">
          {m.save}
        </button>
      </form>
      <p>
        <a href="/admin/holidays">{m.holidaysTitle}</a>
      </p>
    </section>
  );
}

export function DirectoryPage(props: {
  t: Messages;
  lang: Lang;
  agencies: { code: string; name: string; services: number }[];
  audit: AuditEntry[];
  dates: DateText;
}) {
  const m = props.t.admin;
  return (
    <section>
      <h1>{m.directoryTitle}</h1>
      <p class="muted">{m.directoryIntro}</p>
      <ul data-testid="directory">
        {props.agencies.map((a) => (
          <li>
            <a class="code" href={`/admin/directory/${a.code}`}>
              {a.code}
            </a>{" "}
            {a.name} ({a.services}) — <a href={`/admin/directory/${a.code}.json`}>{m.export}</a>
          </li>
        ))}
        <li>
          <a href="/admin/cities">{m.citiesTitle}</a>
        </li>
      </ul>
      <AuditLog t={props.t} audit={props.audit} dates={props.dates} />
    </section>
  );
}

export function JsonEditPage(props: {
  t: Messages;
  title: string;
  action: string;
  label: string;
  json: string;
  exportHref?: string;
  notice?: string | undefined;
  alert?: string | undefined;
  issues?: string[];
}) {
  const m = props.t.admin;
  return (
    <section>
      <h1>{props.title}</h1>
      <FormNotice message={props.notice} />
      <ErrorSummary t={props.t} alert={props.alert} />
      {props.issues && props.issues.length > 0 && (
        <ul class="errors" data-testid="issues" dir="ltr">
          {props.issues.map((i) => (
            <li>{i}</li>
          ))}
        </ul>
      )}
      <form method="post" action={props.action} class="form">
        <Field name="json" label={props.label} rows={24} value={props.json} dir="ltr" required />
        <button class="button" type="submit">
          {m.save}
        </button>
      </form>
      {props.exportHref && (
        <p>
          <a href={props.exportHref}>{m.export}</a>
        </p>
      )}
    </section>
  );
}

export interface BeyondRow {
  reference: string;
  agencyCode: string | null;
  agencyName: string;
  subject: string;
  reason: "jurisdiction" | "resolution";
  since: Date;
}

export function BeyondAgencyPage(props: { t: Messages; rows: BeyondRow[]; dates: DateText }) {
  const m = props.t.beyond;
  return (
    <section>
      <h1>{m.title}</h1>
      <p class="muted">{m.intro}</p>
      {props.rows.length === 0 ? (
        <p>{m.empty}</p>
      ) : (
        <div class="table-scroll" role="region" tabindex={0} aria-label={m.title}>
          <table class="list" data-testid="beyond-agency">
            <thead>
              <tr>
                <th>{m.colReference}</th>
                <th>{m.colAgency}</th>
                <th>{m.colSubject}</th>
                <th>{m.colReason}</th>
                <th>{m.colSince}</th>
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr data-reference={r.reference}>
                  <td>
                    <a class="code" href={`/staff/complaints/${r.reference}`}>
                      {r.reference}
                    </a>
                  </td>
                  <td>{r.agencyName}</td>
                  <td>{r.subject}</td>
                  <td>{m.reason[r.reason]}</td>
                  <td>{props.dates.at(r.since)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
