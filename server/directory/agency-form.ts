// The admin page's field-by-field form for one agency and its services (issue 17 §4).
// Pure: the agency as its directory file in, the form's fields out, and back. The form
// changes only what it shows; everything else (website, parent, kinds, classification,
// the calendar, routing examples, services the form does not list) is carried over from
// the agency as stored, and the result is checked by the same zod schema as
// agencies/*.json (schema.ts), whose issues are turned into per-field messages here.

import { westernDigits } from "../text/arabic.ts";
import { KINDS, type AgencyFile, type Kind } from "./schema.ts";

export type FormFields = Record<string, string>;

/** A service's field name: `s-ROADS_POTHOLES-sla-complaint` (codes are [A-Z0-9_], so "-" never collides). */
export const svcField = (code: string, field: string) => `s-${code}-${field}`;
/** A city's coverage checkbox. */
export const cityField = (code: string) => `city-${code}`;
export const LEVELS = [1, 2, 3] as const;

const lines = (list: readonly string[] | undefined) => (list ?? []).join("\n");

/** The form's values for an agency as stored. */
export function agencyFormValues(a: AgencyFile): FormFields {
  const f: FormFields = {
    nameAr: a.name.ar,
    nameEn: a.name.en,
    coverage: a.coverage === "national" ? "national" : "cities",
  };
  if (a.coverage !== "national") for (const c of a.coverage.cities) f[cityField(c)] = "on";
  a.escalation.forEach((e, i) => {
    f[`esc${i + 1}TitleAr`] = e.title.ar;
    f[`esc${i + 1}TitleEn`] = e.title.en;
    f[`esc${i + 1}Name`] = e.name ?? "";
    f[`esc${i + 1}Email`] = e.email;
  });
  for (const s of a.services) {
    const k = (x: string) => svcField(s.code, x);
    f[k("nameAr")] = s.name.ar;
    f[k("nameEn")] = s.name.en;
    for (const kind of KINDS) f[k(`sla-${kind}`)] = s.sla?.[kind] === undefined ? "" : String(s.sla[kind]);
    f[k("jurisdictionDays")] = s.jurisdictionDays === undefined ? "" : String(s.jurisdictionDays);
    LEVELS.forEach((l, i) => (f[k(`esc${l}`)] = s.escalationHours ? String(s.escalationHours[i]) : ""));
    f[k("hintsAr")] = lines(s.hints.ar);
    f[k("hintsEn")] = lines(s.hints.en);
    if (s.priorReference?.required) f[k("prRequired")] = "on";
    f[k("prPattern")] = s.priorReference?.pattern ?? "";
    f[k("prLabelAr")] = s.priorReference?.label.ar ?? "";
    f[k("prLabelEn")] = s.priorReference?.label.en ?? "";
    f[k("prExample")] = s.priorReference?.example ?? "";
  }
  return f;
}

const text = (f: FormFields, name: string) => (f[name] ?? "").trim();
/** A number as typed (Arabic-Indic digits too); NaN when empty or not a number, so the schema refuses it. */
const num = (f: FormFields, name: string) => {
  const v = westernDigits(text(f, name));
  return v === "" ? Number.NaN : Number(v);
};
const phraseList = (f: FormFields, name: string) =>
  (f[name] ?? "")
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * The agency file the submitted form describes: the stored agency with the form's fields
 * put in. `cities` are the known city codes (only their checkboxes count). Not yet valid:
 * the caller checks it with agencySchema.
 */
export function agencyFromForm(a: AgencyFile, f: FormFields, cities: readonly string[]): Record<string, unknown> {
  const chosen = cities.filter((c) => f[cityField(c)] === "on");
  return {
    ...a,
    name: { ar: text(f, "nameAr"), en: text(f, "nameEn") },
    coverage: f.coverage === "national" ? "national" : { cities: chosen },
    escalation: a.escalation.map((e, i) => {
      const n = text(f, `esc${i + 1}Name`);
      const { name: _old, ...rest } = e;
      return {
        ...rest,
        title: { ar: text(f, `esc${i + 1}TitleAr`), en: text(f, `esc${i + 1}TitleEn`) },
        ...(n ? { name: n } : {}),
        email: text(f, `esc${i + 1}Email`),
      };
    }),
    services: a.services.map((s) => {
      const k = (x: string) => svcField(s.code, x);
      // A service the form did not carry (added meanwhile) keeps its stored values.
      if (f[k("nameAr")] === undefined) return s;
      const sla = Object.fromEntries(KINDS.map((kind) => [kind, num(f, k(`sla-${kind}`))])) as Record<Kind, number>;
      const pr = {
        pattern: text(f, k("prPattern")),
        ar: text(f, k("prLabelAr")),
        en: text(f, k("prLabelEn")),
        example: text(f, k("prExample")),
        required: f[k("prRequired")] === "on",
      };
      const anyPr = pr.required || pr.pattern || pr.ar || pr.en || pr.example;
      const { priorReference: _p, ...rest } = s;
      return {
        ...rest,
        name: { ar: text(f, k("nameAr")), en: text(f, k("nameEn")) },
        sla,
        jurisdictionDays: num(f, k("jurisdictionDays")),
        escalationHours: LEVELS.map((l) => num(f, k(`esc${l}`))),
        hints: { ...s.hints, ar: phraseList(f, k("hintsAr")), en: phraseList(f, k("hintsEn")) },
        ...(anyPr
          ? {
              priorReference: {
                required: pr.required,
                // Empty is left out so the schema names it as missing (an empty pattern matches anything).
                ...(pr.pattern ? { pattern: pr.pattern } : {}),
                label: { ar: pr.ar, en: pr.en },
                ...(pr.example ? { example: pr.example } : {}),
              },
            }
          : {}),
      };
    }),
  };
}

/** What a schema issue means for the person filling the form; the page words it in its language. */
export type FieldProblem =
  | { key: "required" }
  | { key: "wholeNumber"; min: number; max: number }
  | { key: "hours"; max: number }
  | { key: "email" }
  | { key: "pattern" }
  | { key: "cities" }
  | { key: "invalid" };

export interface SchemaIssue {
  path: readonly PropertyKey[];
  code: string;
  message: string;
}

/** The form field a schema issue is about, or null when the form has no such field (the JSON is the place for it). */
export function fieldOf(path: readonly PropertyKey[], a: AgencyFile): string | null {
  const [p0, p1, p2, p3, p4] = path;
  const lang = (x: PropertyKey | undefined) => (x === "ar" ? "Ar" : x === "en" ? "En" : null);
  if (p0 === "name" && lang(p1)) return `name${lang(p1)}`;
  if (p0 === "coverage") return "coverage";
  if (p0 === "escalation" && typeof p1 === "number" && p1 >= 0 && p1 < 3) {
    const l = p1 + 1;
    if (p2 === "title" && lang(p3)) return `esc${l}Title${lang(p3)}`;
    if (p2 === "email") return `esc${l}Email`;
    if (p2 === "name") return `esc${l}Name`;
    return null;
  }
  if (p0 === "services" && typeof p1 === "number") {
    const s = a.services[p1];
    if (!s) return null;
    const k = (x: string) => svcField(s.code, x);
    if (p2 === "name" && lang(p3)) return k(`name${lang(p3)}`);
    if (p2 === "sla" && typeof p3 === "string" && (KINDS as readonly string[]).includes(p3)) return k(`sla-${p3}`);
    if (p2 === "jurisdictionDays") return k("jurisdictionDays");
    if (p2 === "escalationHours" && typeof p3 === "number" && p3 >= 0 && p3 < 3) return k(`esc${p3 + 1}`);
    if (p2 === "hints" && lang(p3)) return k(`hints${lang(p3)}`);
    if (p2 === "priorReference") {
      if (p3 === "pattern") return k("prPattern");
      if (p3 === "example") return k("prExample");
      if (p3 === "label" && lang(p4)) return k(`prLabel${lang(p4)}`);
      return k("prPattern");
    }
  }
  return null;
}

/** The problem a schema issue names on a field, given what was typed in it. */
export function problemOf(issue: SchemaIssue, field: string, f: FormFields): FieldProblem {
  if (field === "coverage") return { key: "cities" };
  const raw = (f[field] ?? "").trim();
  if (raw === "" && !field.endsWith("hintsAr") && !field.endsWith("hintsEn")) return { key: "required" };
  if (/Email$/.test(field)) return { key: "email" };
  if (field.endsWith("-prPattern")) return { key: "pattern" };
  if (/-esc[123]$/.test(field)) return { key: "hours", max: 24 * 30 };
  if (/-(sla-[a-z]+|jurisdictionDays)$/.test(field)) return { key: "wholeNumber", min: 0, max: 365 };
  if (issue.code === "too_small") return { key: "required" };
  return { key: "invalid" };
}

/** The form's problems by field, and the issues no field shows (path: message, for the summary). */
export function formProblems(
  issues: readonly SchemaIssue[],
  a: AgencyFile,
  f: FormFields,
): { fields: Record<string, FieldProblem>; other: string[] } {
  const fields: Record<string, FieldProblem> = {};
  const other: string[] = [];
  for (const i of issues) {
    const field = fieldOf(i.path, a);
    if (!field) other.push(`${i.path.map(String).join(".")}: ${i.message}`);
    else fields[field] ??= problemOf(i, field, f);
  }
  return { fields, other };
}
