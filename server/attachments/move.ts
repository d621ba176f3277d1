// `hub attachments move-to-s3`: the rows' bytea into the object store, a page at a time.
// Each file is stored, read back and checked (its length and sha256) before its row's
// bytes are cleared, so a row never points at an object that is not the file. Idempotent
// and resumable: the key is the content's hash (storing again is the same object), a page
// is committed as it goes, and a second run starts from the rows that still hold bytes.

import type { Db } from "../db.ts";
import type { S3Storage } from "./s3.ts";
import { sha256Hex } from "./storage.ts";
import { countInRows, inRowPage, markMoved, rowBytes } from "./store.ts";

export interface MoveReport {
  /** What held bytes when the run began. */
  total: { files: number; bytes: number };
  moved: number;
  bytes: number;
  /** Files left in their rows, with why (a check failed); the run goes on past them. */
  failed: { id: string; problem: string }[];
}

export async function moveToS3(
  db: Db,
  s3: S3Storage,
  opts: { batch?: number; progress?: (r: MoveReport) => void } = {},
): Promise<MoveReport> {
  const batch = opts.batch ?? 20;
  const report: MoveReport = { total: await countInRows(db), moved: 0, bytes: 0, failed: [] };
  let after: string | null = null;
  for (;;) {
    const page = await inRowPage(db, after, batch);
    if (page.length === 0) break;
    const checked: { id: string; key: string; sha256: string; size: number }[] = [];
    for (const row of page) {
      const bytes = await rowBytes(db, row.id);
      if (!bytes) continue; // moved meanwhile
      if (bytes.length !== row.size) {
        report.failed.push({ id: row.id, problem: `the row's size says ${row.size} bytes, its data has ${bytes.length}` });
        continue;
      }
      const sha256 = sha256Hex(bytes);
      // A store that stops answering ends the run (AttachmentsUnavailableError): what was
      // committed stays moved, and the next run goes on from there.
      const key = await s3.putBytes(bytes, row.contentType);
      const v = await s3.verify(key, bytes.length, sha256);
      if (!v.ok) {
        report.failed.push({ id: row.id, problem: v.problem });
        continue;
      }
      checked.push({ id: row.id, key, sha256, size: bytes.length });
    }
    const moved = new Set(await markMoved(db, checked));
    for (const c of checked) {
      if (moved.has(c.id)) {
        report.moved++;
        report.bytes += c.size;
      } else report.failed.push({ id: c.id, problem: "its row changed (or another run moved it) while it was copied; not cleared here" });
    }
    after = page.at(-1)!.id;
    opts.progress?.(report);
  }
  return report;
}
