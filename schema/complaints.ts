import { sql } from "drizzle-orm";
import {
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";
import { citizens, staffUsers } from "./identity.ts";
import { typedJsonb, typedText } from "./typed-text.ts";

const ts = (name: string) => timestamp(name, { withTimezone: true });
const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => "bytea" });
// Written with to_tsvector() on insert; read only by the inbox search.
const tsvector = customType<{ data: string }>({ dataType: () => "tsvector" });

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
    // Who complained, when staff registered it for someone without an account here (or a
    // partner filed it over Open311; `lang` is the language that partner asked in).
    contact: typedJsonb<{ nationalId?: string; name?: string; mobile?: string; email?: string; lang?: "ar" | "en" }>("contact"),
    // Seed 002 §5.2: complaints raised by media coverage.
    media: jsonb("media").$type<{ outlet: string; link?: string; clipping?: string; publishedOn: string }>(),
    title: typedText("title"),
    // Praise: the staff member the citizen thanks, as they wrote the name (their agency is agency_code).
    praisedStaff: typedText("praised_staff"),
    // A complaint about one staff member: the name as written, and folded for counting
    // repeats per person (server/complaints/staff-concerned.ts; migration 0033).
    staffConcerned: typedText("staff_concerned"),
    staffConcernedKey: text("staff_concerned_key"),
    text: typedText("text").notNull(),
    city: text("city").notNull(),
    district: typedText("district"),
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
    // --- lifecycle (server/complaints/lifecycle.ts) ---
    assignedTo: uuid("assigned_to").references(() => staffUsers.id),
    jurisdictionDueAt: ts("jurisdiction_due_at"),
    acceptedAt: ts("accepted_at"),
    resolutionDays: integer("resolution_days"),
    extensionReason: typedText("extension_reason"),
    dueAt: ts("due_at"),
    pausedAt: ts("paused_at"),
    pausedDays: integer("paused_days").notNull().default(0),
    infoDueAt: ts("info_due_at"),
    // The deadline the agency (or, while paused, the citizen) is working to: the inbox
    // sorts and finds due-soon and overdue work by this one column.
    actionDueAt: ts("action_due_at"),
    closedAt: ts("closed_at"),
    outcome: text("outcome"),
    resolution: typedText("resolution"),
    reopenUntil: ts("reopen_until"),
    reopenCount: integer("reopen_count").notNull().default(0),
    rejectionCount: integer("rejection_count").notNull().default(0),
    // The national unit's moves between agencies; with rejections they make the 3-move cap.
    transferCount: integer("transfer_count").notNull().default(0),
    // Rejected too often: the national unit decides instead of routing again.
    flagged: boolean("flagged").notNull().default(false),
    searchDoc: tsvector("search_doc"),
    // When the SLA job next has something to do for this complaint (server/sla/rules.ts).
    slaNextAt: ts("sla_next_at"),
    // When it last reached an agency (for the time to decide on jurisdiction).
    routedAt: ts("routed_at"),
    // Set at closing, for the reports: working days from filing, and whether in time.
    closeWorkingDays: integer("close_working_days"),
    closedOnTime: boolean("closed_on_time"),
    // The highest escalation level reached in the current cycle (0 = none).
    escalationLevel: integer("escalation_level").notNull().default(0),
    // Where the current resolution window counts from (receipt or acceptance, reopening,
    // push-back): a calendar change re-plans the due date from here (0014).
    dueFrom: ts("due_from"),
    // Past level 3 the complaint is the national unit's ("beyond the agency" queue).
    beyondAgencyAt: ts("beyond_agency_at"),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    // A retried submission (same citizen, same client key) is the same complaint.
    uniqueIndex("complaints_client_key_uq").on(t.citizenId, t.clientKey),
    // A staff registration form sent twice is one complaint (0017).
    uniqueIndex("complaints_staff_form_key_uq")
      .on(t.registeredBy, t.clientKey)
      .where(sql`${t.registeredBy} is not null`),
    index("complaints_citizen_idx").on(t.citizenId, t.createdAt),
    index("complaints_staff_concerned_idx")
      .on(t.agencyCode, t.staffConcernedKey)
      .where(sql`${t.staffConcernedKey} is not null`),
    index("complaints_triage_idx").on(t.status, t.createdAt),
    index("complaints_agency_idx").on(t.agencyCode, t.status, t.createdAt),
    // The liaison inbox: one index per way it reads (`npm run bench:inbox` shows the
    // plans). Migration 0004 adds INCLUDE (the filter columns) to these three by hand,
    // which drizzle cannot express: the inbox then filters on the index alone.
    index("complaints_inbox_idx").on(t.agencyCode, t.status, t.actionDueAt, t.id),
    index("complaints_inbox_due_idx")
      .on(t.agencyCode, t.actionDueAt, t.id)
      .where(sql`${t.status} in ('routed', 'in_progress')`),
    // Read backwards for "newest closed first".
    index("complaints_inbox_closed_idx")
      .on(t.agencyCode, t.closedAt, t.id)
      .where(sql`${t.status} in ('closed', 'withdrawn')`),
    // The filters that pick few rows of a tab lead after the agency (0022): their counts
    // and first page read only the matching entries.
    index("complaints_inbox_city_idx").on(t.agencyCode, t.city, t.status, t.actionDueAt, t.id),
    index("complaints_inbox_service_idx").on(t.agencyCode, t.serviceCode, t.status, t.actionDueAt, t.id),
    index("complaints_inbox_class_idx").on(t.agencyCode, t.importance, t.complexity, t.actionType, t.status, t.actionDueAt, t.id),
    index("complaints_assigned_idx").on(t.assignedTo, t.status),
    index("complaints_search_idx").using("gin", t.searchDoc),
    // The daily figures and the recurring-complaints report read by filing time.
    index("complaints_created_idx").on(t.createdAt),
    // The agency API's change feed polls (updated_at, id) per agency (0027).
    index("complaints_agency_changes_idx").on(t.agencyCode, t.updatedAt, t.id),
    index("complaints_beyond_agency_idx")
      .on(t.beyondAgencyAt)
      .where(sql`${t.beyondAgencyAt} is not null`),
    // Staff-registered complaints not yet linked to an account, by the verified national
    // number: every citizen sign-in looks here (server/complaints/link.ts).
    index("complaints_unlinked_national_id_idx")
      .on(sql`(${t.contact}->>'nationalId')`)
      .where(sql`${t.citizenId} is null`),
    index("complaints_sla_next_idx")
      .on(t.slaNextAt)
      .where(sql`${t.slaNextAt} is not null`),
    // The national unit's media list (0023).
    index("complaints_media_idx")
      .on(t.status, t.closedAt)
      .where(sql`${t.channel} = 'media'`),
  ],
);

export const complaintAttachments = pgTable("complaint_attachments", {
  id: uuid("id").primaryKey().defaultRandom(),
  complaintId: uuid("complaint_id")
    .notNull()
    .references(() => complaints.id),
  filename: typedText("filename").notNull(),
  contentType: text("content_type").notNull(),
  size: integer("size").notNull(),
  // The bytes, when kept in the database (the default); null when they are in the object
  // store under storage_key (migration 0024: one of the two is always set).
  data: bytea("data"),
  storageKey: text("storage_key"),
  // Set when the file came with a later step (the citizen's answer), not the filing.
  eventId: integer("event_id"),
  createdAt: ts("created_at")
    .notNull()
    .default(sql`now()`),
});

/**
 * The hash chain of an append-only audit table (migration 0016): set by a BEFORE INSERT
 * trigger on every insert whatever the writer passes (the defaults only let writers leave
 * them out); UPDATE and DELETE are refused by the database. Checked by `hub audit verify`.
 */
const auditChain = {
  /** 1, 2, 3… per complaint: a missing number is a deleted row. */
  seq: integer("seq").notNull().default(0),
  /** The previous row's hash; null for a complaint's first row. */
  prevHash: text("prev_hash"),
  /** sha256(prev_hash, canonical text of this row), hex. */
  hash: text("hash").notNull().default(""),
};

/** Every time staff saw a citizen's personal data: who, when, which complaint, what. */
export const personalDataViews = pgTable(
  "personal_data_views",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staffUsers.id),
    complaintId: uuid("complaint_id")
      .notNull()
      .references(() => complaints.id),
    fields: text("fields").array().notNull(),
    at: ts("at").notNull(),
    ...auditChain,
  },
  (t) => [
    index("personal_data_views_complaint_idx").on(t.complaintId, t.at),
    index("personal_data_views_staff_idx").on(t.staffId, t.at),
    uniqueIndex("personal_data_views_chain_idx").on(t.complaintId, t.seq),
  ],
);

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
    data: typedJsonb<Record<string, unknown>>("data").notNull().default({}),
    visibleToCitizen: boolean("visible_to_citizen").notNull().default(true),
    at: ts("at").notNull(),
    ...auditChain,
  },
  (t) => [
    index("complaint_events_complaint_idx").on(t.complaintId, t.id),
    index("complaint_events_type_at_idx").on(t.type, t.at),
    uniqueIndex("complaint_events_chain_idx").on(t.complaintId, t.seq),
  ],
);

/** Transactional outbox: written with the change, sent by a dispatcher. */
export const outbox = pgTable(
  "outbox",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    channel: text("channel", { enum: ["sms", "email", "webhook"] }).notNull(),
    recipient: text("recipient").notNull(),
    template: text("template").notNull(),
    lang: text("lang", { enum: ["ar", "en"] }).notNull(),
    payload: jsonb("payload").$type<Record<string, unknown>>().notNull(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    status: text("status", { enum: ["pending", "sent", "dead"] })
      .notNull()
      .default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull(),
    createdAt: ts("created_at").notNull(),
    sentAt: ts("sent_at"),
    // A dispatcher's lease on the row while it sends (null when nobody holds one): a
    // crashed sender's lease runs out and another takes the row; the attempt id makes
    // sure only the lease holder records the outcome.
    claimedUntil: ts("claimed_until"),
    attemptId: uuid("attempt_id"),
  },
  (t) => [index("outbox_pending_idx").on(t.status, t.nextAttemptAt)],
);

/** Each SLA event that fired: the unique key makes every warning and escalation happen once. */
export const slaEvents = pgTable(
  "sla_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    complaintId: uuid("complaint_id")
      .notNull()
      .references(() => complaints.id),
    key: text("key").notNull(),
    kind: text("kind").notNull(),
    level: integer("level").notNull().default(0),
    agencyCode: text("agency_code"),
    // When the deadline fell, and when the job acted on it (later after downtime).
    dueAt: ts("due_at").notNull(),
    firedAt: ts("fired_at").notNull(),
  },
  (t) => [
    uniqueIndex("sla_events_key_uq").on(t.complaintId, t.key),
    index("sla_events_agency_idx").on(t.agencyCode, t.level, t.firedAt),
    index("sla_events_fired_idx").on(t.firedAt),
  ],
);

/** Satisfaction invitations (single-use links) and the ratings citizens give. */
export const satisfaction = pgTable(
  "satisfaction",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    complaintId: uuid("complaint_id")
      .notNull()
      .references(() => complaints.id),
    agencyCode: text("agency_code"),
    tokenHash: text("token_hash").notNull().unique(),
    invitedAt: ts("invited_at").notNull(),
    expiresAt: ts("expires_at").notNull(),
    answeredAt: ts("answered_at"),
    resolved: text("resolved", { enum: ["yes", "partly", "no"] }),
    stars: integer("stars"),
    comment: typedText("comment"),
  },
  (t) => [index("satisfaction_complaint_idx").on(t.complaintId), index("satisfaction_agency_idx").on(t.agencyCode, t.answeredAt)],
);

/**
 * Digital reports (بلاغ رقمي, seed 004): the citizen's escalation past an agency, or a
 * suggestion to improve or digitise a service, answered by the national unit within
 * 5 working days.
 */
export const digitalReports = pgTable(
  "digital_reports",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reference: text("reference").notNull().unique(),
    type: text("type", { enum: ["escalation", "service_improvement", "digital_transformation"] }).notNull(),
    status: text("status", { enum: ["open", "awaiting_agency", "closed"] }).notNull(),
    citizenId: uuid("citizen_id")
      .notNull()
      .references(() => citizens.id),
    complaintId: uuid("complaint_id").references(() => complaints.id),
    // Why an escalation was eligible (overdue, closed_unprocessed, rated_unresolved, no_news).
    ground: text("ground"),
    agencyCode: text("agency_code").notNull(),
    serviceCode: text("service_code"),
    text: typedText("text").notNull(),
    dueAt: ts("due_at").notNull(),
    answer: typedText("answer"),
    answeredAt: ts("answered_at"),
    outcome: text("outcome"),
    closedAt: ts("closed_at"),
    // The citizen's rating of the unit's answer, like a complaint's.
    ratingResolved: text("rating_resolved", { enum: ["yes", "partly", "no"] }),
    ratingStars: integer("rating_stars"),
    ratedAt: ts("rated_at"),
    // The reviewer's judgement (migration 0031): the report came from a technical fault
    // the citizen met (seed 004's "technical faults" share). null: not assessed yet.
    technicalFault: boolean("technical_fault"),
    version: integer("version").notNull().default(1),
    clientKey: text("client_key"),
    createdAt: ts("created_at").notNull(),
    updatedAt: ts("updated_at").notNull(),
  },
  (t) => [
    uniqueIndex("digital_reports_client_key_uq").on(t.citizenId, t.clientKey),
    index("digital_reports_queue_idx").on(t.status, t.dueAt),
    index("digital_reports_citizen_idx").on(t.citizenId, t.createdAt),
    index("digital_reports_agency_idx").on(t.agencyCode, t.createdAt),
    // The voice-of-the-beneficiary page reads a period of reports across agencies.
    index("digital_reports_created_idx").on(t.createdAt),
  ],
);

/** A digital report's timeline (append-only, like complaint_events). */
export const reportEvents = pgTable(
  "report_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => digitalReports.id),
    actorKind: text("actor_kind", { enum: ["citizen", "staff", "system"] }).notNull(),
    actorId: uuid("actor_id"),
    type: text("type").notNull(),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    visibleToCitizen: boolean("visible_to_citizen").notNull().default(true),
    at: ts("at").notNull(),
  },
  (t) => [index("report_events_report_idx").on(t.reportId, t.id)],
);

/** The national unit's question to an agency about a report, with its own deadline. */
export const reportFollowups = pgTable(
  "report_followups",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => digitalReports.id),
    agencyCode: text("agency_code").notNull(),
    question: text("question").notNull(),
    askedBy: uuid("asked_by").references(() => staffUsers.id),
    askedAt: ts("asked_at").notNull(),
    dueAt: ts("due_at").notNull(),
    answer: text("answer"),
    answeredBy: uuid("answered_by").references(() => staffUsers.id),
    answeredAt: ts("answered_at"),
  },
  (t) => [
    index("report_followups_agency_idx").on(t.agencyCode, t.answeredAt, t.dueAt),
    index("report_followups_report_idx").on(t.reportId),
  ],
);

/**
 * Daily figures for the national unit's reports, one row per day, agency, service and
 * measure (and a dimension such as kind:channel or an outcome). Additive, so any period
 * is a sum; maintained by the kpi job from the source tables (server/kpi/aggregate.ts).
 */
export const kpiDaily = pgTable(
  "kpi_daily",
  {
    day: text("day").notNull(),
    agencyCode: text("agency_code").notNull(),
    serviceCode: text("service_code").notNull().default(""),
    metric: text("metric").notNull(),
    dim: text("dim").notNull().default(""),
    value: doublePrecision("value").notNull(),
  },
  (t) => [
    uniqueIndex("kpi_daily_uq").on(t.day, t.agencyCode, t.serviceCode, t.metric, t.dim),
    index("kpi_daily_metric_idx").on(t.metric, t.day),
  ],
);

/** SLA events of digital reports and of the unit's questions to agencies (fired once each). */
export const reportSlaEvents = pgTable(
  "report_sla_events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    reportId: uuid("report_id")
      .notNull()
      .references(() => digitalReports.id),
    key: text("key").notNull(),
    kind: text("kind").notNull(),
    dueAt: ts("due_at").notNull(),
    firedAt: ts("fired_at").notNull(),
  },
  (t) => [uniqueIndex("report_sla_events_key_uq").on(t.reportId, t.key)],
);
