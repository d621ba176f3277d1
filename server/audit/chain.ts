/**
 * Checks one complaint's audit chain (migration 0016) from its stored rows: pure, so the
 * verdict can be tested without a database. Each row carries the hash the database
 * recomputes from its current content and its stored prev_hash.
 */

export type AuditTable = "complaint_events" | "personal_data_views";

export interface ChainRow {
  id: number;
  seq: number;
  prevHash: string | null;
  hash: string;
  /** audit_link(prev_hash, canonical text) over the row as it is now. */
  recomputed: string;
}

export type ChainProblem =
  /** The row's content (or its hash) is not what was written. */
  | { kind: "changed"; table: AuditTable; complaintId: string; id: number; seq: number }
  /** Rows seq from..to are gone: the next row still names a predecessor that is not there. */
  | { kind: "missing"; table: AuditTable; complaintId: string; fromSeq: number; toSeq: number; beforeId: number }
  /** A row that does not continue the chain: written with the trigger off, or relinked. */
  | { kind: "out_of_chain"; table: AuditTable; complaintId: string; id: number; seq: number };

/** Rows must come ordered by seq, then id. */
export function checkChain(table: AuditTable, complaintId: string, rows: readonly ChainRow[]): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let expected = 1;
  let prev: string | null = null;
  for (const r of rows) {
    if (r.seq < expected) {
      // A repeated or zero seq: the trigger would never have written it.
      problems.push({ kind: "out_of_chain", table, complaintId, id: r.id, seq: r.seq });
      continue;
    }
    const gap = r.seq > expected;
    if (gap) problems.push({ kind: "missing", table, complaintId, fromSeq: expected, toSeq: r.seq - 1, beforeId: r.id });
    if (r.hash !== r.recomputed) problems.push({ kind: "changed", table, complaintId, id: r.id, seq: r.seq });
    // After a gap the predecessor is unknown, so its link cannot be checked (already reported).
    else if (!gap && r.prevHash !== prev) problems.push({ kind: "out_of_chain", table, complaintId, id: r.id, seq: r.seq });
    prev = r.hash;
    expected = r.seq + 1;
  }
  return problems;
}

export function describeProblem(p: ChainProblem): string {
  const where = `${p.table} complaint ${p.complaintId}`;
  switch (p.kind) {
    case "changed":
      return `${where}: row id ${p.id} (seq ${p.seq}) was changed after it was written`;
    case "missing":
      return p.fromSeq === p.toSeq
        ? `${where}: row seq ${p.fromSeq} is missing (deleted before row id ${p.beforeId})`
        : `${where}: rows seq ${p.fromSeq}–${p.toSeq} are missing (deleted before row id ${p.beforeId})`;
    case "out_of_chain":
      return `${where}: row id ${p.id} (seq ${p.seq}) does not continue the chain (inserted or relinked outside the trigger)`;
  }
}
