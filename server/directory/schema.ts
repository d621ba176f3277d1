import { z } from "zod";

// The agency directory is data, edited by the national unit without code changes.
// Each file describes one agency; defaults apply so a file only states what differs
// (FixMyStreet's per-body configuration).

export const KINDS = ["complaint", "inquiry", "suggestion", "praise", "report"] as const;
export type Kind = (typeof KINDS)[number];

export const COMPLEXITY = ["routine", "complex", "critical"] as const;
export const IMPORTANCE = ["high", "medium", "low"] as const;
export const ACTION_TYPES = ["first_contact", "process", "third_party"] as const;

const code = z.string().regex(/^[A-Z][A-Z0-9_]{1,31}$/, "must be UPPER_SNAKE letters/digits, 2-32 characters");
const cityCode = z.string().regex(/^[a-z][a-z0-9_-]{1,47}$/, "must be a lower-case city code");
const nonEmpty = z.string().trim().min(1, "must not be empty");
export const bilingual = z.object({ ar: nonEmpty, en: nonEmpty }).strict();
const workingDays = z.number().int().min(0).max(365);

const slaDays = z
  .object({
    complaint: workingDays,
    inquiry: workingDays,
    suggestion: workingDays,
    praise: workingDays,
    report: workingDays,
  })
  .strict()
  .partial();

const escalationHours = z.tuple([
  z
    .number()
    .positive()
    .max(24 * 30),
  z
    .number()
    .positive()
    .max(24 * 30),
  z
    .number()
    .positive()
    .max(24 * 30),
]);

const priorReference = z
  .object({
    required: z.boolean(),
    // A JavaScript regular expression the citizen's prior request number must match.
    pattern: z.string().refine((p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }, "must be a valid regular expression"),
    label: bilingual,
    example: z.string().optional(),
  })
  .strict();

const classification = z
  .object({
    complexity: z.enum(COMPLEXITY),
    importance: z.enum(IMPORTANCE),
    action: z.enum(ACTION_TYPES),
  })
  .strict()
  .partial();

const phrases = z.array(nonEmpty);
const routingHints = z
  .object({
    ar: phrases.default([]),
    en: phrases.default([]),
    examples: z
      .object({ ar: phrases.default([]), en: phrases.default([]) })
      .strict()
      .default({ ar: [], en: [] }),
  })
  .strict();

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be a time of day HH:MM");
const weekday = z.enum(["sun", "mon", "tue", "wed", "thu", "fri", "sat"]);
// The agency's own calendar (issue 17 §1); what it leaves out comes from the hub's settings.
export const agencyCalendarSchema = z
  .object({
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, "must be a two-letter country code such as SA, OM or JO")
      .optional(),
    timeZone: z
      .string()
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat("en", { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, "must be an IANA time zone such as Asia/Muscat")
      .optional(),
    weekend: z
      .array(weekday)
      .max(6, "at least one day of the week must be a working day")
      .refine((w) => new Set(w).size === w.length, "must not repeat a day")
      .optional(),
    workingHours: z
      .object({ start: hhmm, end: hhmm })
      .strict()
      .refine((h) => h.start < h.end, "working hours must start before they end")
      .optional(),
  })
  .strict();

// "48h" (clock hours) or "3wd" (working days), as HUB_REOPEN_WINDOW.
const reopenWindow = z.string().regex(/^[1-9]\d{0,2}(wd|h)$/, "must be working days like 3wd or hours like 48h");

// Policy an agency may set once in `defaults` and a service may override.
const policy = z
  .object({
    kinds: z
      .array(z.enum(KINDS))
      .min(1)
      .refine((k) => new Set(k).size === k.length, "must not repeat a kind"),
    sla: slaDays,
    jurisdictionDays: workingDays,
    escalationHours,
    classification,
    reopenWindow,
    // When the resolution clock starts: on receipt (the seeds' reading, counting the
    // jurisdiction decision inside it) or on the agency's acceptance.
    clockStart: z.enum(["receipt", "acceptance"]),
  })
  .strict()
  .partial();

export const serviceSchema = policy
  .extend({
    code,
    name: bilingual,
    description: bilingual.optional(),
    priorReference: priorReference.optional(),
    hints: routingHints.default({ ar: [], en: [], examples: { ar: [], en: [] } }),
  })
  .strict();

const contact = z
  .object({
    title: bilingual,
    name: z.string().optional(),
    email: z.email("must be an email address"),
  })
  .strict();

export const agencySchema = z
  .object({
    code,
    name: bilingual,
    parent: code.optional(),
    // Either the whole country, or the cities (codes from agencies/cities.json) it serves.
    coverage: z.union([z.literal("national"), z.object({ cities: z.array(cityCode).min(1) }).strict()]),
    website: z.url().optional(),
    // Whether this agency's liaison officers and supervisors must use a second factor
    // (national-unit staff and admins always must).
    staffTotp: z.enum(["required", "optional"]).default("optional"),
    calendar: agencyCalendarSchema.optional(),
    escalation: z.tuple([contact, contact, contact]),
    defaults: policy.optional(),
    services: z.array(serviceSchema).min(1, "an agency needs at least one service"),
  })
  .strict()
  .superRefine((agency, ctx) => {
    const seen = new Set<string>();
    agency.services.forEach((s, i) => {
      if (seen.has(s.code)) ctx.addIssue({ code: "custom", path: ["services", i, "code"], message: `duplicate service code ${s.code}` });
      seen.add(s.code);
    });
  });

export const citySchema = z
  .object({
    code: cityCode,
    name: bilingual,
    region: bilingual,
    country: z.string().regex(/^[A-Z]{2}$/),
    /** Towns and districts in the city that complaints name instead of it (the router's gazetteer). */
    localities: z.array(bilingual).optional(),
  })
  .strict();
export const citiesFileSchema = z.array(citySchema).min(1);

export type AgencyFile = z.infer<typeof agencySchema>;
export type ServiceFile = z.infer<typeof serviceSchema>;
export type City = z.infer<typeof citySchema>;
