import { sql } from "drizzle-orm";
import { bigint, boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The `db` civil-registry adapter's copy of the registry, loaded from CSV. In
 * production the `http` adapter asks the real registry and this table stays empty.
 */
export const registryIdentities = pgTable("registry_identities", {
  nationalId: text("national_id").primaryKey(),
  firstName: text("first_name").notNull(),
  fatherName: text("father_name").notNull(),
  grandfatherName: text("grandfather_name").notNull(),
  familyName: text("family_name").notNull(),
  dateOfBirth: date("date_of_birth", { mode: "string" }).notNull(),
  nationality: text("nationality").notNull(),
  importedAt: ts("imported_at")
    .notNull()
    .default(sql`now()`),
});

export const citizens = pgTable("citizens", {
  id: uuid("id").primaryKey().defaultRandom(),
  nationalId: text("national_id").notNull().unique(),
  nationality: text("nationality").notNull(),
  firstName: text("first_name").notNull(),
  fatherName: text("father_name").notNull(),
  grandfatherName: text("grandfather_name").notNull(),
  familyName: text("family_name").notNull(),
  dateOfBirth: date("date_of_birth", { mode: "string" }).notNull(),
  mobile: text("mobile").notNull(),
  email: text("email"),
  country: text("country").notNull(),
  city: text("city").notNull(),
  address: text("address").notNull(),
  passwordHash: text("password_hash").notNull(),
  notifyBy: text("notify_by", { enum: ["sms", "email"] })
    .notNull()
    .default("sms"),
  lang: text("lang", { enum: ["ar", "en"] })
    .notNull()
    .default("ar"),
  policyAcceptedAt: ts("policy_accepted_at").notNull(),
  mobileVerifiedAt: ts("mobile_verified_at").notNull(),
  createdAt: ts("created_at")
    .notNull()
    .default(sql`now()`),
  updatedAt: ts("updated_at")
    .notNull()
    .default(sql`now()`),
});

/**
 * A 5-digit SMS code waiting to be typed. Only a hash of the code is kept. For a
 * registration, the validated form (with the password already hashed) waits here
 * too, so no citizen row exists until the mobile is confirmed.
 */
export const otpChallenges = pgTable(
  "otp_challenges",
  {
    id: text("id").primaryKey(),
    // "track": following one complaint without an account (server/complaints/track.ts).
    purpose: text("purpose", { enum: ["register", "reset_password", "change_mobile", "track"] }).notNull(),
    mobile: text("mobile").notNull(),
    citizenId: uuid("citizen_id").references(() => citizens.id),
    payload: jsonb("payload").$type<Record<string, unknown>>(),
    codeHash: text("code_hash").notNull(),
    attempts: integer("attempts").notNull().default(0),
    sends: integer("sends").notNull().default(1),
    lastSentAt: ts("last_sent_at").notNull(),
    expiresAt: ts("expires_at").notNull(),
    lockedAt: ts("locked_at"),
    consumedAt: ts("consumed_at"),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [index("otp_challenges_mobile_idx").on(t.mobile, t.lastSentAt)],
);

export const staffUsers = pgTable("staff_users", {
  id: uuid("id").primaryKey().defaultRandom(),
  email: text("email").notNull().unique(),
  fullName: text("full_name").notNull(),
  passwordHash: text("password_hash"),
  // AES-GCM encrypted with the hub's secret key: a TOTP key is a password's equal.
  totpKeyEnc: text("totp_key_enc"),
  // The last 30-second TOTP step used to sign in: a code works once (RFC 6238 §5.2).
  totpLastStep: bigint("totp_last_step", { mode: "number" }),
  active: boolean("active").notNull().default(true),
  // How the officer hears of new work (server/notify/agency.ts): email always, SMS too
  // when they chose it and gave a number; the daily digest is opt-in.
  mobile: text("mobile"),
  notifySms: boolean("notify_sms").notNull().default(false),
  dailyDigest: boolean("daily_digest").notNull().default(false),
  lang: text("lang", { enum: ["ar", "en"] })
    .notNull()
    .default("ar"),
  // The inbox counts what arrived since the officer last opened it.
  inboxSeenAt: ts("inbox_seen_at"),
  createdAt: ts("created_at")
    .notNull()
    .default(sql`now()`),
});

export const staffRoles = pgTable(
  "staff_roles",
  {
    staffId: uuid("staff_id")
      .notNull()
      .references(() => staffUsers.id, { onDelete: "cascade" }),
    role: text("role", { enum: ["liaison", "agency_supervisor", "triage", "reviewer", "analyst", "admin"] }).notNull(),
    // '' for national-unit roles, so the primary key needs no nullable column.
    agencyCode: text("agency_code").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.staffId, t.role, t.agencyCode] })],
);

/** One-time set-password links; only the token's hash is stored. */
export const staffInvites = pgTable("staff_invites", {
  tokenHash: text("token_hash").primaryKey(),
  staffId: uuid("staff_id")
    .notNull()
    .references(() => staffUsers.id, { onDelete: "cascade" }),
  expiresAt: ts("expires_at").notNull(),
  usedAt: ts("used_at"),
  createdAt: ts("created_at").notNull(),
});

/** Lucia's session design: the cookie carries id.secret; only SHA-256(secret) is stored. */
export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    secretHash: text("secret_hash").notNull(),
    // "track" sessions are scoped to one complaint: user_id is then the complaint's id.
    realm: text("realm", { enum: ["citizen", "staff", "track"] }).notNull(),
    userId: uuid("user_id").notNull(),
    createdAt: ts("created_at").notNull(),
    lastActiveAt: ts("last_active_at").notNull(),
  },
  (t) => [index("sessions_user_idx").on(t.realm, t.userId)],
);

/** Fixed-window counters shared by every hub instance through the database. */
export const rateLimits = pgTable(
  "rate_limits",
  {
    key: text("key").notNull(),
    windowStart: ts("window_start").notNull(),
    count: integer("count").notNull(),
  },
  (t) => [primaryKey({ columns: [t.key, t.windowStart] })],
);
