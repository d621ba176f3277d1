import type { Lang, Messages } from "../../i18n/index.ts";
import type { Figure, Text } from "../../../server/kpi/definitions.ts";
import { ScrollRegion } from "../../components/table.tsx";

/** A share 0–1 as a percentage with one decimal; null reads "—". */
export const pctText = (x: number | null, none: string) => (x === null ? none : String(Math.round(x * 1000) / 10));

/** Seed 002's indicators, each with its value, what it counted and its formula beside it. */
export function IndicatorsTable(props: {
  t: Messages;
  lang: Lang;
  rows: { def: { id: string; name: Text; formula: Text }; figure: Figure }[];
}) {
  const m = props.t.kpidef;
  const none = props.t.kpi.noData;
  const counts = (f: Figure) =>
    f.parts
      ? m.parts(pctText(f.parts.audit, none), pctText(f.parts.resolved, none))
      : f.numerator === null || f.denominator === null
        ? none
        : `${f.numerator} / ${f.denominator}`;
  return (
    <section data-testid="indicators">
      <h2>{m.indicatorsTitle}</h2>
      <p class="muted">{m.indicatorsIntro}</p>
      <ScrollRegion label={m.indicatorsTitle}>
        <table class="list figures indicators" data-testid="kpi-indicators">
          <thead>
            <tr>
              <th scope="col">{m.colIndicator}</th>
              <th scope="col">{m.colValue}</th>
              <th scope="col">{m.colCounts}</th>
              <th scope="col">{m.colFormula}</th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((r) => (
              <tr data-kpi={r.def.id}>
                <th scope="row">{r.def.name[props.lang]}</th>
                <td data-label={m.colValue}>{pctText(r.figure.value, none)}</td>
                <td data-label={m.colCounts}>{counts(r.figure)}</td>
                <td class="formula" data-label={m.colFormula}>
                  {r.def.formula[props.lang]}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
