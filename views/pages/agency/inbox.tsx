import type { Lang, Messages } from "../../i18n/index.ts";
import { formatNumber } from "../../../server/calendar/format.ts";
import { ScrollRegion } from "../../components/table.tsx";
import { Field } from "../../components/form.tsx";
import { TABS, type InboxQuery, type InboxRow, type Tab, type TabCounts } from "../../../server/complaints/inbox.ts";
import type { DateText } from "../../../server/web/dates.ts";
import { COMPLEXITY, IMPORTANCE, ACTION_TYPES } from "../../../server/directory/schema.ts";
import type { AgencySla } from "../../../server/sla/overview.ts";
import { OverdueList, SlaTable, type OverdueRow } from "../national/sla.tsx";

export interface InboxProps {
  t: Messages;
  lang: Lang;
  agency: { code: string; name: string };
  agencies: { code: string; name: string }[];
  query: InboxQuery;
  counts: TabCounts;
  rows: InboxRow[];
  next: string | null;
  services: { value: string; label: string }[];
  cities: { value: string; label: string }[];
  dates: DateText;
  now: Date;
  soon: Date;
  supervisor: boolean;
  /** The national unit's questions waiting for this agency's answer. */
  followups: number;
  errors: Record<string, string>;
}

/** The inbox address for these filters; `after` only when paging on. */
export function inboxUrl(
  agency: string,
  q: Partial<InboxQuery>,
  override: Partial<Record<keyof InboxQuery | "agency", string | undefined>> = {},
): string {
  const p = new URLSearchParams();
  const all: Record<string, string | undefined> = { agency, ...q, after: undefined, ...override };
  for (const [k, v] of Object.entries(all)) if (v) p.set(k, v);
  return `/agency?${p.toString()}`;
}

function Select(props: {
  name: string;
  label: string;
  any: string;
  value?: string | undefined;
  options: { value: string; label: string }[];
}) {
  return (
    <Field name={props.name} label={props.label}>
      <select id={`f-${props.name}`} name={props.name}>
        <option value="">{props.any}</option>
        {props.options.map((o) => (
          <option value={o.value} selected={props.value === o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

function DueCell(props: { t: Messages; r: InboxRow; dates: DateText; now: Date; soon: Date; tab: Tab }) {
  const m = props.t.agency;
  const label = props.tab === "closed" ? props.t.agency.colClosed : props.t.agency.colDue;
  if (props.tab === "closed") return <td data-label={label}>{props.r.closedAt ? props.dates.at(props.r.closedAt) : ""}</td>;
  const due = props.r.actionDueAt;
  if (!due) return <td data-label={label}>—</td>;
  const open = props.r.status === "routed" || props.r.status === "in_progress";
  const overdue = open && due < props.now;
  const soon = open && !overdue && due <= props.soon;
  return (
    <td data-label={label}>
      {props.dates.deadline(due)}
      {overdue && <span class="badge danger">{m.overdueBadge}</span>}
      {soon && <span class="badge warn">{m.soonBadge}</span>}
    </td>
  );
}

export function InboxResults(props: InboxProps) {
  const { t, query: q } = props;
  const m = t.agency;
  const link = (over: Partial<Record<keyof InboxQuery | "agency", string | undefined>>) => inboxUrl(props.agency.code, q, over);
  const hx = (href: string) => ({ href, "hx-get": href, "hx-target": "#inbox", "hx-swap": "outerHTML", "hx-push-url": "true" });
  return (
    <div id="inbox">
      <nav class="tabs" aria-label={m.inboxLink}>
        {TABS.map((tab) => (
          <a {...hx(link({ tab }))} aria-current={q.tab === tab ? "page" : undefined} data-tab={tab}>
            {m.tabs[tab]}{" "}
            <span class="count">
              {props.counts[tab].more ? (
                <bdi
                  title={m.countAtLeast(formatNumber(props.counts[tab].n, props.lang))}
                >{`${formatNumber(props.counts[tab].n, props.lang)}+`}</bdi>
              ) : (
                props.counts[tab].n
              )}
            </span>
          </a>
        ))}
      </nav>
      {props.rows.length === 0 ? (
        <p data-testid="inbox-empty">{m.empty}</p>
      ) : (
        <table class="list stack" data-testid="inbox">
          <thead>
            <tr>
              <th>{m.colReference}</th>
              <th>{m.colKind}</th>
              <th>{m.colSubject}</th>
              <th>{m.colCity}</th>
              <th>{q.tab === "closed" ? m.colClosed : m.colDue}</th>
              <th>{m.colAssigned}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td data-label={m.colReference}>
                  <a class="code" dir="ltr" href={`/staff/complaints/${r.reference}`}>
                    {r.reference}
                  </a>
                  {r.reopenCount > 0 && <span class="badge warn">{m.reopenedBadge(r.reopenCount)}</span>}
                </td>
                <td data-label={m.colKind}>{t.kinds[r.kind as keyof typeof t.kinds]}</td>
                <td data-label={m.colSubject}>{r.title ?? r.text}</td>
                <td data-label={m.colCity}>{props.cities.find((c) => c.value === r.city)?.label ?? r.city}</td>
                <DueCell t={t} r={r} dates={props.dates} now={props.now} soon={props.soon} tab={q.tab} />
                <td data-label={m.colAssigned}>{r.assignedName ?? m.unassigned}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p class="pager">
        {q.after && <a {...hx(link({}))}>{m.firstPage}</a>}{" "}
        {props.next && (
          <a {...hx(link({ after: props.next }))} rel="next" data-testid="next-page">
            {m.nextPage}
          </a>
        )}
      </p>
    </div>
  );
}

export function InboxPage(props: InboxProps) {
  const { t, query: q } = props;
  const m = t.agency;
  const levels = (list: readonly string[]) => list.map((v) => ({ value: v, label: t.staff.levels[v as keyof typeof t.staff.levels] ?? v }));
  return (
    <section>
      <h1>{m.inboxTitle(props.agency.name)}</h1>
      {props.followups > 0 && (
        <p class="alert" data-testid="followups-link">
          <a href="/agency/followups">{t.reports.followupsLink(props.followups)}</a>
        </p>
      )}
      {props.supervisor && (
        <p>
          <a href={`/agency/workload?agency=${props.agency.code}`}>{m.workloadLink}</a> ·{" "}
          <a href={`/agency/kpi?agency=${props.agency.code}`}>{t.kpi.title}</a>
        </p>
      )}
      <form
        novalidate
        class="form wide filters"
        method="get"
        action="/agency"
        hx-get="/agency"
        hx-target="#inbox"
        hx-swap="outerHTML"
        hx-push-url="true"
      >
        {props.agencies.length > 1 ? (
          <Select
            name="agency"
            label={m.agencySwitch}
            any={props.agency.name}
            value={props.agency.code}
            options={props.agencies.map((a) => ({ value: a.code, label: a.name }))}
          />
        ) : (
          <input type="hidden" name="agency" value={props.agency.code} />
        )}
        <input type="hidden" name="tab" value={q.tab} />
        <Field name="q" label={m.search} value={q.q ?? ""} error={props.errors.q} />
        <div class="row">
          <Select name="service" label={m.service} any={m.any} value={q.service} options={props.services} />
          <Select name="city" label={m.city} any={m.any} value={q.city} options={props.cities} />
        </div>
        <div class="row">
          <Select name="complexity" label={t.staff.complexity} any={m.any} value={q.complexity} options={levels(COMPLEXITY)} />
          <Select name="importance" label={t.staff.importance} any={m.any} value={q.importance} options={levels(IMPORTANCE)} />
          <Select name="actionType" label={t.staff.actionType} any={m.any} value={q.actionType} options={levels(ACTION_TYPES)} />
        </div>
        <div class="row">
          <Field name="from" label={m.from} type="date" value={q.from ?? ""} error={props.errors.from} />
          <Field name="to" label={m.to} type="date" value={q.to ?? ""} error={props.errors.to} />
        </div>
        <div class="field checkbox">
          <label>
            <input type="checkbox" name="mine" value="1" checked={q.mine === "1"} /> {m.mine}
          </label>
        </div>
        <button class="button" type="submit">
          {m.apply}
        </button>{" "}
        <a href={`/agency?agency=${props.agency.code}`}>{m.reset}</a>
      </form>
      <InboxResults {...props} />
    </section>
  );
}

export function WorkloadPage(props: {
  t: Messages;
  lang: Lang;
  agency: { code: string; name: string };
  rows: { staffId: string | null; fullName: string | null; open: number; overdue: number; awaiting: number }[];
  overdue: OverdueRow[];
  sla: AgencySla[];
  dates: DateText;
}) {
  const m = props.t.agency;
  return (
    <section>
      <h1>{m.workloadTitle(props.agency.name)}</h1>
      <SlaTable t={props.t} lang={props.lang} rows={props.sla} />
      <h2>{m.officer}</h2>
      <ScrollRegion label={m.officer}>
        <table class="list" data-testid="workload">
          <thead>
            <tr>
              <th>{m.officer}</th>
              <th>{m.open}</th>
              <th>{m.awaiting}</th>
              <th>{m.overdue}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr>
                <td>{r.fullName ?? m.unassigned}</td>
                <td>{r.open}</td>
                <td>{r.awaiting}</td>
                <td>{r.overdue}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
      <h2>{m.escalated}</h2>
      <div data-testid="escalated">
        <OverdueList t={props.t} rows={props.overdue} dates={props.dates} />
      </div>
      <p>
        <a href={`/agency?agency=${props.agency.code}&tab=overdue`}>{m.tabs.overdue}</a>
      </p>
    </section>
  );
}
