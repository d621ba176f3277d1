import type { Messages } from "../../i18n/index.ts";
import type { FigureTable } from "../../../server/kpi/table.ts";
import { ScrollRegion } from "../../components/table.tsx";
import { PeriodForm } from "./kpi.tsx";

/** A table whose first `labels` cells are row headings; null cells read "—". */
export function LabelledTable(props: { t: Messages; table: FigureTable; testid: string; label: string; labels?: number }) {
  const labels = props.labels ?? 1;
  return (
    <ScrollRegion label={props.label}>
      <table class="list figures" data-testid={props.testid}>
        <thead>
          <tr>
            {props.table.headers.map((h) => (
              <th scope="col">{h}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.table.rows.map((r) => (
            <tr>{r.map((v, i) => (i < labels ? <th scope="row">{v}</th> : <td>{v === null ? props.t.kpi.noData : v}</td>))}</tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export interface RepeatedRow {
  agency: string;
  service: string;
  place: string;
  n: number;
  people: number;
  open: number;
}

export interface RepeatedStaffRow {
  agency: string;
  name: string;
  n: number;
  people: number;
  open: number;
}

/** Complaints naming one staff member: only the unit's page and the agency supervisor's render it. */
export function RepeatedStaffTable(props: { t: Messages; rows: RepeatedStaffRow[]; minRepeats: number }) {
  const m = props.t.kpidef;
  return (
    <section data-testid="repeated-staff">
      <h2>{m.repeatedStaffTitle}</h2>
      <p class="muted">{m.repeatedStaffIntro(props.minRepeats)}</p>
      {props.rows.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <ScrollRegion label={m.repeatedStaffTitle}>
          <table class="list figures" data-testid="repeated-staff-table">
            <thead>
              <tr>
                {[m.colAgency, m.colStaff, m.colCount, m.colPeople, m.colOpen].map((h) => (
                  <th scope="col">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <th scope="row">{r.agency}</th>
                  <td>
                    <bdi>{r.name}</bdi>
                  </td>
                  <td>{r.n}</td>
                  <td>{r.people}</td>
                  <td>{r.open}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

export function RepeatedTable(props: { t: Messages; rows: RepeatedRow[]; minRepeats: number }) {
  const m = props.t.kpidef;
  return (
    <section data-testid="repeated">
      <h2>{m.repeatedTitle}</h2>
      <p class="muted">{m.repeatedIntro(props.minRepeats)}</p>
      {props.rows.length === 0 ? (
        <p>{m.none}</p>
      ) : (
        <ScrollRegion label={m.repeatedTitle}>
          <table class="list figures" data-testid="repeated-table">
            <thead>
              <tr>
                {[m.colAgency, m.colService, m.colPlace, m.colCount, m.colPeople, m.colOpen].map((h) => (
                  <th scope="col">{h}</th>
                ))}
              </tr>
            </thead>
            <tbody>
              {props.rows.map((r) => (
                <tr>
                  <th scope="row">{r.agency}</th>
                  <td>{r.service}</td>
                  <td>{r.place}</td>
                  <td>{r.n}</td>
                  <td>{r.people}</td>
                  <td>{r.open}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </section>
  );
}

export function BreakdownsPage(props: {
  t: Messages;
  action: string;
  from: string;
  to: string;
  error?: string | undefined;
  /** One table per classification, in order: [its name, the table]. */
  sections: [string, FigureTable][];
  pending: FigureTable;
  repeated: RepeatedRow[];
  repeatedStaff: RepeatedStaffRow[];
  minRepeats: number;
  csv: string;
}) {
  const m = props.t.kpidef;
  return (
    <section class="kpi breakdowns">
      <h1>{m.breakdownsTitle}</h1>
      <p class="muted">{m.breakdownsIntro}</p>
      <PeriodForm t={props.t} action={props.action} from={props.from} to={props.to} error={props.error} />
      <p>
        <a class="button secondary" href={props.csv} data-testid="breakdowns-csv">
          {m.csv}
        </a>
      </p>
      {props.sections.map(([name, table], i) => (
        <>
          <h2>{name}</h2>
          <LabelledTable t={props.t} table={table} testid={`breakdown-${i}`} label={name} />
        </>
      ))}
      <h2>{m.pendingTitle}</h2>
      <p class="muted">{m.pendingIntro}</p>
      <LabelledTable t={props.t} table={props.pending} testid="pending" label={m.pendingTitle} />
      <RepeatedTable t={props.t} rows={props.repeated} minRepeats={props.minRepeats} />
      <RepeatedStaffTable t={props.t} rows={props.repeatedStaff} minRepeats={props.minRepeats} />
    </section>
  );
}

export function RepeatedPage(props: {
  t: Messages;
  title: string;
  action: string;
  from: string;
  to: string;
  error?: string | undefined;
  rows: RepeatedRow[];
  staff: RepeatedStaffRow[];
  minRepeats: number;
}) {
  return (
    <section class="kpi">
      <h1>{props.title}</h1>
      <PeriodForm t={props.t} action={props.action} from={props.from} to={props.to} error={props.error} />
      <RepeatedTable t={props.t} rows={props.rows} minRepeats={props.minRepeats} />
      <RepeatedStaffTable t={props.t} rows={props.staff} minRepeats={props.minRepeats} />
    </section>
  );
}
