import type { Lang, Messages } from "../../i18n/index.ts";
import { ScrollRegion } from "../../components/table.tsx";
import type { AgencySla } from "../../../server/sla/overview.ts";
import type { DateText } from "../../../server/web/dates.ts";

export interface OverdueRow {
  reference: string;
  agencyCode: string | null;
  title: string | null;
  text: string;
  due: Date | null;
  level: number;
}

export function SlaTable(props: { t: Messages; lang: Lang; rows: AgencySla[] }) {
  const m = props.t.agency;
  return (
    <ScrollRegion label={m.slaTitle}>
      <table class="list" data-testid="sla-table">
        <thead>
          <tr>
            <th>{m.colAgency}</th>
            <th>{m.colOpen}</th>
            <th>{m.colDueSoon}</th>
            <th>{m.colOverdue}</th>
            <th>{m.colUndecided}</th>
            <th>{m.colLevel(1)}</th>
            <th>{m.colLevel(2)}</th>
            <th>{m.colLevel(3)}</th>
          </tr>
        </thead>
        <tbody>
          {props.rows.map((r) => (
            <tr data-agency={r.agencyCode}>
              <td>{props.lang === "ar" ? r.nameAr : r.nameEn}</td>
              <td>{r.open}</td>
              <td>{r.dueSoon}</td>
              <td>{r.overdue > 0 ? <strong class="badge danger">{r.overdue}</strong> : 0}</td>
              <td>{r.undecided}</td>
              <td>{r.level1}</td>
              <td>{r.level2}</td>
              <td>{r.level3}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function OverdueList(props: { t: Messages; rows: OverdueRow[]; dates: DateText }) {
  const m = props.t.agency;
  if (!props.rows.length) return <p>{m.empty}</p>;
  return (
    <ul data-testid="most-overdue">
      {props.rows.map((r) => (
        <li>
          <a class="code" dir="ltr" href={`/staff/complaints/${r.reference}`}>
            {r.reference}
          </a>{" "}
          {r.agencyCode} — {r.title ?? r.text} — {r.due ? m.endOf(props.dates.deadline(r.due)) : ""}
          {r.level > 0 && <span class="badge danger">{m.levelBadge(r.level)}</span>}
        </li>
      ))}
    </ul>
  );
}

export function NationalSlaPage(props: { t: Messages; lang: Lang; rows: AgencySla[]; overdue: OverdueRow[]; dates: DateText }) {
  const m = props.t.agency;
  return (
    <section>
      <h1>{m.slaTitle}</h1>
      <p class="muted">{m.slaIntro}</p>
      <SlaTable t={props.t} lang={props.lang} rows={props.rows} />
      <h2>{m.mostOverdue}</h2>
      <OverdueList t={props.t} rows={props.overdue} dates={props.dates} />
    </section>
  );
}
