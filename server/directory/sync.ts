import { and, eq, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { agencies, cities, services } from "../../schema/index.ts";
import type { Directory, ResolvedAgency } from "./load.ts";
import { calendarChanged } from "../calendar/holiday-store.ts";
import { forgetDirectoryFacts } from "./facts.ts";

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
  // The intake holds the directory in memory (facts.ts): read it again after this.
  forgetDirectoryFacts(db);
  try {
    return await syncTransaction(db, dir);
  } finally {
    forgetDirectoryFacts(db);
  }
}

function syncTransaction(db: Db, dir: Directory): Promise<SyncResult> {
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
    await tx
      .update(cities)
      .set({ active: false })
      .where(cityCodes.length ? notInArray(cities.code, cityCodes) : undefined);

    // Parents first is not needed (no FK on parent_code), but the order keeps logs readable.
    let serviceCount = 0;
    let deactivated = 0;
    for (const a of dir.agencies) {
      const r = await upsertAgency(tx as unknown as Db, a);
      serviceCount += r.services;
      deactivated += r.deactivated;
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

/**
 * One agency and its services as the database holds them: the directory files at
 * start-up and the admin page (server/directory/admin-store.ts) both write through here,
 * so a file and an edit mean the same thing. A service left out is marked inactive.
 */
export async function upsertAgency(tx: Db, a: ResolvedAgency, now: Date = new Date()): Promise<{ services: number; deactivated: number }> {
  let services_ = 0;
  const [prev] = await tx.select({ calendar: agencies.calendar }).from(agencies).where(eq(agencies.code, a.code));
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
    services_++;
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

  // A changed calendar re-plans the agency's open deadlines (server/jobs/replan.ts).
  if (prev && JSON.stringify(prev.calendar ?? null) !== JSON.stringify(a.calendar ?? null)) {
    await calendarChanged(tx, `agency:${a.code}`, { kind: "calendar_changed" }, now);
  }
  return { services: services_, deactivated: gone.length };
}
