import { and, eq } from "drizzle-orm";
import type { Db } from "../db.ts";
import { agencies, cities, services } from "../../schema/index.ts";
import { forgetDirectoryNames } from "./names.ts";

export type AgencyRow = typeof agencies.$inferSelect;
export type ServiceRow = typeof services.$inferSelect;

/**
 * The directory as the intake reads it: active cities, active agencies, and the active
 * services of active agencies. Lookups only, no I/O: routing a submission decides
 * from these in memory instead of asking the database once per fact.
 */
export interface DirectoryFacts {
  city(code: string): boolean;
  agency(code: string): AgencyRow | null;
  service(agencyCode: string, code: string): ServiceRow | null;
  /** The agency's active services, by code (absent: none known). */
  servicesOf?(agencyCode: string): ServiceRow[];
  /**
   * Any agency by code, switched off or not: a complaint still held by an agency that
   * was switched off keeps its name in messages (server/directory/names.ts).
   */
  anyAgency?(code: string): AgencyRow | null;
}

/** `agencies` may include inactive ones: only their names are used (anyAgency). */
export function factsFrom(rows: { cities: string[]; agencies: AgencyRow[]; services: ServiceRow[] }): DirectoryFacts {
  const cityCodes = new Set(rows.cities);
  const everyAgency = new Map(rows.agencies.map((a) => [a.code, a]));
  const agencyBy = new Map(rows.agencies.filter((a) => a.active).map((a) => [a.code, a]));
  const serviceBy = new Map(rows.services.filter((s) => agencyBy.has(s.agencyCode)).map((s) => [`${s.agencyCode}/${s.code}`, s]));
  return {
    city: (code) => cityCodes.has(code),
    agency: (code) => agencyBy.get(code) ?? null,
    service: (agencyCode, code) => serviceBy.get(`${agencyCode}/${code}`) ?? null,
    servicesOf: (agencyCode) =>
      [...serviceBy.values()].filter((s) => s.agencyCode === agencyCode).sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0)),
    anyAgency: (code) => everyAgency.get(code) ?? null,
  };
}

/** The whole active directory: three reads of small tables (about a hundred services). */
export async function loadFacts(db: Db): Promise<DirectoryFacts> {
  const [c, a, s] = await Promise.all([
    db.select({ code: cities.code }).from(cities).where(eq(cities.active, true)),
    // All agencies, for names; factsFrom routes only to the active ones.
    db.select().from(agencies),
    db.select().from(services).where(eq(services.active, true)),
  ]);
  return factsFrom({ cities: c.map((r) => r.code), agencies: a, services: s });
}

/**
 * Only the facts one submission names, read from the database: the exact answer when
 * the facts in memory refused it (a city or service added since they were loaded, by
 * another instance's start-up). Costs a bad request what it cost before the cache.
 */
export async function factsFor(
  db: Db,
  names: { city: string; agencyCode?: string | undefined; serviceCode?: string | undefined },
): Promise<DirectoryFacts> {
  const [c, a, s] = await Promise.all([
    db
      .select({ code: cities.code })
      .from(cities)
      .where(and(eq(cities.code, names.city), eq(cities.active, true))),
    names.agencyCode
      ? db
          .select()
          .from(agencies)
          .where(and(eq(agencies.code, names.agencyCode), eq(agencies.active, true)))
      : [],
    names.agencyCode && names.serviceCode
      ? db
          .select()
          .from(services)
          .where(and(eq(services.agencyCode, names.agencyCode), eq(services.code, names.serviceCode), eq(services.active, true)))
      : [],
  ]);
  return factsFrom({ cities: c.map((r) => r.code), agencies: a, services: s });
}

// Held per database: the directory only changes when an instance starts with new
// files (syncDirectory forgets it here). Other instances' changes arrive within
// REFRESH_MS; until then the write's guard refuses a service switched off meanwhile.
const REFRESH_MS = 60_000;
const held = new WeakMap<Db, { facts: Promise<DirectoryFacts>; at: number }>();

export function directoryFacts(db: Db, nowMs = Date.now()): Promise<DirectoryFacts> {
  const h = held.get(db);
  if (h && nowMs - h.at < REFRESH_MS) return h.facts;
  const facts = loadFacts(db);
  // A failed load is not kept: the next submission tries again.
  facts.catch(() => held.delete(db));
  // While the refresh runs, submissions keep using the facts held before.
  if (h) {
    held.set(db, { facts: h.facts, at: nowMs });
    void facts.then(
      (f) => held.set(db, { facts: Promise.resolve(f), at: nowMs }),
      () => {},
    );
    return h.facts;
  }
  held.set(db, { facts, at: nowMs });
  return facts;
}

export function forgetDirectoryFacts(db: Db): void {
  held.delete(db);
  // Every caller has changed (or doubts) the directory: the pages' names go with it.
  forgetDirectoryNames(db);
}
