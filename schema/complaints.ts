import { sql } from "drizzle-orm";
import { bigserial, boolean, customType, doublePrecision, index, integer, jsonb, pgTable, real, text, timestamp, uniqueIndex, uuid } from "drizzle-orm/pg-core";
import { citizens, staffUsers } from "./identity.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });

export const complaints = pgTable(
  "complaints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reference: text("reference").notNull().unique(),
    kind: text("kind", { enum: ["complaint", "inquiry", "suggestion", "praise", "report"] }).notNull(),
    status: text("status", { enum: ["triage", "routed", "in_progress", "awaiting_citizen", "closed", "withdrawn"] }).notNull(),
    citizenId: uuid("citizen_id").references(() => citizens.id),
    registeredBy: uuid("registered_by").references(() => staffUsers.id),
    channel: text("channel").notNull().default("portal"),
    identityVerified: boolean("identity_verified").notNull().default(true),
    // Who complained, when staff registered it for someone without an account here.
    contact: jsonb("contact").$type<{ nationalId?: string; name?: string; mobile?: string; email?: string }>(),
    // Seed 002 §5.2: complaints raised by media coverage.
    media: jsonb("media").$type<{ outlet: string; link?: string; clipping?: string; publishedOn: string }>(),
    title: text("title"),
    text: text("text").notNull(),
    city: text("city").notNull(),
    district: text("district"),
    lat: doublePrecision("lat"),
    lng: doublePrecision("lng"),
    agencyCode: text("agency_code"),
    serviceCode: text("service_code"),
    routedBy: text("routed_by", { enum: ["citizen", "location", "text", "triage"] }).notNull(),
    routingScore: real("routing_score"),
    suggestions: jsonb("suggestions").$type<{ agencyCode: string; serviceCode: string; score: number }[]>().notNull().default([]),
    priorReference: text("prior_reference"),
    notifyBy: text("notify_by", { enum: ["sms", "email"] }).notNull(),
    complexity: text("complexity").notNull(),
    importance: text("importance").notNull(),
    actionType: text("action_type").notNull(),
    clientKey: text("client_key"),
    version: integer("version").notNull().default(1),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    // A retried submission (same citizen, same client key) is the same complaint.
    uniqueIndex("complaints_client_key_uq").on(t.citizenId, t.clientKey),
    index("complaints_citizen_idx").on(t.citizenId, t.createdAt),
    index("complaints_triage_idx").on(t.status, t.createdAt),
    index("complaints_agency_idx").on(t.agencyCode, t.status, t.createdAt),
  ],
);

export const complaintAttachments = pgTable("complaint_attachments", {
  id: uuid("id").primaryKey().defaultRandom(),
  complaintId: uuid("complaint_id")
    .notNull()
    .references(() => complaints.id),
  filename: text("filename").notNull(),
  contentType: text("content_type").notNull(),
  size: integer("size").notNull(),
  data: bytea("data").notNull(),
  createdAt: ts("created_at").notNull().default(sql`now()`),
});

/** Append-only: the timeline is drawn from these rows. */
export const complaintEvents = pgTable(
  "complaint_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    complaintId: uuid("complaint_id")
      .notNull()
      .references(() => complaints.id),
    actorKind: text("actor_kind", { enum: ["citizen", "staff", "system"] }).notNull(),
    actorId: uuid("actor_id"),
    type: text("type").notNull(),
    fromStatus: text("from_status"),
    toStatus: text("to_status"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    visibleToCitizen: boolean("visible_to_citizen").notNull().default(true),
    at: ts("at").notNull(),
  },
  (t) => [index("complaint_events_complaint_idx").on(t.complaintId, t.id)],
);

/** Transactional outbox: written with the change, sent by a dispatcher. */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    channel: text("channel", { enum: ["sms", "email"] }).notNull(),
    recipient: text("recipient").notNull(),
    template: text("template").notNull(),
    lang: text("lang", { enum: ["ar", "en"] }).notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    status: text("status", { enum: ["pending", "sent", "dead"] }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull(),
    createdAt: ts("created_at").notNull(),
    sentAt: ts("sent_at"),
  },
  (t) => [index("outbox_pending_idx").on(t.status, t.nextAttemptAt)],
);
