import { eq } from "drizzle-orm";
import { parseArgs } from "node:util";
import { parseConfig } from "../config.ts";
import { openDatabase } from "../db.ts";
import { UsageError, type CliIo } from "../cli-io.ts";
import { staffUsers } from "../../schema/index.ts";
import { AGENCY_ROLES, type Role, type RoleGrant } from "./roles.ts";
import { createStaff, inviteLink, listStaff, reissueInvite } from "./staff.ts";
import { messages } from "../../views/i18n/index.ts";
import { loadDirectory } from "../directory/load.ts";
import { syncDirectory } from "../directory/sync.ts";

export const staffUsage = [
  `staff create --email E --name N --role R [--role R] [--agency CODE]   add staff; prints a one-time set-password link`,
  `staff link --email E                              print a new set-password link`,
  `staff list                                        list staff and their roles`,
].join("\n  ");

export async function staffCommand(args: string[], io: CliIo): Promise<number> {
  const [sub, ...rest] = args;
  const config = parseConfig(io.env);
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string", multiple: true }, agency: { type: "string" } },
  });
  if (!["create", "link", "list"].includes(sub ?? "")) throw new UsageError(`unknown staff command "${sub ?? ""}"\n  ${staffUsage}`);
  if (sub !== "list" && !values.email) throw new UsageError(`--email is required\n  ${staffUsage}`);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const now = new Date();
  try {
    if (sub === "list") {
      for (const s of await listStaff(database.db)) {
        const roles = s.roles.map((g) => `${g.role}${g.agencyCode ? `@${g.agencyCode}` : ""}`).join(", ");
        io.out(`${s.email}\t${s.active ? "active" : "inactive"}\t${roles}`);
      }
      return 0;
    }
    if (sub === "link") {
      const [u] = await database.db
        .select({ id: staffUsers.id })
        .from(staffUsers)
        .where(eq(staffUsers.email, values.email!.trim().toLowerCase()));
      if (!u) {
        io.err(`No staff account with the email ${values.email}.`);
        return 1;
      }
      io.out(inviteLink(config.publicUrl, await reissueInvite(database.db, u.id, now)));
      return 0;
    }
    // The agency must be known even if the hub has never started on this database.
    await syncDirectory(database.db, await loadDirectory(config.agenciesDir));
    const roles: RoleGrant[] = (values.role ?? []).map((r) => ({
      role: r as Role,
      agencyCode: AGENCY_ROLES.includes(r as Role) ? (values.agency ?? null) : null,
    }));
    const r = await createStaff(database.db, { email: values.email!, fullName: values.name ?? values.email!, roles }, now);
    if (!r.ok) {
      const t = messages("en");
      const detail =
        "fields" in r
          ? Object.entries(r.fields)
              .map(([k, code]) => `${k}: ${(t.errors as Record<string, string>)[code] ?? code}`)
              .join("; ")
          : (t.errors as Record<string, string>)[r.error];
      io.err(`Could not create ${values.email}: ${detail}${values.agency ? ` (agency ${values.agency}; is it in the directory?)` : ""}`);
      return 1;
    }
    io.out(`Created ${values.email}. One-time set-password link (valid 72 hours):`);
    io.out(inviteLink(config.publicUrl, r.inviteToken));
    return 0;
  } finally {
    await database.close();
  }
}
