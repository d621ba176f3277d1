import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { agencies, cities, services } from "../../schema/index.ts";
import type { Directory } from "./load.ts";

export interface SyncResult {
  agencies: number;
  services: number;
  cities: number;
  deactivatedServices: number;
}

/**
 * Brings the database in line with the directory files: insert or update by code,
 * never delete. Complaints keep referencing a service that left the files, so it is
 * only marked inactive (and comes back to life if the file brings it back).
 */
export async function syncDirectory(db: Db, dir: Directory): Promise<SyncResult> {
  return db.transaction(async (tx) => {
    for (const c of dir.cities) {
      const row = {
        code: c.code,
        nameAr: c.name.ar,
        nameEn: c.name.en,
        regionAr: c.region.ar,
        regionEn: c.region.en,
        country: c.country,
        active: true,
      };
      await tx.insert(cities).values(row).onConflictDoUpdate({ target: cities.code, set: row });
    }
    const cityCodes = dir.cities.map((c) => c.code);
    await tx.update(cities).set({ active: false }).where(cityCodes.length ? notInArray(cities.code, cityCodes) : undefined);

    // Parents first is not needed (no FK on parent_code), but the order keeps logs readable.
    let serviceCount = 0;
    let deactivated = 0;
    for (const a of dir.agencies) {
      const row = {
        code: a.code,
        nameAr: a.name.ar,
        nameEn: a.name.en,
        parentCode: a.parent ?? null,
        cities: a.coverage === "national" ? null : a.coverage.cities,
        website: a.website ?? null,
        staffTotp: a.staffTotp,
        escalation: a.escalation,
        calendar: a.calendar ?? null,
        sourceFile: a.file,
        active: true,
        updatedAt: sql`now()`,
      };
      await tx.insert(agencies).values(row).onConflictDoUpdate({ target: agencies.code, set: row });

      for (const s of a.services) {
        const srow = {
          agencyCode: a.code,
          code: s.code,
          nameAr: s.name.ar,
          nameEn: s.name.en,
          kinds: s.kinds,
          slaDays: s.sla,
          jurisdictionDays: s.jurisdictionDays,
          escalationHours: [...s.escalationHours],
          priorRefRequired: s.priorReference?.required ?? false,
          priorRefPattern: s.priorReference?.pattern ?? null,
          priorRefLabel: s.priorReference?.label ?? null,
          complexity: s.classification.complexity,
          importance: s.classification.importance,
          actionType: s.classification.action,
          hints: s.hints,
          reopenWindow: s.reopenWindow,
          clockStart: s.clockStart,
          active: true,
          updatedAt: sql`now()`,
        };
        await tx
          .insert(services)
          .values(srow)
          .onConflictDoUpdate({ target: [services.agencyCode, services.code], set: srow });
        serviceCount++;
      }
      const gone = await tx
        .update(services)
        .set({ active: false, updatedAt: sql`now()` })
        .where(
          and(
            eq(services.agencyCode, a.code),
            eq(services.active, true),
            notInArray(
              services.code,
              a.services.map((s) => s.code),
            ),
          ),
        )
        .returning({ id: services.id });
      deactivated += gone.length;
    }

    const codes = dir.agencies.map((a) => a.code);
    const goneAgencies = await tx
      .update(agencies)
      .set({ active: false, updatedAt: sql`now()` })
      .where(and(eq(agencies.active, true), notInArray(agencies.code, codes)))
      .returning({ code: agencies.code });
    for (const g of goneAgencies) {
      const r = await tx
        .update(services)
        .set({ active: false, updatedAt: sql`now()` })
        .where(and(eq(services.agencyCode, g.code), eq(services.active, true)))
        .returning({ id: services.id });
      deactivated += r.length;
    }
    return { agencies: codes.length, services: serviceCount, cities: dir.cities.length, deactivatedServices: deactivated };
  });
}
