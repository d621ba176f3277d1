import { readFile } from "node:fs/promises";
import { parseConfig } from "../config.ts";
import { openDatabase } from "../db.ts";
import { UsageError, type CliIo } from "../cli-io.ts";
import { CsvError, importRegistry, parseRegistryCsv } from "./registry-import.ts";

export const registryUsage = `registry import FILE.csv                          load civil-registry identities for CIVIL_REGISTRY=db`;

export async function registryCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, file] = args;
  if (sub !== "import" || !file) throw new UsageError(`usage: ${registryUsage}`);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    io.err(`${file}: cannot be read`);
    return 1;
  }
  let records;
  try {
    records = parseRegistryCsv(text);
  } catch (e) {
    if (e instanceof CsvError) {
      io.err(`${file}: ${e.message}. Nothing was imported.`);
      return 1;
    }
    throw e;
  }
  const config = parseConfig(io.env);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    io.out(`Imported ${await importRegistry(database.db, records)} identities from ${file}.`);
  } finally {
    await database.close();
  }
  return 0;
}
