import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../db.ts";
import { agencies, services } from "../../schema/index.ts";

export interface AgencyListing {
  code: string;
  nameAr: string;
  nameEn: string;
  parentCode: string | null;
  cities: string[] | null;
  services: { code: string; nameAr: string; nameEn: string; kinds: string[]; slaDays: Record<string, number> }[];
}

/** Active agencies with their active services, for the home page and (later) the filing form. */
export async function listAgencies(db: Db): Promise<AgencyListing[]> {
  const rows = await db
    .select({
      code: agencies.code,
      nameAr: agencies.nameAr,
      nameEn: agencies.nameEn,
      parentCode: agencies.parentCode,
      cities: agencies.cities,
      service: {
        code: services.code,
        nameAr: services.nameAr,
        nameEn: services.nameEn,
        kinds: services.kinds,
        slaDays: services.slaDays,
      },
    })
    .from(agencies)
    .innerJoin(services, and(eq(services.agencyCode, agencies.code), eq(services.active, true)))
    .where(eq(agencies.active, true))
    .orderBy(asc(agencies.code), asc(services.id));
  const out = new Map<string, AgencyListing>();
  for (const r of rows) {
    let a = out.get(r.code);
    if (!a) {
      a = { code: r.code, nameAr: r.nameAr, nameEn: r.nameEn, parentCode: r.parentCode, cities: r.cities, services: [] };
      out.set(r.code, a);
    }
    a.services.push(r.service);
  }
  return [...out.values()];
}
