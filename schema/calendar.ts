import { sql } from "drizzle-orm";
import { bigint, bigserial, date, index, jsonb, pgTable, serial, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";

// Holidays the national unit adds on top of the date-holidays rules for the
// configured country: imported from an ICS file or entered by hand. Rule-based
// holidays are computed, not stored, so a package update corrects them everywhere.
export const calendarHolidays = pgTable(
  "calendar_holidays",
  {
    id: serial("id").primaryKey(),
    date: date("date", { mode: "string" }).notNull(),
    nameAr: text("name_ar"),
    nameEn: text("name_en"),
    source: text("source", { enum: ["ics", "manual"] }).notNull(),
    // Whose calendar the day belongs to: "country:OM" (every agency of that country),
    // "agency:BURAIMI" (one agency), or "" (rows before 0014: the hub's own country).
    scope: text("scope").notNull().default(""),
    createdAt: timestamp("created_at", { withTimezone: true })
      .notNull()
      .default(sql`now()`),
  },
  (t) => [uniqueIndex("calendar_holidays_date_source_scope_uq").on(t.date, t.source, t.scope)],
);

// A counter per kind of configuration ("calendar", "directory"): every admin change bumps
// it in the same transaction, and each instance compares it per request and per job tick,
// so a change reaches every running hub without a restart (PGlite has no LISTEN/NOTIFY
// across processes; one indexed read is cheap).
export const hubVersions = pgTable("hub_versions", {
  name: text("name").primaryKey(),
  version: bigint("version", { mode: "number" }).notNull().default(0),
  updatedAt: timestamp("updated_at", { withTimezone: true })
    .notNull()
    .default(sql`now()`),
});

// A calendar change waiting to be applied to open deadlines. The re-planning job claims
// one row FOR UPDATE SKIP LOCKED and marks it done in the same transaction: exactly once
// across instances.
export const calendarChanges = pgTable(
  "calendar_changes",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    scope: text("scope").notNull(),
    reason: jsonb("reason").$type<{ kind: string; date?: string; nameAr?: string; nameEn?: string }>().notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull(),
    doneAt: timestamp("done_at", { withTimezone: true }),
  },
  (t) => [
    index("calendar_changes_pending_idx")
      .on(t.id)
      .where(sql`${t.doneAt} is null`),
  ],
);

// Who changed what in the admin pages, with the record before and after.
export const adminAudit = pgTable("admin_audit", {
  id: bigserial("id", { mode: "number" }).primaryKey(),
  actorId: uuid("actor_id"),
  at: timestamp("at", { withTimezone: true }).notNull(),
  entity: text("entity").notNull(),
  key: text("key").notNull(),
  before: jsonb("before"),
  after: jsonb("after"),
});
