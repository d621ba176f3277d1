import { parseArgs } from "node:util";
import { parseConfig } from "../config.ts";
import { openDatabase } from "../db.ts";
import { UsageError, type CliIo } from "../cli-io.ts";
import { loadDirectory } from "../directory/load.ts";
import { syncDirectory } from "../directory/sync.ts";
import { createApiClient, listApiClients, revokeApiClient } from "./store.ts";

// Keys for machine callers from the shell, for an operator without the admin pages: an
// Open311 partner's (`--kind partner`) or an agency case system's (`--kind agency --agency CODE`).

export const apiClientUsage = [
  `api-client create --kind partner|agency --name N [--agency CODE] [--rate-limit PER_MINUTE]   prints the key once`,
  `api-client list                                   list keys (prefix, kind, agency, state)`,
  `api-client revoke --id ID                         the key stops working at once`,
].join("\n  ");

export async function apiClientCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  if (!["create", "list", "revoke"].includes(sub ?? ""))
    throw new UsageError(`unknown api-client command "${sub ?? ""}"\n  ${apiClientUsage}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      kind: { type: "string" },
      name: { type: "string" },
      agency: { type: "string" },
      "rate-limit": { type: "string" },
      id: { type: "string" },
    },
  });
  const kind = values.kind;
  if (sub === "create") {
    if (kind !== "partner" && kind !== "agency") throw new UsageError(`--kind partner or --kind agency is required\n  ${apiClientUsage}`);
    if (!values.name?.trim()) throw new UsageError(`--name is required\n  ${apiClientUsage}`);
    if (kind === "agency" && !values.agency) throw new UsageError(`--agency CODE is required for an agency key\n  ${apiClientUsage}`);
    if (kind === "partner" && values.agency) throw new UsageError(`a partner key belongs to no agency: leave out --agency`);
  }
  const rateLimit = values["rate-limit"] === undefined ? undefined : Number(values["rate-limit"]);
  if (rateLimit !== undefined && (!Number.isInteger(rateLimit) || rateLimit < 1 || rateLimit > 100_000)) {
    throw new UsageError(`--rate-limit is a whole number of requests per minute (1 to 100000)`);
  }
  if (sub === "revoke" && !values.id) throw new UsageError(`--id is required\n  ${apiClientUsage}`);

  const config = parseConfig(io.env);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const now = new Date();
  try {
    if (sub === "list") {
      for (const k of await listApiClients(database.db)) {
        const state = k.revokedAt ? `revoked ${k.revokedAt.toISOString()}` : "active";
        io.out(`${k.id}\t${k.prefix}…\t${k.kind}${k.agencyCode ? `@${k.agencyCode}` : ""}\t${k.name}\t${k.rateLimit}/min\t${state}`);
      }
      return 0;
    }
    if (sub === "revoke") {
      if (!/^[0-9a-f-]{36}$/i.test(values.id!) || !(await revokeApiClient(database.db, values.id!, null, now))) {
        io.err(`No active key with the id ${values.id}.`);
        return 1;
      }
      io.out(`Revoked ${values.id}.`);
      return 0;
    }
    if (kind === "agency") {
      // The agency must be known even if the hub has never started on this database.
      const directory = await loadDirectory(config.agenciesDir);
      await syncDirectory(database.db, directory);
      if (!directory.agencies.some((a) => a.code === values.agency)) {
        io.err(`Unknown agency ${values.agency}: it is not in the directory.`);
        return 1;
      }
    }
    const { client, key } = await createApiClient(
      database.db,
      {
        kind: kind as "partner" | "agency",
        agencyCode: values.agency ?? null,
        name: values.name!.trim(),
        ...(rateLimit ? { rateLimit } : {}),
      },
      now,
    );
    io.out(`Created ${client.kind} key "${client.name}" (id ${client.id}, ${client.rateLimit} requests a minute).`);
    io.out(`The key, shown this once (the hub keeps only its digest):`);
    io.out(key);
    return 0;
  } finally {
    await database.close();
  }
}
