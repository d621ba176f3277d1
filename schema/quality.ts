import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { complaints } from "./complaints.ts";
import { staffUsers } from "./identity.ts";
import { typedText } from "./typed-text.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The national unit's quality audit (seed 002 §5.3, "accuracy and quality"): each
 * quarter a reproducible random sample of closed cases per agency, each scored by a
 * reviewer on four criteria, 0–2 (server/quality/audit.ts). The scores stay null until
 * scored; the quality KPI reads the scored ones by the time of the sampled close.
 */
export const qualityAudits = pgTable(
  "quality_audits",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** "2026-Q4": the quarter whose closes were sampled. */
    period: text("period").notNull(),
    agencyCode: text("agency_code").notNull(),
    complaintId: uuid("complaint_id")
      .notNull()
      .references(() => complaints.id),
    kind: text("kind").notNull(),
    /** The close that was sampled (a later reopening and close does not move it). */
    closedAt: ts("closed_at").notNull(),
    sampledAt: ts("sampled_at").notNull(),
    addressed: integer("addressed"),
    correct: integer("correct"),
    clear: integer("clear"),
    complete: integer("complete"),
    note: typedText("note"),
    reviewerId: uuid("reviewer_id").references(() => staffUsers.id),
    scoredAt: ts("scored_at"),
  },
  (t) => [
    uniqueIndex("quality_audits_period_complaint_uq").on(t.period, t.complaintId),
    index("quality_audits_agency_idx").on(t.agencyCode, t.period),
    index("quality_audits_closed_idx").on(t.closedAt),
  ],
);
