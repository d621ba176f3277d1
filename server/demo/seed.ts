import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "@oslojs/crypto/sha2";
import type { Db } from "../db.ts";
import { staffRoles, staffUsers } from "../../schema/index.ts";
import { directoryNames } from "../directory/names.ts";
import { hashPassword } from "../auth/password.ts";
import type { RoleGrant } from "../auth/roles.ts";
import type { SecretBox } from "../auth/secret-box.ts";
import { importRegistry, parseRegistryCsv } from "../identity/registry-import.ts";

// Demo mode only: sample citizens in the registry and one account per staff role, so
// a newcomer can try every portal. Idempotent, so it runs on every start.

export const DEMO_PASSWORD = "Demo-Hub-2026";
export const DEMO_DOMAIN = "demo.hub.example";
const here = dirname(fileURLToPath(import.meta.url));

export function isDemoEmail(email: string): boolean {
  return email.toLowerCase().endsWith(`@${DEMO_DOMAIN}`);
}

/** Demo TOTP keys are derived from the email, so README can explain how to get a code. */
export function demoTotpKey(email: string): Uint8Array {
  return sha256(new TextEncoder().encode(`demo-totp:${email.toLowerCase()}`)).slice(0, 20);
}

export async function demoRegistry() {
  return parseRegistryCsv(await readFile(join(here, "registry.csv"), "utf8"));
}

export interface DemoAccount {
  email: string;
  fullName: string;
  roles: RoleGrant[];
}

export async function demoAccounts(db: Db): Promise<DemoAccount[]> {
  const rows = (await directoryNames(db)).agencies.filter((a) => a.active).map((a) => ({ code: a.code, nameAr: a.ar }));
  const out: DemoAccount[] = [];
  for (const a of rows) {
    const slug = a.code.toLowerCase();
    out.push({
      email: `liaison.${slug}@${DEMO_DOMAIN}`,
      fullName: `ضابط الارتباط التجريبي، ${a.nameAr}`,
      roles: [{ role: "liaison", agencyCode: a.code }],
    });
    out.push({
      email: `supervisor.${slug}@${DEMO_DOMAIN}`,
      fullName: `المشرف التجريبي، ${a.nameAr}`,
      roles: [{ role: "agency_supervisor", agencyCode: a.code }],
    });
  }
  const national = {
    triage: "موظف الفرز التجريبي",
    reviewer: "مراجع البلاغات التجريبي",
    analyst: "محلل التقارير التجريبي",
    admin: "مدير النظام التجريبي",
  } as const;
  for (const role of ["triage", "reviewer", "analyst", "admin"] as const) {
    out.push({ email: `${role}@${DEMO_DOMAIN}`, fullName: national[role], roles: [{ role, agencyCode: null }] });
  }
  return out;
}

export async function seedDemo(db: Db, box: SecretBox): Promise<{ identities: number; staffCreated: number }> {
  const identities = await importRegistry(db, await demoRegistry());
  const accounts = await demoAccounts(db);
  const existing = new Set((await db.select({ email: staffUsers.email }).from(staffUsers)).map((r) => r.email));
  const missing = accounts.filter((a) => !existing.has(a.email));
  if (!missing.length) return { identities, staffCreated: 0 };
  // One argon2 hash serves every demo account: they share the published password anyway.
  const hash = await hashPassword(DEMO_PASSWORD);
  // Every demo account has a second factor enrolled (optional for most agencies, but
  // enrolled means required at sign-in), so the demo shows the whole sign-in.
  await db.transaction(async (tx) => {
    for (const a of missing) {
      const [u] = await tx
        .insert(staffUsers)
        .values({ email: a.email, fullName: a.fullName, passwordHash: hash, totpKeyEnc: box.seal(demoTotpKey(a.email)) })
        .onConflictDoNothing({ target: staffUsers.email })
        .returning({ id: staffUsers.id });
      if (u) await tx.insert(staffRoles).values(a.roles.map((g) => ({ staffId: u.id, role: g.role, agencyCode: g.agencyCode ?? "" })));
    }
  });
  return { identities, staffCreated: missing.length };
}
