import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db.ts";
import { apiClientUses, apiClients, staffUsers, type ApiClient } from "../../schema/index.ts";
import { randomToken, sha256Hex } from "../auth/tokens.ts";
import type { StaffActor } from "../auth/roles.ts";

// Keys of machine callers (issue 18): the agency API's (one agency each) and Open311
// partners'. A key is 240 random bits behind a readable prefix; the hub keeps only its
// SHA-256, so a leaked database does not leak working keys.

export type ApiClientKind = ApiClient["kind"];

/** What a request acting with a key may do: the agency it is scoped to, if any. */
export interface ApiCaller {
  id: string;
  kind: ApiClientKind;
  agencyCode: string | null;
  name: string;
  prefix: string;
  rateLimit: number;
  /** An agency key's own staff account (see `keyActor`); null for a partner. */
  staffId: string | null;
}

const KEY_PREFIX = { agency: "hub_ag_", partner: "hub_pt_" } as const;

/** A new key's text: shown once to the admin who made it, never stored. */
export function newApiKey(kind: ApiClientKind): string {
  return `${KEY_PREFIX[kind]}${randomToken()}${randomToken()}`;
}

export async function createApiClient(
  db: Db,
  input: { kind: ApiClientKind; agencyCode?: string | null; name: string; rateLimit?: number; createdBy?: string | null },
  now: Date,
): Promise<{ client: ApiCaller; key: string }> {
  const key = newApiKey(input.kind);
  return db.transaction(async (tx) => {
    // An agency key acts as an officer would, and what an officer causes names a staff
    // user (the events' actor, the personal-data views): the key gets an account of its
    // own. Inactive, with no password and no role rows, it cannot sign in, is never
    // notified and is nobody's colleague; its one role lives in `keyActor`.
    const [staff] =
      input.kind === "agency"
        ? await tx
            .insert(staffUsers)
            .values({ email: `api-key-${randomToken().slice(0, 16)}@api.invalid`, fullName: `${input.name} (API)`, active: false })
            .returning({ id: staffUsers.id })
        : [];
    const [row] = await tx
      .insert(apiClients)
      .values({
        kind: input.kind,
        agencyCode: input.kind === "agency" ? (input.agencyCode ?? null) : null,
        name: input.name,
        prefix: key.slice(0, 12),
        keyHash: sha256Hex(key),
        rateLimit: input.rateLimit ?? 120,
        createdBy: input.createdBy ?? null,
        createdAt: now,
        staffId: staff?.id ?? null,
      })
      .returning();
    return { client: caller(row!), key };
  });
}

/**
 * The member of staff an agency key acts as: a liaison officer of its agency and
 * nothing more, so the lifecycle's rules, the scope of every query and the privacy rule
 * (personal data only after acceptance) apply to it exactly as to the portal's officers.
 */
export function keyActor(c: ApiCaller): StaffActor | null {
  if (c.kind !== "agency" || !c.agencyCode || !c.staffId) return null;
  return { id: c.staffId, email: "", fullName: `${c.name} (API)`, roles: [{ role: "liaison", agencyCode: c.agencyCode }] };
}

/** The caller behind a presented key; null for an unknown or revoked one. */
export async function findApiClient(db: Db, presented: string): Promise<ApiCaller | null> {
  if (!presented || presented.length > 200) return null;
  // The lookup is by the digest (unique index), so the presented text is never compared
  // byte by byte with a stored secret.
  const [row] = await db
    .select()
    .from(apiClients)
    .where(and(eq(apiClients.keyHash, sha256Hex(presented)), isNull(apiClients.revokedAt)));
  return row ? caller(row) : null;
}

export async function revokeApiClient(db: Db, id: string, by: string | null, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiClients)
    .set({ revokedAt: now, revokedBy: by })
    .where(and(eq(apiClients.id, id), isNull(apiClients.revokedAt)))
    .returning({ id: apiClients.id });
  return rows.length > 0;
}

export async function listApiClients(db: Db): Promise<ApiClient[]> {
  return db.select().from(apiClients).orderBy(desc(apiClients.createdAt), apiClients.id);
}

/** One use of a key, for the audit: method, route pattern (no query string), status. */
export async function recordApiUse(
  db: Db,
  use: { clientId: string; method: string; path: string; status: number; reference?: string | null },
  now: Date,
): Promise<void> {
  await db.insert(apiClientUses).values({ ...use, reference: use.reference ?? null, at: now });
  await db.update(apiClients).set({ lastUsedAt: now }).where(eq(apiClients.id, use.clientId));
}

export async function apiUses(db: Db, clientId: string, limit = 100) {
  return db.select().from(apiClientUses).where(eq(apiClientUses.clientId, clientId)).orderBy(desc(apiClientUses.id)).limit(limit);
}

/** The latest uses of every key, newest first, with the key's prefix: the admin page's audit. */
export async function recentApiUses(db: Db, limit = 50) {
  return db
    .select({
      id: apiClientUses.id,
      prefix: apiClients.prefix,
      agencyCode: apiClients.agencyCode,
      method: apiClientUses.method,
      path: apiClientUses.path,
      status: apiClientUses.status,
      at: apiClientUses.at,
    })
    .from(apiClientUses)
    .innerJoin(apiClients, eq(apiClients.id, apiClientUses.clientId))
    .orderBy(desc(apiClientUses.id))
    .limit(limit);
}

function caller(r: ApiClient): ApiCaller {
  return {
    id: r.id,
    kind: r.kind,
    agencyCode: r.agencyCode,
    name: r.name,
    prefix: r.prefix,
    rateLimit: r.rateLimit,
    staffId: r.staffId,
  };
}
