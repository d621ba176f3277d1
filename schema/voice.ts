import { index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { staffUsers } from "./identity.ts";
import { typedText } from "./typed-text.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Example quotes for the "voice of the beneficiary" page (seed 004 prints citizens' own
 * words). A reviewer chooses a digital report's or a complaint's text; the hub proposes
 * an anonymised version (server/kpi/anonymise.ts) which the reviewer edits and
 * publishes. The original is not copied here: it stays in its record. One quote per
 * source; `received_at` (the source's filing time) places the quote in a period.
 */
export const voiceQuotes = pgTable(
  "voice_quotes",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    sourceKind: text("source_kind", { enum: ["report", "complaint"] }).notNull(),
    sourceId: uuid("source_id").notNull(),
    sourceReference: text("source_reference").notNull(),
    agencyCode: text("agency_code"),
    receivedAt: ts("received_at").notNull(),
    /** What the anonymiser proposed when the quote was chosen. */
    proposed: typedText("proposed").notNull(),
    /** The reviewer's text: what is published. */
    text: typedText("text").notNull(),
    status: text("status", { enum: ["candidate", "published", "withdrawn"] }).notNull(),
    chosenBy: uuid("chosen_by").references(() => staffUsers.id),
    chosenAt: ts("chosen_at").notNull(),
    publishedBy: uuid("published_by").references(() => staffUsers.id),
    publishedAt: ts("published_at"),
    withdrawnBy: uuid("withdrawn_by").references(() => staffUsers.id),
    withdrawnAt: ts("withdrawn_at"),
    version: integer("version").notNull().default(1),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [uniqueIndex("voice_quotes_source_uq").on(t.sourceKind, t.sourceId), index("voice_quotes_period_idx").on(t.status, t.receivedAt)],
);
