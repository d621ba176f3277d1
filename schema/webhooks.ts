import { sql } from "drizzle-orm";
import { boolean, check, index, pgTable, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { agencies } from "./directory.ts";
import { apiClients } from "./api-clients.ts";
import { staffUsers } from "./identity.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * An agency's HTTPS endpoint and the events it wants (issue 18 item 3). Deliveries are
 * outbox rows (channel "webhook", recipient = this row's id), so they share the
 * outbox's lease, backoff and dead letters. The signing secret is shown once when the
 * endpoint is made and kept sealed with the hub's SecretBox: the hub must sign with it,
 * so a digest would not do, and a copy of the database alone cannot forge deliveries.
 */
export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    /** Whose events it receives: only this agency's complaints, never another's. */
    agencyCode: text("agency_code")
      .notNull()
      .references(() => agencies.code),
    /** The agency's API client it belongs to, when it was made for one (optional). */
    apiClientId: uuid("api_client_id").references(() => apiClients.id),
    url: text("url").notNull(),
    secretSealed: text("secret_sealed").notNull(),
    events: text("events").array().notNull(),
    active: boolean("active").notNull().default(true),
    createdBy: uuid("created_by").references(() => staffUsers.id),
    createdAt: ts("created_at").notNull(),
    disabledAt: ts("disabled_at"),
  },
  (t) => [
    check("webhook_endpoints_disabled", sql`${t.active} = (${t.disabledAt} is null)`),
    index("webhook_endpoints_agency_idx").on(t.agencyCode, t.active),
  ],
);

export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
