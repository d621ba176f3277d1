// Agency and service names in both languages, from the directory held in memory
// (facts.ts). Messages and pages name agencies often; the directory changes only when
// an instance starts with new files, so asking the database each time bought nothing.

import type { Db } from "../db.ts";
import { directoryFacts, type DirectoryFacts } from "./facts.ts";

export interface Name {
  ar: string;
  en: string;
}

export interface DirectoryNames {
  /** The agency's name, switched off or not; null for no agency or an unknown code. */
  agency(code: string | null | undefined): Name | null;
  /** An active service's name. */
  service(agencyCode: string | null | undefined, code: string | null | undefined): Name | null;
}

export function directoryNames(facts: DirectoryFacts): DirectoryNames {
  return {
    agency(code) {
      if (!code) return null;
      const a = facts.anyAgency?.(code) ?? facts.agency(code);
      return a ? { ar: a.nameAr, en: a.nameEn } : null;
    },
    service(agencyCode, code) {
      if (!agencyCode || !code) return null;
      const s = facts.service(agencyCode, code);
      return s ? { ar: s.nameAr, en: s.nameEn } : null;
    },
  };
}

/** The names of the directory held for `db`. */
export async function namesOf(db: Db): Promise<DirectoryNames> {
  return directoryNames(await directoryFacts(db));
}
