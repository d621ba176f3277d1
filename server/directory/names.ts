import type { Db } from "../db.ts";
import { readNames, type NameRows } from "./store.ts";

/**
 * The names of the directory (agencies, services, cities) held in memory, so a page
 * that shows a code by its name does not ask the database. Inactive entries are kept:
 * old complaints name them. Lists keep the database's order (agencies and cities by
 * code, services by agency and file order).
 */
export interface Names {
  ar: string;
  en: string;
}

type AgencyNames = NameRows["agencies"][number];
type ServiceNames = NameRows["services"][number];
type CityNames = NameRows["cities"][number];

export interface DirectoryNames {
  agency(code: string): AgencyNames | null;
  service(agencyCode: string, code: string): ServiceNames | null;
  city(code: string): CityNames | null;
  agencies: readonly AgencyNames[];
  services: readonly ServiceNames[];
  cities: readonly CityNames[];
}

export const inLang = (n: Names, lang: "ar" | "en"): string => (lang === "ar" ? n.ar : n.en);

/** A complaint's agency and service by name (null: none yet, or not in the directory). */
export function namesOf(
  names: DirectoryNames,
  c: { agencyCode: string | null; serviceCode: string | null },
): { agency: Names | null; service: Names | null } {
  const a = c.agencyCode ? names.agency(c.agencyCode) : null;
  const s = c.agencyCode && c.serviceCode ? names.service(c.agencyCode, c.serviceCode) : null;
  return { agency: a && { ar: a.ar, en: a.en }, service: s && { ar: s.ar, en: s.en } };
}

export function namesFrom(rows: NameRows): DirectoryNames {
  const agencyBy = new Map(rows.agencies.map((a) => [a.code, a]));
  const serviceBy = new Map(rows.services.map((s) => [`${s.agencyCode}/${s.code}`, s]));
  const cityBy = new Map(rows.cities.map((c) => [c.code, c]));
  return {
    agency: (code) => agencyBy.get(code) ?? null,
    service: (agencyCode, code) => serviceBy.get(`${agencyCode}/${code}`) ?? null,
    city: (code) => cityBy.get(code) ?? null,
    agencies: rows.agencies,
    services: rows.services,
    cities: rows.cities,
  };
}

// Held per database like the intake's facts (facts.ts): this instance forgets them on
// every directory change it makes (forgetDirectoryFacts forgets these too), and on
// another instance's once the "directory" job in main.ts sees its version (10 s);
// REFRESH_MS bounds it where that job does not run (tests, the command line).
const REFRESH_MS = 60_000;
const held = new WeakMap<Db, { names: Promise<DirectoryNames>; at: number }>();

export function directoryNames(db: Db, nowMs = Date.now()): Promise<DirectoryNames> {
  const h = held.get(db);
  if (h && nowMs - h.at < REFRESH_MS) return h.names;
  const names = readNames(db).then(namesFrom);
  // A failed read is not kept: the next page tries again.
  names.catch(() => held.get(db)?.names === names && held.delete(db));
  if (h) {
    // Pages keep the names held before while the new ones are read; a change forgotten
    // meanwhile (forgetDirectoryNames) wins over this older read.
    const entry = { names: h.names, at: nowMs };
    held.set(db, entry);
    void names.then(
      (n) => held.get(db) === entry && held.set(db, { names: Promise.resolve(n), at: nowMs }),
      () => {},
    );
    return h.names;
  }
  held.set(db, { names, at: nowMs });
  return names;
}

export function forgetDirectoryNames(db: Db): void {
  held.delete(db);
}

/** An agency's name for a message payload ({ar, en} only), or null. */
export function agencyNamed(names: DirectoryNames, code: string | null | undefined): Names | null {
  const a = code ? names.agency(code) : null;
  return a ? { ar: a.ar, en: a.en } : null;
}
