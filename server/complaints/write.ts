import { rawQuery, type Db } from "../db.ts";
import type { complaints } from "../../schema/index.ts";
import type { CheckedFile } from "./attachments.ts";
import { newReference } from "./reference.ts";

// The columns a new complaint may be written with (the lifecycle sets the rest later).
type Insertable = typeof complaints.$inferInsert;
export type NewComplaint = Pick<
  Insertable,
  | "kind" | "status" | "citizenId" | "registeredBy" | "channel" | "identityVerified" | "contact" | "media" | "title" | "text"
  | "city" | "district" | "lat" | "lng" | "agencyCode" | "serviceCode" | "routedBy" | "routingScore" | "suggestions"
  | "priorReference" | "notifyBy" | "complexity" | "importance" | "actionType" | "clientKey" | "jurisdictionDueAt"
  | "actionDueAt" | "slaNextAt" | "routedAt" | "createdAt" | "updatedAt"
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
  files: CheckedFile[];
  actor: { kind: "citizen" | "staff"; id: string };
  /** Where the reference goes; null when there is nobody to tell (a media item). */
  notify: { channel: "sms" | "email"; recipient: string; lang: "ar" | "en" } | null;
  /** What the inbox search finds it by (see search.ts): title, text, complainant's name. */
  search: string;
  guard?: WriteGuard;
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
const statements = new Map<number, string>();
function insertStatement(files: number): string {
  let s = statements.get(files);
  if (s) return s;
  const fileRows = Array.from({ length: files }, (_, i) => {
    const p = 46 + i * 4;
    return `($${p}::text, $${p + 1}::text, $${p + 2}::int, $${p + 3}::bytea)`;
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
    created_at, updated_at, search_doc)
  select $1, $2, $3, $4::uuid, $5::uuid, $6, $7::boolean, $8::jsonb, $9::jsonb, $10, $11, $12, $13, $14::float8, $15::float8,
    $16, $17, $18, $19::real, $20::jsonb, $21, $22, $23, $24, $25, $26, $27::timestamptz, $28::timestamptz, $29::timestamptz,
    $30::timestamptz, $31::timestamptz, $31::timestamptz, to_tsvector('simple', $32::text)
  from g where g.ok
  on conflict (citizen_id, client_key) do nothing
  returning id, reference
), e as (
  insert into complaint_events (complaint_id, actor_kind, actor_id, type, to_status, data, at)
  select c.id, $33, $34::uuid, 'submitted', $3, $35::jsonb, $31::timestamptz from c
), o as (
  insert into outbox (channel, recipient, template, lang, payload, idempotency_key, next_attempt_at, created_at)
  select $36, $37, 'complaint_received', $38, jsonb_build_object('reference', c.reference, 'agencyCode', $39::text, 'status', $40::text),
         'complaint_received:' || c.id, $31::timestamptz, $31::timestamptz
  from c where $41::boolean
)${
    files
      ? `, f as (
  insert into complaint_attachments (complaint_id, filename, content_type, size, data)
  select c.id, v.filename, v.content_type, v.size, v.data from c, (values ${fileRows.join(", ")}) as v (filename, content_type, size, data)
)`
      : ""
  }
select g.ok, c.id, c.reference from g left join c on true`;
  statements.set(files, s);
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
      reference, v.kind, v.status, v.citizenId ?? null, v.registeredBy ?? null, v.channel ?? "portal", v.identityVerified ?? true,
      json(v.contact), json(v.media), v.title ?? null, v.text, v.city, v.district ?? null, v.lat ?? null, v.lng ?? null,
      agencyCode, v.serviceCode ?? null, v.routedBy, v.routingScore ?? null, JSON.stringify(v.suggestions ?? []), v.priorReference ?? null,
      v.notifyBy, v.complexity, v.importance, v.actionType, v.clientKey ?? null, iso(v.jurisdictionDueAt), iso(v.actionDueAt), iso(v.slaNextAt), iso(v.routedAt),
      // created_at = updated_at = the event's and the message's time: one clock reading.
      now.toISOString(), spec.search,
      spec.actor.kind, spec.actor.id,
      JSON.stringify({ routedBy: v.routedBy, agencyCode, serviceCode: v.serviceCode ?? null, channel: v.channel ?? "portal" }),
      n?.channel ?? "sms", n?.recipient ?? "", n?.lang ?? "ar", agencyCode, v.status, n !== null,
      // The guard: with none given, only the city must exist (it always does for a caller that checked it).
      spec.guard?.city ?? v.city, spec.guard?.service?.id ?? null, spec.guard?.service?.kind ?? null, spec.guard?.service?.jurisdictionDays ?? null,
    ];
    for (const f of spec.files) params.push(f.filename, f.contentType, f.bytes.length, Buffer.from(f.bytes));
    const [row] = await rawQuery<{ ok: boolean; id: string | null; reference: string | null }>(db, insertStatement(spec.files.length), params);
    if (!row?.ok) return "guard_failed" as const;
    return row.id ? { id: row.id, reference: row.reference! } : null;
  });
}
