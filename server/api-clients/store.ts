import { and, desc, eq, isNull } from "drizzle-orm";
import type { Db } from "../db.ts";
import { apiClientUses, apiClients, type ApiClient } from "../../schema/index.ts";
import { randomToken, sha256Hex } from "../auth/tokens.ts";

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
  const [row] = await db
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
    })
    .returning();
  return { client: caller(row!), key };
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

function caller(r: ApiClient): ApiCaller {
  return { id: r.id, kind: r.kind, agencyCode: r.agencyCode, name: r.name, prefix: r.prefix, rateLimit: r.rateLimit };
}
