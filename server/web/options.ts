import type { Context } from "hono";
import type { AppEnv } from "../app-env.ts";
import { directoryNames, inLang } from "../directory/names.ts";
import type { Option, ServiceGroup } from "../../views/pages/citizen/complaints.tsx";
import { langOf } from "./context.ts";

/** Cities and services (grouped by agency) for select boxes, in the reader's language. */
export async function formOptions(c: Context<AppEnv>): Promise<{ cities: Option[]; services: ServiceGroup[]; agencies: Option[] }> {
  const lang = langOf(c);
  const names = await directoryNames(c.var.deps.db);
  const groups = new Map<string, ServiceGroup>();
  // Services come by agency code, then in file order.
  for (const s of names.services) {
    const a = names.agency(s.agencyCode);
    if (!s.active || !a?.active) continue;
    const g = groups.get(s.agencyCode) ?? { agency: inLang(a, lang), services: [] };
    g.services.push({ value: `${s.agencyCode}/${s.code}`, label: inLang(s, lang) });
    groups.set(s.agencyCode, g);
  }
  const collator = new Intl.Collator(lang);
  return {
    cities: names.cities
      .filter((r) => r.active)
      .map((r) => ({ value: r.code, label: inLang(r, lang) }))
      .sort((a, b) => collator.compare(a.label, b.label)),
    services: [...groups.values()],
    // Agencies with an active service, by code as the service list: what praise may name.
    agencies: [...groups.entries()].map(([code, g]) => ({ value: code, label: g.agency })),
  };
}

/** "AGENCY/SERVICE" -> "Agency — Service" in the reader's language. */
export async function serviceLabels(c: Context<AppEnv>): Promise<Map<string, string>> {
  const { services: groups } = await formOptions(c);
  return new Map(groups.flatMap((g) => g.services.map((s) => [s.value, `${g.agency} — ${s.label}`] as [string, string])));
}

/** Agency codes to names in a language ("" and unknown codes stay as they are). */
export async function agencyNamer(c: Context<AppEnv>, lang = langOf(c)): Promise<(code: string) => string> {
  const names = await directoryNames(c.var.deps.db);
  return (code: string) => {
    const a = names.agency(code);
    return a ? inLang(a, lang) : code;
  };
}
