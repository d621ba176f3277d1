import type { Db } from "../db.ts";
import { checkChain, type AuditTable, type ChainProblem } from "./chain.ts";
import { chainPage, countChains } from "./store.ts";

export const AUDIT_TABLES: readonly AuditTable[] = ["complaint_events", "personal_data_views"];

export interface VerifyReport {
  tables: { table: AuditTable; rows: number; chains: number }[];
  problems: ChainProblem[];
}

/**
 * Recomputes every chain of both audit tables, a page of complaints at a time so memory
 * stays flat on a large hub; `progress` hears after each page. Read-only.
 */
export async function verifyAuditTrail(
  db: Db,
  opts: { pageSize?: number; progress?: (table: AuditTable, chainsDone: number, chainsTotal: number) => void } = {},
): Promise<VerifyReport> {
  const pageSize = opts.pageSize ?? 500;
  const report: VerifyReport = { tables: [], problems: [] };
  for (const table of AUDIT_TABLES) {
    const total = await countChains(db, table);
    let after: string | null = null;
    let done = 0;
    let rows = 0;
    for (;;) {
      const page = await chainPage(db, table, after, pageSize);
      if (page.size === 0) break;
      for (const [complaintId, chain] of page) {
        report.problems.push(...checkChain(table, complaintId, chain));
        rows += chain.length;
        after = complaintId;
      }
      done += page.size;
      opts.progress?.(table, done, total.chains);
    }
    report.tables.push({ table, rows, chains: done });
  }
  return report;
}
