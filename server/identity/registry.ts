import { eq } from "drizzle-orm";
import type { Db } from "../db.ts";
import { registryIdentities } from "../../schema/index.ts";
import { normalizeArabic } from "../text/arabic.ts";

export interface RegistryRecord {
  nationalId: string;
  firstName: string;
  fatherName: string;
  grandfatherName: string;
  familyName: string;
  dateOfBirth: string; // YYYY-MM-DD
  nationality: string;
}

/** The civil registry could not answer: the citizen is told to try later, never given an account. */
export class RegistryUnavailableError extends Error {
  override name = "RegistryUnavailableError";
}

export interface CivilRegistry {
  /** The registry's record for a national number, or null when it has none. */
  lookup(nationalId: string): Promise<RegistryRecord | null>;
}

export function dbRegistry(db: Db): CivilRegistry {
  return {
    async lookup(nationalId) {
      const [row] = await db.select().from(registryIdentities).where(eq(registryIdentities.nationalId, nationalId));
      return row ?? null;
    },
  };
}

export interface HttpRegistryOptions {
  url: string;
  authHeader?: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * A registry web service: POST {"nationalId"} and expect
 * {"found": bool, "firstName", "fatherName", "grandfatherName", "familyName", "dateOfBirth", "nationality"}.
 */
export function httpRegistry(opts: HttpRegistryOptions): CivilRegistry {
  const doFetch = opts.fetch ?? fetch;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (opts.authHeader) {
    const i = opts.authHeader.indexOf(":");
    if (i > 0) headers[opts.authHeader.slice(0, i).trim()] = opts.authHeader.slice(i + 1).trim();
  }
  return {
    async lookup(nationalId) {
      let res: Response;
      try {
        res = await doFetch(opts.url, {
          method: "POST",
          headers,
          body: JSON.stringify({ nationalId }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 5_000),
        });
      } catch (e) {
        throw new RegistryUnavailableError(`registry unreachable (${(e as Error).name})`);
      }
      if (res.status === 404) return null;
      if (!res.ok) throw new RegistryUnavailableError(`registry answered ${res.status}`);
      let body: Record<string, unknown>;
      try {
        body = (await res.json()) as Record<string, unknown>;
      } catch {
        throw new RegistryUnavailableError("registry answered with something that is not JSON");
      }
      if (body.found === false) return null;
      const fields = ["firstName", "fatherName", "grandfatherName", "familyName", "dateOfBirth", "nationality"] as const;
      for (const f of fields) {
        if (typeof body[f] !== "string") throw new RegistryUnavailableError(`registry answer lacks ${f}`);
      }
      return {
        nationalId,
        firstName: body.firstName as string,
        fatherName: body.fatherName as string,
        grandfatherName: body.grandfatherName as string,
        familyName: body.familyName as string,
        dateOfBirth: (body.dateOfBirth as string).slice(0, 10),
        nationality: body.nationality as string,
      };
    },
  };
}

/**
 * Names are typed by people in many spellings of the same letters; compare them after
 * folding alef/hamza forms, taa marbuta, alef maqsura, tatweel, diacritics and spacing.
 */
export function normaliseName(name: string): string {
  return normalizeArabic(name)
    .replace(/[\s\-‐'’.]+/g, " ")
    .trim();
}

export interface IdentityClaim {
  nationalId: string;
  firstName: string;
  fatherName: string;
  grandfatherName: string;
  familyName: string;
  dateOfBirth: string;
}

export function matchesRegistry(record: RegistryRecord, claim: IdentityClaim): boolean {
  return (
    record.nationalId === claim.nationalId &&
    record.dateOfBirth === claim.dateOfBirth &&
    normaliseName(record.firstName) === normaliseName(claim.firstName) &&
    normaliseName(record.fatherName) === normaliseName(claim.fatherName) &&
    normaliseName(record.grandfatherName) === normaliseName(claim.grandfatherName) &&
    normaliseName(record.familyName) === normaliseName(claim.familyName)
  );
}
