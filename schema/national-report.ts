import { integer, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { staffUsers } from "./identity.ts";

/**
 * The national unit's recommendations for one periodic report (seed 003: the unit
 * prepares periodic technical reports submitted to the Prime Minister). The figures are
 * computed; the recommendations are written by people, one text per period ("2026-Q3",
 * "2026"), each change audited in admin_audit with the text before and after.
 */
export const nationalReportNotes = pgTable("national_report_notes", {
  period: text("period").primaryKey(),
  recommendations: text("recommendations").notNull(),
  /** Bumped on each save, so two people editing at once do not silently overwrite each other. */
  version: integer("version").notNull().default(1),
  updatedBy: uuid("updated_by").references(() => staffUsers.id),
  updatedAt: timestamp("updated_at", { withTimezone: true }).notNull(),
});
