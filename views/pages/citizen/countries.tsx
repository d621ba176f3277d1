import type { Messages } from "../../i18n/index.ts";
import { describedBy } from "./forms.tsx";

/** ISO 3166 alpha-2 codes offered for nationality and country of residence, in the dictionary's order. */
export function countryCodes(t: Messages): string[] {
  return Object.keys(t.citizen.countries);
}

export function CountrySelect(props: { t: Messages; name: string; value?: string | undefined; error?: string | undefined }) {
  const names = props.t.citizen.countries as Record<string, string>;
  const selected = props.value || "SA";
  return (
    <select
      id={`f-${props.name}`}
      name={props.name}
      required
      aria-invalid={props.error ? "true" : undefined}
      aria-describedby={describedBy(props.name, { error: props.error })}
    >
      {countryCodes(props.t).map((code) => (
        <option value={code} selected={selected === code}>
          {names[code]}
        </option>
      ))}
    </select>
  );
}
