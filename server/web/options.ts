import type { Context } from "hono";
import { and, asc, eq } from "drizzle-orm";
import type { AppEnv } from "../app-env.ts";
import { agencies, cities, services } from "../../schema/index.ts";
import type { Option, ServiceGroup } from "../../views/pages/citizen/complaints.tsx";
import { langOf } from "./context.ts";

/** Cities and services (grouped by agency) for select boxes, in the reader's language. */
export async function formOptions(c: Context<AppEnv>): Promise<{ cities: Option[]; services: ServiceGroup[] }> {
  const lang = langOf(c);
  const { db } = c.var.deps;
  const cityRows = await db.select().from(cities).where(eq(cities.active, true)).orderBy(asc(cities.code));
  const rows = await db
    .select({ agency: agencies.code, agencyAr: agencies.nameAr, agencyEn: agencies.nameEn, code: services.code, ar: services.nameAr, en: services.nameEn })
    .from(services)
    .innerJoin(agencies, and(eq(agencies.code, services.agencyCode), eq(agencies.active, true)))
    .where(eq(services.active, true))
    .orderBy(asc(agencies.code), asc(services.id));
  const groups = new Map<string, ServiceGroup>();
  for (const r of rows) {
    const g = groups.get(r.agency) ?? { agency: lang === "ar" ? r.agencyAr : r.agencyEn, services: [] };
    g.services.push({ value: `${r.agency}/${r.code}`, label: lang === "ar" ? r.ar : r.en });
    groups.set(r.agency, g);
  }
  const collator = new Intl.Collator(lang);
  return {
    cities: cityRows.map((r) => ({ value: r.code, label: lang === "ar" ? r.nameAr : r.nameEn })).sort((a, b) => collator.compare(a.label, b.label)),
    services: [...groups.values()],
  };
}

/** "AGENCY/SERVICE" -> "Agency — Service" in the reader's language. */
export async function serviceLabels(c: Context<AppEnv>): Promise<Map<string, string>> {
  const { services: groups } = await formOptions(c);
  return new Map(groups.flatMap((g) => g.services.map((s) => [s.value, `${g.agency} — ${s.label}`] as [string, string])));
}

/** Agency codes to names in a language ("" and unknown codes stay as they are). */
export async function agencyNamer(c: Context<AppEnv>, lang = langOf(c)): Promise<(code: string) => string> {
  const rows = await c.var.deps.db.select({ code: agencies.code, ar: agencies.nameAr, en: agencies.nameEn }).from(agencies);
  const map = new Map(rows.map((r) => [r.code, lang === "ar" ? r.ar : r.en]));
  return (code: string) => map.get(code) ?? code;
}
