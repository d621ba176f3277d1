// The directory edited in the admin pages (issue 17 §4). An edit is the agency's JSON as
// in agencies/*.json, checked by the same zod schema (schema.ts), written through the
// same upsert as the files (sync.ts), audited with who/when/before/after, and announced
// to every instance by the "directory" version (and "calendar" when the calendar moved).
// The files stay the seed of a new deployment; exportAgency gives an edited agency back
// as its file.

import { createHash } from "node:crypto";
import { asc, eq } from "drizzle-orm";
import type { Db } from "../db.ts";
import { agencies, cities, services } from "../../schema/index.ts";
import { audit, bumpVersion } from "../calendar/holiday-store.ts";
import { agencySchema, citiesFileSchema, type City } from "./schema.ts";
import { resolveService, type Directory, type ResolvedAgency } from "./load.ts";
import { upsertAgency } from "./sync.ts";
import { forgetDirectoryFacts } from "./facts.ts";

/** An agency as its directory file, from the database (every service states its policy in full). */
export async function exportAgency(db: Db, code: string): Promise<Record<string, unknown> | null> {
  const [a] = await db.select().from(agencies).where(eq(agencies.code, code));
  if (!a) return null;
  const rows = await db.select().from(services).where(eq(services.agencyCode, code)).orderBy(asc(services.id));
  return {
    code: a.code,
    name: { ar: a.nameAr, en: a.nameEn },
    ...(a.parentCode ? { parent: a.parentCode } : {}),
    coverage: a.cities ? { cities: a.cities } : "national",
    ...(a.website ? { website: a.website } : {}),
    staffTotp: a.staffTotp,
    ...(a.calendar ? { calendar: a.calendar } : {}),
    escalation: a.escalation,
    services: rows
      .filter((s) => s.active)
      .map((s) => ({
        code: s.code,
        name: { ar: s.nameAr, en: s.nameEn },
        kinds: s.kinds,
        sla: s.slaDays,
        jurisdictionDays: s.jurisdictionDays,
        escalationHours: s.escalationHours,
        classification: { complexity: s.complexity, importance: s.importance, action: s.actionType },
        ...(s.reopenWindow ? { reopenWindow: s.reopenWindow } : {}),
        clockStart: s.clockStart,
        ...(s.priorRefPattern && s.priorRefLabel
          ? { priorReference: { required: s.priorRefRequired, pattern: s.priorRefPattern, label: s.priorRefLabel } }
          : {}),
        hints: s.hints,
      })),
  };
}

export type SaveResult =
  | { ok: true }
  | {
      ok: false;
      error: "not_json" | "code_mismatch" | "unknown_city" | "invalid";
      issues: string[];
      /** The schema's own issues, for a form to show next to its fields. */
      schemaIssues?: { path: PropertyKey[]; code: string; message: string }[];
    };

/**
 * What an edit form was drawn from: a short hash of the agency as exported. The forms
 * send it back, so a save over another admin's newer save is caught instead of
 * silently undoing it.
 */
export function agencyBasis(exported: Record<string, unknown>): string {
  return createHash("sha256").update(JSON.stringify(exported)).digest("hex").slice(0, 24);
}

/** Validates and saves one agency from its JSON text; `code` is the agency being edited. */
export async function saveAgencyJson(db: Db, code: string, text: string, actorId: string, now: Date): Promise<SaveResult> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: "not_json", issues: [(e as Error).message] };
  }
  return saveAgency(db, code, raw, actorId, now);
}

/**
 * Validates and saves one agency given as its directory file (the JSON text parsed, or
 * what the field-by-field form built): the same schema as agencies/*.json, the same
 * upsert as the files, audited with the agency as its file before and after, and
 * announced to every instance by the "directory" version.
 */
export async function saveAgency(db: Db, code: string, raw: unknown, actorId: string, now: Date): Promise<SaveResult> {
  const parsed = agencySchema.safeParse(raw);
  if (!parsed.success)
    return {
      ok: false,
      error: "invalid",
      issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`),
      schemaIssues: parsed.error.issues.map((i) => ({ path: [...i.path], code: i.code, message: i.message })),
    };
  const a = parsed.data;
  if (a.code !== code) return { ok: false, error: "code_mismatch", issues: [] };
  if (a.coverage !== "national") {
    const known = new Set((await db.select({ code: cities.code }).from(cities)).map((c) => c.code));
    const unknown = a.coverage.cities.filter((c) => !known.has(c));
    if (unknown.length) return { ok: false, error: "unknown_city", issues: unknown };
  }
  const { defaults: _d, services: svcs, ...rest } = a;
  const resolved: ResolvedAgency = { ...rest, file: `agencies/${code}.json`, services: svcs.map((s) => resolveService(a, s)) };
  await db.transaction(async (tx) => {
    const t = tx as unknown as Db;
    // Both sides in the export's shape (every policy in full), so the change log's diff
    // shows what changed and not how the text was written.
    const before = await exportAgency(t, code);
    await upsertAgency(t, resolved, now);
    await audit(t, { actorId, entity: "agency", key: code, before, after: await exportAgency(t, code) }, now);
    await bumpVersion(t, "directory");
  });
  // This instance's intake reads the directory from memory: read it again now (other
  // instances refresh theirs within facts.ts's REFRESH_MS).
  forgetDirectoryFacts(db);
  return { ok: true };
}

export async function exportCities(db: Db): Promise<City[]> {
  const rows = await db.select().from(cities).where(eq(cities.active, true)).orderBy(asc(cities.code));
  return rows.map((c) => ({
    code: c.code,
    name: { ar: c.nameAr, en: c.nameEn },
    region: { ar: c.regionAr, en: c.regionEn },
    country: c.country,
    ...(c.localities.length ? { localities: c.localities } : {}),
  }));
}

/** Adds or changes cities (none is deleted: complaints and agencies refer to them). */
export async function saveCitiesJson(db: Db, text: string, actorId: string, now: Date): Promise<SaveResult> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, error: "not_json", issues: [(e as Error).message] };
  }
  const parsed = citiesFileSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: "invalid", issues: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`) };
  await db.transaction(async (tx) => {
    const before = await exportCities(tx as unknown as Db);
    for (const c of parsed.data) {
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
      await tx.insert(cities).values(row).onConflictDoUpdate({ target: cities.code, set: row });
    }
    await audit(
      tx as unknown as Db,
      { actorId, entity: "cities", key: "cities", before, after: await exportCities(tx as unknown as Db) },
      now,
    );
    await bumpVersion(tx as unknown as Db, "directory");
  });
  forgetDirectoryFacts(db);
  return { ok: true };
}

/** The directory as the database holds it now, for rebuilding the router after an edit. */
export async function directoryFromDb(db: Db): Promise<Directory> {
  const codes = (await db.select({ code: agencies.code }).from(agencies).where(eq(agencies.active, true)).orderBy(asc(agencies.code))).map(
    (r) => r.code,
  );
  const out: ResolvedAgency[] = [];
  for (const code of codes) {
    const file = await exportAgency(db, code);
    const parsed = agencySchema.safeParse(file);
    if (!parsed.success) continue;
    const { defaults: _d, services: svcs, ...rest } = parsed.data;
    out.push({ ...rest, file: `agencies/${code}.json`, services: svcs.map((s) => resolveService(parsed.data, s)) });
  }
  return { agencies: out, cities: await exportCities(db) };
}
