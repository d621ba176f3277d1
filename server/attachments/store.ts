// The SQL of moving attachments' bytes out of the rows (`hub attachments move-to-s3`).
// The hub's own reads and writes of attachments stay in server/complaints/ (store.ts,
// store-intake.ts, store-views.ts).

import { and, asc, eq, gt, isNotNull, sql } from "drizzle-orm";
import { rawQuery, type Db } from "../db.ts";
import { complaintAttachments } from "../../schema/index.ts";

/** How many rows still hold their bytes. */
export async function countInRows(db: Db): Promise<{ files: number; bytes: number }> {
  const [row] = await db
    .select({ files: sql<number>`count(*)::int`, bytes: sql<number>`coalesce(sum(${complaintAttachments.size}), 0)::float8` })
    .from(complaintAttachments)
    .where(isNotNull(complaintAttachments.data));
  return { files: row?.files ?? 0, bytes: Number(row?.bytes ?? 0) };
}

/** The next page of rows holding their bytes, by id after `after` (no bytes read: one file at a time is read below). */
export async function inRowPage(db: Db, after: string | null, limit: number) {
  return db
    .select({ id: complaintAttachments.id, size: complaintAttachments.size, contentType: complaintAttachments.contentType })
    .from(complaintAttachments)
    .where(and(isNotNull(complaintAttachments.data), after ? gt(complaintAttachments.id, after) : undefined))
    .orderBy(asc(complaintAttachments.id))
    .limit(limit);
}

/** One row's bytes, or null when they left the row meanwhile (another run of the move). */
export async function rowBytes(db: Db, id: string): Promise<Buffer | null> {
  const [row] = await db
    .select({ data: complaintAttachments.data })
    .from(complaintAttachments)
    .where(and(eq(complaintAttachments.id, id), isNotNull(complaintAttachments.data)));
  return row?.data ?? null;
}

/**
 * Points the rows at their checked objects and clears their bytes, in one statement. The
 * database checks once more that each row's bytes are the ones stored (their sha256):
 * a row whose bytes differ keeps them. Returns the ids of the rows moved.
 */
export async function markMoved(db: Db, moved: { id: string; key: string; sha256: string }[]): Promise<string[]> {
  if (moved.length === 0) return [];
  const rows = await rawQuery<{ id: string }>(
    db,
    `update complaint_attachments a set storage_key = v.key, data = null
       from jsonb_to_recordset($1::jsonb) as v (id uuid, key text, sha256 text)
      where a.id = v.id and a.data is not null and encode(sha256(a.data), 'hex') = v.sha256
     returning a.id`,
    [JSON.stringify(moved)],
  );
  return rows.map((r) => r.id);
}
