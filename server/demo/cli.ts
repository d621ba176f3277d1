import { parseArgs } from "node:util";
import { UsageError, type CliIo } from "../cli-io.ts";
import { totpCode } from "../auth/totp.ts";
import { demoTotpKey, isDemoEmail } from "./seed.ts";

export const demoUsage = `demo totp --email E                               the current authenticator code of a demo staff account`;

export async function demoCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { email: { type: "string" } } });
  if (sub !== "totp" || !values.email) throw new UsageError(`usage: ${demoUsage}`);
  if (!isDemoEmail(values.email)) {
    io.err(`${values.email} is not a demo account; real accounts' keys are never shown.`);
    return 1;
  }
  io.out(totpCode(demoTotpKey(values.email), new Date()));
  return 0;
}
