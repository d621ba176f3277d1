import { parseArgs } from "node:util";
import { ConfigError, parseConfig } from "../config.ts";
import { openDatabase } from "../db.ts";
import { UsageError, type CliIo } from "../cli-io.ts";
import { moveToS3, type MoveReport } from "./move.ts";
import { openS3Storage } from "./s3.ts";
import { AttachmentsUnavailableError } from "./storage.ts";

export const attachmentsUsage = `attachments move-to-s3 [--batch N]   move attachments kept in the database (bytea) to the object store of ATTACHMENTS_S3_URL, checking each copy first; safe to stop and run again`;

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`;

export async function attachmentsCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "move-to-s3") throw new UsageError(`unknown attachments command "${sub ?? ""}"\n  ${attachmentsUsage}`);
  const { values } = parseArgs({ args: rest, options: { batch: { type: "string" } }, strict: true });
  const batch = values.batch === undefined ? 20 : Number(values.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 1000)
    throw new UsageError(`--batch needs a whole number of files per page, 1 to 1000, such as 20`);
  const config = parseConfig(io.env);
  if (!config.attachmentsS3) {
    throw new ConfigError(
      "Invalid configuration:\n  ATTACHMENTS_S3_URL: is required to move attachments to an object store (the bucket to move them to)",
    );
  }
  const s3 = await openS3Storage(config.attachmentsS3);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const started = Date.now();
  let lastPrint = 0;
  const line = (r: MoveReport) => `${r.moved}/${r.total.files} files (${mb(r.bytes)} of ${mb(r.total.bytes)}) moved`;
  try {
    const report = await moveToS3(database.db, s3, {
      batch,
      progress: (r) => {
        // Large hubs: a line every couple of seconds.
        if (Date.now() - lastPrint < 2000) return;
        lastPrint = Date.now();
        io.err(`# ${line(r)}`);
      },
    });
    for (const f of report.failed) io.out(`FAIL attachment ${f.id}: ${f.problem}`);
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    const where = `to bucket ${config.attachmentsS3.bucket} at ${config.attachmentsS3.endpoint}`;
    if (report.failed.length) {
      io.out(
        `attachments move-to-s3: ${line(report)} ${where} in ${secs} s; ${report.failed.length} left in the database (see FAIL above)`,
      );
      return 1;
    }
    io.out(`attachments move-to-s3: OK; ${line(report)} ${where} in ${secs} s`);
    return 0;
  } catch (e) {
    if (!(e instanceof AttachmentsUnavailableError)) throw e;
    io.err(`attachments move-to-s3: stopped: ${e.message}. What was moved stays moved; run the command again to go on.`);
    return 1;
  } finally {
    s3.close();
    await database.close();
  }
}
