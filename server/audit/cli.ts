import { parseArgs } from "node:util";
import { parseConfig } from "../config.ts";
import { openDatabase } from "../db.ts";
import { UsageError, type CliIo } from "../cli-io.ts";
import { describeProblem } from "./chain.ts";
import { verifyAuditTrail } from "./verify.ts";

export const auditUsage = `audit verify [--page N]     recompute the hash chains of complaint_events and personal_data_views; exit 1 on any changed, inserted or missing row`;

export async function auditCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "verify") throw new UsageError(`unknown audit command "${sub ?? ""}"\n  ${auditUsage}`);
  const { values } = parseArgs({ args: rest, options: { page: { type: "string" } }, strict: true });
  const pageSize = values.page === undefined ? 500 : Number(values.page);
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new UsageError(`--page needs a whole number of complaints per page, such as 500`);
  const config = parseConfig(io.env);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const started = Date.now();
    let lastPrint = 0;
    const report = await verifyAuditTrail(database.db, {
      pageSize,
      progress: (table, done, total) => {
        // Large hubs: a line every couple of seconds, and one at the end of each table.
        if (done < total && Date.now() - lastPrint < 2000) return;
        lastPrint = Date.now();
        io.err(`# ${table}: ${done}/${total} chains checked`);
      },
    });
    for (const p of report.problems) io.out(`FAIL ${describeProblem(p)}`);
    const counts = report.tables.map((t) => `${t.rows} ${t.table} rows in ${t.chains} chains`).join(", ");
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    if (report.problems.length) {
      io.out(`audit verify: ${report.problems.length} problem(s); checked ${counts} in ${secs} s`);
      return 1;
    }
    io.out(`audit verify: OK; checked ${counts} in ${secs} s`);
    return 0;
  } finally {
    await database.close();
  }
}
