import { sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { registryIdentities } from "../../schema/index.ts";
import type { RegistryRecord } from "./registry.ts";

export class CsvError extends Error {
  override name = "CsvError";
}

/** RFC 4180: commas, quoted fields with doubled quotes and line breaks, CRLF or LF. */
export function parseCsv(text: string): { rows: string[][]; lines: number[] } {
  const rows: string[][] = [];
  const lines: number[] = [];
  let field = "";
  let row: string[] = [];
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  const s = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"') {
        if (s[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"' && field === "") {
      quoted = true;
    } else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      if (ch === "\r" && s[i + 1] === "\n") i++;
      row.push(field);
      if (row.some((f) => f !== "")) {
        rows.push(row);
        lines.push(rowLine);
      }
      row = [];
      field = "";
      line++;
      rowLine = line;
    } else {
      field += ch;
    }
  }
  if (quoted) throw new CsvError(`line ${rowLine}: a quoted field is not closed`);
  row.push(field);
  if (row.some((f) => f !== "")) {
    rows.push(row);
    lines.push(rowLine);
  }
  return { rows, lines };
}

const COLUMNS = ["national_id", "first_name", "father_name", "grandfather_name", "family_name", "date_of_birth", "nationality"] as const;

/** Reads a registry extract; any bad row stops the whole import so the table is never half-loaded. */
export function parseRegistryCsv(text: string): RegistryRecord[] {
  const { rows, lines } = parseCsv(text);
  if (!rows.length) throw new CsvError("the file is empty");
  const header = rows[0]!.map((h) => h.trim().toLowerCase());
  const missing = COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new CsvError(`line 1: missing column(s) ${missing.join(", ")}`);
  const at = (r: string[], c: (typeof COLUMNS)[number]) => (r[header.indexOf(c)] ?? "").trim();
  const out: RegistryRecord[] = [];
  const seen = new Set<string>();
  rows.slice(1).forEach((r, i) => {
    const line = lines[i + 1]!;
    const rec: RegistryRecord = {
      nationalId: at(r, "national_id"),
      firstName: at(r, "first_name"),
      fatherName: at(r, "father_name"),
      grandfatherName: at(r, "grandfather_name"),
      familyName: at(r, "family_name"),
      dateOfBirth: at(r, "date_of_birth"),
      nationality: at(r, "nationality").toUpperCase(),
    };
    if (!/^\d{8,12}$/.test(rec.nationalId)) throw new CsvError(`line ${line}: national_id "${rec.nationalId}" must be 8 to 12 digits`);
    for (const c of ["firstName", "fatherName", "grandfatherName", "familyName"] as const) {
      if (!rec[c]) throw new CsvError(`line ${line}: ${c} is empty`);
    }
    const d = new Date(`${rec.dateOfBirth}T00:00:00Z`);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(rec.dateOfBirth) || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== rec.dateOfBirth) {
      throw new CsvError(`line ${line}: date_of_birth "${rec.dateOfBirth}" is not a date (YYYY-MM-DD)`);
    }
    if (!/^[A-Z]{2}$/.test(rec.nationality)) throw new CsvError(`line ${line}: nationality "${rec.nationality}" must be a two-letter code`);
    if (seen.has(rec.nationalId)) throw new CsvError(`line ${line}: national_id ${rec.nationalId} appears twice`);
    seen.add(rec.nationalId);
    out.push(rec);
  });
  return out;
}

// Rows per INSERT: 1,000 rows x 7 columns stays far below PostgreSQL's 65,535
// parameters, and one statement per thousand rows instead of one per row.
export const IMPORT_BATCH = 1000;

/** All or nothing (one transaction), inserted or updated by national id, 1,000 rows a statement. */
export async function importRegistry(db: Db, records: RegistryRecord[]): Promise<number> {
  await db.transaction(async (tx) => {
    for (let i = 0; i < records.length; i += IMPORT_BATCH) {
      await tx
        .insert(registryIdentities)
        .values(records.slice(i, i + IMPORT_BATCH))
        .onConflictDoUpdate({
          target: registryIdentities.nationalId,
          // The incoming row's values (parseRegistryCsv refuses a national id twice in one
          // file, which one statement could not update twice).
          set: {
            firstName: sql`excluded.first_name`,
            fatherName: sql`excluded.father_name`,
            grandfatherName: sql`excluded.grandfather_name`,
            familyName: sql`excluded.family_name`,
            dateOfBirth: sql`excluded.date_of_birth`,
            nationality: sql`excluded.nationality`,
          },
        });
    }
  });
  return records.length;
}
