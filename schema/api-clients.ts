import { sql } from "drizzle-orm";
import { bigserial, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { agencies } from "./directory.ts";
import { staffUsers } from "./identity.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Machine callers (issue 18): an agency's own case system (scoped to that one agency,
 * the agency API) or a partner system that files on citizens' behalf (Open311). The key
 * itself is shown once when it is made; only its SHA-256 is kept, and its first
 * characters (`prefix`) so an admin can tell keys apart in a list and in the audit.
 */
export const apiClients = pgTable(
  "api_clients",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    kind: text("kind", { enum: ["agency", "partner"] }).notNull(),
    /** The one agency an agency key may act for; null for a partner. */
    agencyCode: text("agency_code").references(() => agencies.code),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull().unique(),
    /** Requests per minute this key may make. */
    rateLimit: integer("rate_limit").notNull().default(120),
    createdBy: uuid("created_by").references(() => staffUsers.id),
    createdAt: ts("created_at").notNull(),
    revokedAt: ts("revoked_at"),
    revokedBy: uuid("revoked_by").references(() => staffUsers.id),
    lastUsedAt: ts("last_used_at"),
    /**
     * An agency key's own staff account (0027): inactive, without password or role rows,
     * so it never signs in and is never notified; events and personal-data views the key
     * causes name it, as they name an officer.
     */
    staffId: uuid("staff_id").references(() => staffUsers.id),
  },
  (t) => [
    check("api_clients_scope", sql`(${t.kind} = 'agency') = (${t.agencyCode} is not null)`),
    index("api_clients_agency_idx").on(t.agencyCode),
    uniqueIndex("api_clients_staff_idx").on(t.staffId),
  ],
);

/** Every use of a key: who called what, and what the hub answered. */
export const apiClientUses = pgTable(
  "api_client_uses",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    clientId: uuid("client_id")
      .notNull()
      .references(() => apiClients.id),
    method: text("method").notNull(),
    /** The route's pattern with the complaint's reference, never a query string. */
    path: text("path").notNull(),
    status: integer("status").notNull(),
    reference: text("reference"),
    at: ts("at").notNull(),
  },
  (t) => [index("api_client_uses_client_idx").on(t.clientId, t.at)],
);

export type ApiClient = typeof apiClients.$inferSelect;
