// The intake's SQL: the single statement that files a complaint (measured by
// `npm run bench:intake`: keep it one round trip), and the look-ups intake and staff
// registration make before deciding.

import { eq } from "drizzle-orm";
import { rawQuery, type Db } from "../db.ts";
import { citizens, complaintEvents, complaints } from "../../schema/index.ts";
import { enqueue, outboxKey } from "../notify/outbox.ts";
import type { StoredFile } from "../attachments/storage.ts";
import { newReference } from "./reference.ts";

// The columns a new complaint may be written with (the lifecycle sets the rest later).
type Insertable = typeof complaints.$inferInsert;
export type NewComplaint = Pick<
  Insertable,
  | "kind"
  | "status"
  | "citizenId"
  | "registeredBy"
  | "channel"
  | "identityVerified"
  | "contact"
  | "media"
  | "title"
  | "praisedStaff"
  | "staffConcerned"
  | "staffConcernedKey"
  | "text"
  | "city"
  | "district"
  | "lat"
  | "lng"
  | "agencyCode"
  | "serviceCode"
  | "routedBy"
  | "routingScore"
  | "suggestions"
  | "priorReference"
  | "notifyBy"
  | "complexity"
  | "importance"
  | "actionType"
  | "clientKey"
  | "jurisdictionDueAt"
  | "actionDueAt"
  | "slaNextAt"
  | "routedAt"
  | "createdAt"
  | "updatedAt"
>;

/**
 * What the write relies on from the directory, checked by the database in the same
 * statement: the intake decided from facts held in memory (server/directory/facts.ts),
 * and a city, agency or service switched off since then must not receive it.
 */
export interface WriteGuard {
  city: string;
  service: { id: number; kind: string; jurisdictionDays: number } | null;
}

export interface WriteSpec {
  values: NewComplaint;
  /** Already stored (AttachmentStorage.put): their bytes go into the row, or their object's key. */
  files: StoredFile[];
  /** Who filed it; "system" for a partner's filing (Open311), which names no person. */
  actor: { kind: "citizen" | "staff"; id: string } | { kind: "system"; id: null };
  /** Where the reference goes; null when there is nobody to tell (a media item). */
  notify: { channel: "sms" | "email"; recipient: string; lang: "ar" | "en" } | null;
  /** What the inbox search finds it by (see search.ts): title, text, complainant's name. */
  search: string;
  guard?: WriteGuard;
  /**
   * Which key makes a second send the same complaint: the citizen's client key (the
   * default), or a staff form's key per officer (registeredBy + clientKey, 0017).
   */
  sameAs?: "citizen" | "staff_form";
}

const isUniqueViolation = (e: unknown, on: string) =>
  String((e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code) === "23505" && String(e).includes(on);

/**
 * Runs `write` with a fresh random reference, and again with another on the rare
 * collision (1 in hundreds of millions): complaints and digital reports alike.
 */
export async function withNewReference<T>(prefix: "CMP" | "DR", now: Date, write: (reference: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await write(newReference(prefix, now.getUTCFullYear()));
    } catch (e) {
      if (isUniqueViolation(e, "reference")) continue;
      throw e;
    }
  }
  throw new Error(`could not allocate a unique ${prefix} reference`);
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const json = (v: unknown) => (v === null || v === undefined ? null : JSON.stringify(v));

// The complaint, its first event, its attachments and the message with its reference
// are ONE statement: atomic like a transaction, one round trip, and prepared (its text
// only varies with the number of files, at most ATTACHMENT_RULES.maxFiles + 1 texts).
// The guard CTE re-checks the directory facts the caller decided from; when it fails,
// or the client key already filed this complaint, nothing at all is written.
const statements = new Map<string, string>();
const CONFLICT = {
  citizen: "(citizen_id, client_key)",
  staff_form: "(registered_by, client_key) where registered_by is not null",
} as const;
function insertStatement(files: number, sameAs: keyof typeof CONFLICT): string {
  let s = statements.get(`${files}:${sameAs}`);
  if (s) return s;
  const fileRows = Array.from({ length: files }, (_, i) => {
    const p = 49 + i * 5;
    return `($${p}::text, $${p + 1}::text, $${p + 2}::int, $${p + 3}::bytea, $${p + 4}::text)`;
  });
  s = `with g as (
  select exists (select 1 from cities where code = $42 and active)
     and ($43::int is null or exists (
           select 1 from services s join agencies a on a.code = s.agency_code
            where s.id = $43::int and s.active and a.active and $44::text = any (s.kinds) and s.jurisdiction_days = $45::int)) as ok
), c as (
  insert into complaints (reference, kind, status, citizen_id, registered_by, channel, identity_verified, contact, media, title,
    text, city, district, lat, lng, agency_code, service_code, routed_by, routing_score, suggestions, prior_reference,
    notify_by, complexity, importance, action_type, client_key, jurisdiction_due_at, action_due_at, sla_next_at, routed_at,
    created_at, updated_at, search_doc, praised_staff, staff_concerned, staff_concerned_key)
  select $1, $2, $3, $4::uuid, $5::uuid, $6, $7::boolean, $8::jsonb, $9::jsonb, $10, $11, $12, $13, $14::float8, $15::float8,
    $16, $17, $18, $19::real, $20::jsonb, $21, $22, $23, $24, $25, $26, $27::timestamptz, $28::timestamptz, $29::timestamptz,
    $30::timestamptz, $31::timestamptz, $31::timestamptz, to_tsvector('simple', $32::text), $46::text,
    $47::text, $48::text
  from g where g.ok
  on conflict ${CONFLICT[sameAs]} do nothing
  returning id, reference
), e as (
  insert into complaint_events (complaint_id, actor_kind, actor_id, type, to_status, data, at)
  select c.id, $33, $34::uuid, 'submitted', $3, $35::jsonb, $31::timestamptz from c
), o as (
  -- The keys are server/notify/outbox.ts outboxKey's shape, built here in SQL to keep
  -- the write one statement: template:subject:occurrence[:who…]. The occurrence of the
  -- two intake messages is "filed" (a complaint is filed once).
  insert into outbox (channel, recipient, template, lang, payload, idempotency_key, next_attempt_at, created_at)
  select $36, $37, 'complaint_received', $38, jsonb_build_object('reference', c.reference, 'agencyCode', $39::text, 'status', $40::text),
         'complaint_received:' || c.id || ':filed', $31::timestamptz, $31::timestamptz
  from c where $41::boolean
), n as (
  -- Routed straight to an agency: one message per liaison officer and channel (email
  -- always, SMS when chosen), keyed as server/notify/agency.ts keys them (seed 003).
  insert into outbox (channel, recipient, template, lang, payload, idempotency_key, next_attempt_at, created_at)
  select x.channel, x.recipient, 'agency_new', su.lang,
         jsonb_build_object('reference', c.reference, 'kind', $2::text, 'agencyCode', $16::text, 'agency', jsonb_build_object('ar', a.name_ar, 'en', a.name_en))
           -- Praise: the agency is told whom it thanks (a staff member's name, not the citizen's data).
           || case when $46::text is null then '{}'::jsonb else jsonb_build_object('praisedStaff', $46::text) end,
         'agency_new:' || c.id || ':filed:' || su.id || ':' || x.channel, $31::timestamptz, $31::timestamptz
  from c
  join agencies a on a.code = $16::text
  join staff_roles r on r.agency_code = $16::text and r.role = 'liaison'
  join staff_users su on su.id = r.staff_id and su.active
  cross join lateral (values ('email', su.email), ('sms', case when su.notify_sms then su.mobile end)) as x (channel, recipient)
  where $3 = 'routed' and x.recipient is not null
  on conflict (idempotency_key) do nothing
), w as (
  -- And one delivery per endpoint of the agency that subscribed to complaint.routed,
  -- keyed as server/webhooks/store.ts enqueueWebhookEvents keys them.
  insert into outbox (channel, recipient, template, lang, payload, idempotency_key, next_attempt_at, created_at)
  select 'webhook', e.id::text, 'complaint.routed', 'en',
         jsonb_build_object('reference', c.reference, 'agency', $16::text, 'kind', $2::text, 'status', $3::text),
         'complaint.routed:' || c.id || ':filed:webhook:' || e.id, $31::timestamptz, $31::timestamptz
  from c
  join webhook_endpoints e on e.agency_code = $16::text and e.active and 'complaint.routed' = any (e.events)
  where $3 = 'routed'
  on conflict (idempotency_key) do nothing
)${
    files
      ? `, f as (
  insert into complaint_attachments (complaint_id, filename, content_type, size, data, storage_key)
  select c.id, v.filename, v.content_type, v.size, v.data, v.storage_key
    from c, (values ${fileRows.join(", ")}) as v (filename, content_type, size, data, storage_key)
)`
      : ""
  }
select g.ok, c.id, c.reference from g left join c on true`;
  statements.set(`${files}:${sameAs}`, s);
  return s;
}

export type WriteResult = { id: string; reference: string } | null | "guard_failed";

/**
 * The complaint, its attachments, its first event and the message that carries its
 * reference, in one statement. Returns null when the same citizen's client key already
 * filed it (the caller answers with that one), "guard_failed" when the directory facts
 * in `spec.guard` no longer hold (the caller decides again from the database).
 */
export async function writeComplaint(db: Db, spec: WriteSpec, now: Date): Promise<WriteResult> {
  const v = spec.values;
  const n = spec.notify;
  const agencyCode = v.agencyCode ?? null;
  return withNewReference("CMP", now, async (reference) => {
    const params: unknown[] = [
      reference,
      v.kind,
      v.status,
      v.citizenId ?? null,
      v.registeredBy ?? null,
      v.channel ?? "portal",
      v.identityVerified ?? true,
      json(v.contact),
      json(v.media),
      v.title ?? null,
      v.text,
      v.city,
      v.district ?? null,
      v.lat ?? null,
      v.lng ?? null,
      agencyCode,
      v.serviceCode ?? null,
      v.routedBy,
      v.routingScore ?? null,
      JSON.stringify(v.suggestions ?? []),
      v.priorReference ?? null,
      v.notifyBy,
      v.complexity,
      v.importance,
      v.actionType,
      v.clientKey ?? null,
      iso(v.jurisdictionDueAt),
      iso(v.actionDueAt),
      iso(v.slaNextAt),
      iso(v.routedAt),
      // created_at = updated_at = the event's and the message's time: one clock reading.
      now.toISOString(),
      spec.search,
      spec.actor.kind,
      spec.actor.id,
      JSON.stringify({ routedBy: v.routedBy, agencyCode, serviceCode: v.serviceCode ?? null, channel: v.channel ?? "portal" }),
      n?.channel ?? "sms",
      n?.recipient ?? "",
      n?.lang ?? "ar",
      agencyCode,
      v.status,
      n !== null,
      // The guard: with none given, only the city must exist (it always does for a caller that checked it).
      spec.guard?.city ?? v.city,
      spec.guard?.service?.id ?? null,
      spec.guard?.service?.kind ?? null,
      spec.guard?.service?.jurisdictionDays ?? null,
      v.praisedStaff ?? null,
      v.staffConcerned ?? null,
      v.staffConcernedKey ?? null,
    ];
    // A file in the object store is written with its key and no bytes (it was stored first).
    for (const f of spec.files) params.push(f.filename, f.contentType, f.bytes.length, f.key ? null : Buffer.from(f.bytes), f.key);
    const [row] = await rawQuery<{ ok: boolean; id: string | null; reference: string | null }>(
      db,
      insertStatement(spec.files.length, spec.sameAs ?? "citizen"),
      params,
    );
    if (!row?.ok) return "guard_failed" as const;
    return row.id ? { id: row.id, reference: row.reference! } : null;
  });
}

/**
 * Registered, resolved and closed at the first contact (seed 002 §5.1.9): the complaint
 * was written closed by writeComplaint (with no message); this records the close, its
 * event and the one message to the caller, in `tx`: the caller's transaction, the same
 * one that wrote the complaint, so the registration and its close stand or fall together.
 */
export async function recordFirstContactClose(
  tx: Db,
  c: { id: string; reference: string },
  close: { resolution: string; reopenUntil: Date; reopenUntilDay: string; agencyCode: string | null; actor: { kind: "staff"; id: string } },
  notify: { channel: "sms" | "email"; recipient: string; lang: "ar" | "en" } | null,
  now: Date,
): Promise<void> {
  await tx
    .update(complaints)
    .set({
      outcome: "resolved",
      resolution: close.resolution,
      acceptedAt: now,
      closedAt: now,
      reopenUntil: close.reopenUntil,
      closeWorkingDays: 0,
      closedOnTime: true,
      actionType: "first_contact",
      jurisdictionDueAt: null,
      actionDueAt: null,
      slaNextAt: null,
    })
    .where(eq(complaints.id, c.id));
  await tx.insert(complaintEvents).values({
    complaintId: c.id,
    actorKind: close.actor.kind,
    actorId: close.actor.id,
    type: "closed",
    fromStatus: "routed",
    toStatus: "closed",
    data: {
      outcome: "resolved",
      resolution: close.resolution,
      reopenUntil: close.reopenUntil.toISOString(),
      closeDays: 0,
      onTime: true,
      firstContact: true,
    },
    at: now,
  });
  if (notify) {
    const payload = {
      reference: c.reference,
      agencyCode: close.agencyCode,
      outcome: "resolved",
      summary: close.resolution,
      reopenUntil: close.reopenUntilDay,
    };
    await enqueue(
      tx,
      [{ ...notify, template: "complaint_closed", payload, key: outboxKey("complaint_closed", c.id, "first_contact") }],
      now,
    );
  }
}

// --- what intake reads before it decides -------------------------------------------

export interface CitizenAndPrior {
  mobile: string;
  email: string | null;
  lang: "ar" | "en";
  first_name: string;
  father_name: string;
  grandfather_name: string;
  family_name: string;
  reference: string | null;
  status: string | null;
  agency_code: string | null;
  service_code: string | null;
  routed_by: "citizen" | "location" | "text" | "triage" | null;
}

const CITIZEN_AND_PRIOR = `select p.mobile, p.email, p.lang, p.first_name, p.father_name, p.grandfather_name, p.family_name,
       c.reference, c.status, c.agency_code, c.service_code, c.routed_by
  from citizens p left join complaints c on c.citizen_id = p.id and c.client_key = $2::text
 where p.id = $1::uuid`;

/** Who files (for the message and the search) and what this client key already filed: one round trip. */
export async function citizenAndPrior(db: Db, citizenId: string, clientKey: string): Promise<CitizenAndPrior | null> {
  const [row] = await rawQuery<CitizenAndPrior>(db, CITIZEN_AND_PRIOR, [citizenId, clientKey]);
  return row ?? null;
}

/** The account of a verified national number, if its person has one. */
export async function citizenIdByNationalId(db: Db, nationalId: string): Promise<string | null> {
  const [account] = await db.select({ id: citizens.id }).from(citizens).where(eq(citizens.nationalId, nationalId));
  return account?.id ?? null;
}

/** What an officer's form key already registered, if anything. */
export async function staffRegistrationByFormKey(db: Db, staffId: string, formKey: string) {
  const [row] = await rawQuery<{
    reference: string;
    status: "routed" | "triage" | "closed";
    identity_verified: boolean;
    agency_code: string | null;
  }>(
    db,
    `select reference, status, identity_verified, agency_code from complaints where registered_by = $1::uuid and client_key = $2::text`,
    [staffId, formKey],
  );
  return row
    ? { reference: row.reference, status: row.status, identityVerified: row.identity_verified, agencyCode: row.agency_code }
    : null;
}
