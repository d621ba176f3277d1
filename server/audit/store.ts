import { sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import type { AuditTable, ChainRow } from "./chain.ts";

// The SQL of the audit trail's verifier. The canonical text and the link are the very
// functions the insert trigger uses (migration 0016), so there is one definition of a hash.

const rowsOf = <T>(r: unknown): T[] => (Array.isArray(r) ? (r as T[]) : ((r as { rows: T[] }).rows ?? []));

const recompute: Record<AuditTable, ReturnType<typeof sql.raw>> = {
  complaint_events: sql.raw(
    `audit_link(t.prev_hash, audit_event_text(t.id, t.complaint_id, t.seq, t.actor_kind, t.actor_id, t.type, t.from_status, t.to_status, t.data, t.visible_to_citizen, t.at))`,
  ),
  personal_data_views: sql.raw(`audit_link(t.prev_hash, audit_view_text(t.id, t.complaint_id, t.seq, t.staff_id, t.fields, t.at))`),
};

export async function countChains(db: Db, table: AuditTable): Promise<{ rows: number; chains: number }> {
  const [r] = rowsOf<{ rows: string | number; chains: string | number }>(
    await db.execute(sql`select count(*) as rows, count(distinct complaint_id) as chains from ${sql.identifier(table)}`),
  );
  return { rows: Number(r?.rows ?? 0), chains: Number(r?.chains ?? 0) };
}

/**
 * The next page of whole chains after complaint id `after` (keyset over the chain index):
 * up to `limit` complaints, rows ordered by complaint, seq, id. Empty when done.
 */
export async function chainPage(db: Db, table: AuditTable, after: string | null, limit: number): Promise<Map<string, ChainRow[]>> {
  const t = sql.identifier(table);
  const from = after ? sql`complaint_id > ${after}::uuid` : sql`true`;
  const rows = rowsOf<{
    complaint_id: string;
    id: string | number;
    seq: number;
    prev_hash: string | null;
    hash: string;
    recomputed: string;
  }>(
    await db.execute(sql`
      with page as (select distinct complaint_id from ${t} where ${from} order by complaint_id limit ${limit})
      select t.complaint_id, t.id, t.seq, t.prev_hash, t.hash, ${recompute[table]} as recomputed
        from ${t} t join page p on p.complaint_id = t.complaint_id
       order by t.complaint_id, t.seq, t.id`),
  );
  const chains = new Map<string, ChainRow[]>();
  for (const r of rows) {
    let list = chains.get(r.complaint_id);
    if (!list) chains.set(r.complaint_id, (list = []));
    list.push({ id: Number(r.id), seq: Number(r.seq), prevHash: r.prev_hash, hash: r.hash, recomputed: r.recomputed });
  }
  return chains;
}
