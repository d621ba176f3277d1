import { ConfigError } from "./config.ts";
import { DatabaseBusyError } from "./db.ts";
import { UsageError, type CliIo } from "./cli-io.ts";
import { directoryCommand, directoryUsage } from "./directory/cli.ts";
import { holidaysCommand, holidaysUsage } from "./calendar/cli.ts";
import { staffCommand, staffUsage } from "./auth/cli.ts";
import { registryCommand, registryUsage } from "./identity/cli.ts";
import { demoCommand, demoUsage } from "./demo/cli.ts";
import { slaCommand, slaUsage } from "./sla/cli.ts";
import { auditCommand, auditUsage } from "./audit/cli.ts";
import { attachmentsCommand, attachmentsUsage } from "./attachments/cli.ts";
import { apiClientCommand, apiClientUsage } from "./api-clients/cli.ts";

// `npm run hub -- <command>`: operator tasks that must not need a running hub.
const commands: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  directory: directoryCommand,
  holidays: holidaysCommand,
  staff: staffCommand,
  registry: registryCommand,
  demo: demoCommand,
  sla: slaCommand,
  audit: auditCommand,
  attachments: attachmentsCommand,
  "api-client": apiClientCommand,
};

const usage = [
  `Usage: npm run hub -- <command>`,
  directoryUsage,
  holidaysUsage,
  staffUsage,
  registryUsage,
  demoUsage,
  slaUsage,
  auditUsage,
  attachmentsUsage,
  apiClientUsage,
].join("\n  ");

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "help" || name === "--help") {
    io.out(usage);
    return name ? 0 : 2;
  }
  const command = commands[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}"`);
    return await command(rest, io);
  } catch (e) {
    if (e instanceof DatabaseBusyError) {
      io.err(e.message);
      return 1;
    }
    if (e instanceof UsageError || e instanceof ConfigError) {
      io.err(e.message);
      if (e instanceof UsageError) io.err(usage);
      return 2;
    }
    if (e instanceof TypeError && (e as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(e.message);
      return 2;
    }
    throw e;
  }
}
