import { and, eq, inArray, notInArray, sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { adminAudit, agencies, cities, services } from "../../schema/index.ts";
import type { Directory, ResolvedAgency } from "./load.ts";
import { bumpVersion, calendarChanged } from "../calendar/holiday-store.ts";
import { forgetDirectoryFacts } from "./facts.ts";

export interface SyncResult {
  agencies: number;
  services: number;
  cities: number;
  deactivatedServices: number;
  /** Agencies changed in the admin pages: their files were not applied (the portal owns them). */
  keptFromPortal: string[];
}

/**
 * Brings the database in line with the directory files: insert or update by code,
 * never delete. Complaints keep referencing a service that left the files, so it is
 * only marked inactive (and comes back to life if the file brings it back).
 *
 * The files seed a deployment; once an admin has changed an agency (or its calendar) in
 * the portal, the portal owns it and its file is no longer applied, or every restart
 * would undo the edit (and a reverted calendar would re-plan deadlines and tell citizens
 * their dates moved). The same holds for cities once they were edited there: files may
 * still add a city, never change or retire one. The admin page exports an agency back
 * as its file for those who keep the files in step.
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
    const edited = await tx
      .selectDistinct({ entity: adminAudit.entity, key: adminAudit.key })
      .from(adminAudit)
      .where(inArray(adminAudit.entity, ["agency", "calendar", "cities"]));
    const portalAgencies = new Set(edited.filter((e) => e.entity !== "cities").map((e) => e.key));
    const portalCities = edited.some((e) => e.entity === "cities");
    for (const c of dir.cities) {
      const row = {
        code: c.code,
        nameAr: c.name.ar,
        nameEn: c.name.en,
        regionAr: c.region.ar,
        regionEn: c.region.en,
        country: c.country,
        localities: c.localities ?? [],
        active: true,
      };
      if (portalCities) await tx.insert(cities).values(row).onConflictDoNothing({ target: cities.code });
      else await tx.insert(cities).values(row).onConflictDoUpdate({ target: cities.code, set: row });
    }
    const cityCodes = dir.cities.map((c) => c.code);
    if (!portalCities)
      await tx
        .update(cities)
        .set({ active: false })
        .where(cityCodes.length ? notInArray(cities.code, cityCodes) : undefined);

    // Parents first is not needed (no FK on parent_code), but the order keeps logs readable.
    let serviceCount = 0;
    let deactivated = 0;
    const keptFromPortal: string[] = [];
    for (const a of dir.agencies) {
      if (portalAgencies.has(a.code)) {
        keptFromPortal.push(a.code);
        continue;
      }
      const r = await upsertAgency(tx as unknown as Db, a);
      serviceCount += r.services;
      deactivated += r.deactivated;
    }

    const codes = dir.agencies.map((a) => a.code);
    // An agency the portal owns stays, whether or not a file still names it.
    const keep = [...new Set([...codes, ...portalAgencies])];
    const goneAgencies = await tx
      .update(agencies)
      .set({ active: false, updatedAt: sql`now()` })
      .where(and(eq(agencies.active, true), notInArray(agencies.code, keep)))
      .returning({ code: agencies.code });
    for (const g of goneAgencies) {
      const r = await tx
        .update(services)
        .set({ active: false, updatedAt: sql`now()` })
        .where(and(eq(services.agencyCode, g.code), eq(services.active, true)))
        .returning({ id: services.id });
      deactivated += r.length;
    }
    // Instances already running read the directory again (facts.ts's version check).
    await bumpVersion(tx as unknown as Db, "directory");
    return { agencies: codes.length, services: serviceCount, cities: dir.cities.length, deactivatedServices: deactivated, keptFromPortal };
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
  if (prev && canonical(prev.calendar ?? null) !== canonical(a.calendar ?? null)) {
    await calendarChanged(tx, `agency:${a.code}`, { kind: "calendar_changed" }, now);
  }
  return { services: services_, deactivated: gone.length };
}

/**
 * JSON with object keys sorted: jsonb gives keys back in its own order, so comparing a
 * stored calendar with the file's by plain JSON.stringify saw a change on every start
 * and re-planned that agency's deadlines each time.
 */
function canonical(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) =>
    x && typeof x === "object" && !Array.isArray(x)
      ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([p], [q]) => (p < q ? -1 : p > q ? 1 : 0)))
      : x,
  );
}
