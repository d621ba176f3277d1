import { parseArgs } from "node:util";
import { resolve } from "node:path";
import { parseConfig } from "../config.ts";
import { UsageError, type CliIo } from "../cli-io.ts";
import { DirectoryError, loadDirectory } from "./load.ts";

export const directoryUsage = `directory check [--dir DIR]   validate the agency files without starting the hub`;

export async function directoryCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== "check") throw new UsageError(`unknown directory command "${sub ?? ""}"\n  ${directoryUsage}`);
  const { values } = parseArgs({ args: rest, options: { dir: { type: "string" } } });
  const dir = values.dir ? resolve(values.dir) : parseConfig(io.env).agenciesDir;
  try {
    const d = await loadDirectory(dir);
    const services = d.agencies.reduce((n, a) => n + a.services.length, 0);
    io.out(`OK: ${d.agencies.length} agencies, ${services} services, ${d.cities.length} cities in ${dir}`);
    return 0;
  } catch (e) {
    if (e instanceof DirectoryError) {
      io.err(e.message);
      return 1;
    }
    throw e;
  }
}
