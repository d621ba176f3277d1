import { sql } from "drizzle-orm";
import { date, pgTable, serial, text, timestamp, uniqueIndex } from "drizzle-orm/pg-core";

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
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().default(sql`now()`),
  },
  (t) => [uniqueIndex("calendar_holidays_date_source_uq").on(t.date, t.source)],
);
