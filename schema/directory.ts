import { sql } from "drizzle-orm";
import { boolean, integer, jsonb, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

export interface AgencyCalendarColumn {
  country?: string;
  timeZone?: string;
  weekend?: string[];
  workingHours?: { start: string; end: string };
}

// Agencies and services mirror agencies/*.json. They are upserted by code at start-up
// and never deleted: complaints will reference them long after a file changes.

export const agencies = pgTable("agencies", {
  code: text("code").primaryKey(),
  nameAr: text("name_ar").notNull(),
  nameEn: text("name_en").notNull(),
  parentCode: text("parent_code"),
  // null = national coverage; otherwise the city codes the agency serves.
  cities: text("cities").array(),
  website: text("website"),
  staffTotp: text("staff_totp", { enum: ["required", "optional"] })
    .notNull()
    .default("optional"),
  escalation: jsonb("escalation").$type<{ title: { ar: string; en: string }; name?: string; email: string }[]>().notNull(),
  // The agency's own calendar (country, zone, weekend, working hours); null = the hub's.
  calendar: jsonb("calendar").$type<AgencyCalendarColumn>(),
  sourceFile: text("source_file").notNull(),
  active: boolean("active").notNull().default(true),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .default(sql`now()`),
});

export const services = pgTable(
  "services",
  {
    id: serial("id").primaryKey(),
    agencyCode: text("agency_code")
      .notNull()
      .references(() => agencies.code),
    code: text("code").notNull(),
    nameAr: text("name_ar").notNull(),
    nameEn: text("name_en").notNull(),
    kinds: text("kinds").array().notNull(),
    // Working days per kind of submission (seed 001's per-service table).
    slaDays: jsonb("sla_days").$type<Record<string, number>>().notNull(),
    jurisdictionDays: integer("jurisdiction_days").notNull(),
    escalationHours: integer("escalation_hours").array().notNull(),
    priorRefRequired: boolean("prior_ref_required").notNull().default(false),
    priorRefPattern: text("prior_ref_pattern"),
    priorRefLabel: jsonb("prior_ref_label").$type<{ ar: string; en: string }>(),
    complexity: text("complexity").notNull(),
    importance: text("importance").notNull(),
    actionType: text("action_type").notNull(),
    // Seed 001 uses both 48 hours and 3 working days: null = the hub's HUB_REOPEN_WINDOW.
    reopenWindow: text("reopen_window"),
    // When the resolution clock starts: on receipt (the seeds' reading) or on acceptance.
    clockStart: text("clock_start", { enum: ["receipt", "acceptance"] })
      .notNull()
      .default("receipt"),
    hints: jsonb("hints").$type<{ ar: string[]; en: string[]; examples: { ar: string[]; en: string[] } }>().notNull(),
    active: boolean("active").notNull().default(true),
    updatedAt: timestamp("updated_at", { withTimezone: true })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [uniqueIndex("services_agency_code_uq").on(t.agencyCode, t.code)],
);

export const cities = pgTable("cities", {
  code: text("code").primaryKey(),
  nameAr: text("name_ar").notNull(),
  nameEn: text("name_en").notNull(),
  regionAr: text("region_ar").notNull(),
  regionEn: text("region_en").notNull(),
  country: text("country").notNull(),
  active: boolean("active").notNull().default(true),
  // Towns and districts inside the city that citizens name instead of it (the router's
  // gazetteer when the city field is empty): [{ ar, en }].
  localities: jsonb("localities").$type<{ ar: string; en: string }[]>().notNull().default([]),
});
