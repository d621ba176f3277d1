import { asc } from "drizzle-orm";
import type { Db } from "../db.ts";
import { agencies, cities, services } from "../../schema/index.ts";

// The directory's reads for the pages. Its writes are in sync.ts (the files) and
// admin-store.ts (the admin pages); the intake's facts in facts.ts.

export interface NameRows {
  agencies: { code: string; ar: string; en: string; active: boolean }[];
  services: { agencyCode: string; code: string; ar: string; en: string; active: boolean }[];
  cities: { code: string; ar: string; en: string; active: boolean }[];
}

/**
 * Every agency, service and city with its names, switched off or not: a complaint
 * filed with an agency that has since left the directory still shows its name.
 * Agencies and cities by code, services by agency and then file order.
 */
export async function readNames(db: Db): Promise<NameRows> {
  const [a, s, c] = await Promise.all([
    db
      .select({ code: agencies.code, ar: agencies.nameAr, en: agencies.nameEn, active: agencies.active })
      .from(agencies)
      .orderBy(asc(agencies.code)),
    db
      .select({ agencyCode: services.agencyCode, code: services.code, ar: services.nameAr, en: services.nameEn, active: services.active })
      .from(services)
      .orderBy(asc(services.agencyCode), asc(services.id)),
    db.select({ code: cities.code, ar: cities.nameAr, en: cities.nameEn, active: cities.active }).from(cities).orderBy(asc(cities.code)),
  ]);
  return { agencies: a, services: s, cities: c };
}
