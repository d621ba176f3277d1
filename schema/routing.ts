import { jsonb, pgTable, text, timestamp, uuid, index } from "drizzle-orm/pg-core";
import { complaints } from "./complaints.ts";

// What the agencies decided, as the router learns it (server/routing/history.ts): one
// row per accepted complaint with the service that accepted it, the services that
// rejected it first (corrections), and the complaint's words as an unordered set of
// folded stems without digits, addresses or the complainant's names. The router only
// uses a word once two accepted complaints share it.
export const routingExamples = pgTable(
  "routing_examples",
  {
    complaintId: uuid("complaint_id")
      .primaryKey()
      .references(() => complaints.id, { onDelete: "cascade" }),
    agencyCode: text("agency_code").notNull(),
    serviceCode: text("service_code").notNull(),
    rejectedBy: jsonb("rejected_by").$type<{ agencyCode: string; serviceCode: string }[]>().notNull().default([]),
    routedBy: text("routed_by").notNull(),
    words: text("words").array().notNull(),
    acceptedAt: timestamp("accepted_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("routing_examples_accepted_idx").on(t.acceptedAt)],
);
