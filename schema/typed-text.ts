import { customType } from "drizzle-orm/pg-core";

/**
 * Bidi controls a person can type: embeddings and overrides (U+202A–E) and isolates
 * (U+2066–9). An override reverses what follows it; an isolate reorders a run and, left
 * open, the hub's own text after it ("Trojan Source", CVE-2021-42574), so an officer reads
 * another amount, account or reference than the one written. The marks U+200E/F and
 * U+061C only set the direction of neutrals and stay.
 */
export const TYPED_BIDI = /[\u202A-\u202E\u2066-\u2069]/g;

export function neutraliseBidi(s: string): string {
  return s.replace(TYPED_BIDI, "");
}

function neutraliseDeep(v: unknown): unknown {
  if (typeof v === "string") return neutraliseBidi(v);
  if (Array.isArray(v)) return v.map(neutraliseDeep);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, neutraliseDeep(x)]));
  return v;
}

// Citizen- and officer-written columns: stored as typed (the record is evidence, and the
// audit chain hashes it), but every read through the schema comes back without typed bidi
// controls, so no page, export or API answer shows them, whichever view renders the text.
// The hub's own formatter isolates references, numbers and dates (server/calendar/
// format.ts) after reading, so its isolates are untouched; that is why the HTML response
// guard cannot strip isolates itself.

/** A text column a person wrote. */
export const typedText = customType<{ data: string; driverData: string }>({
  dataType: () => "text",
  fromDriver: (v) => neutraliseBidi(String(v)),
});

/** A jsonb column holding what people wrote (an event's message or reason, a contact's name). */
export const typedJsonb = <T>(name: string) =>
  customType<{ data: T; driverData: unknown }>({
    dataType: () => "jsonb",
    // As drizzle's own jsonb column does on both drivers.
    toDriver: (v) => JSON.stringify(v),
    fromDriver: (v) => {
      let parsed: unknown = v;
      if (typeof v === "string") {
        try {
          parsed = JSON.parse(v);
        } catch {
          parsed = v;
        }
      }
      return neutraliseDeep(parsed) as T;
    },
  })(name);
