// How a liaison officer wants to hear of new work (server/notify/agency.ts reads it):
// email always; SMS too when chosen, to a verified-format mobile; the daily digest.

import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "../db.ts";
import { staffUsers } from "../../schema/index.ts";
import { fieldErrors, mobileField } from "../fields.ts";

export interface NotifyPreferences {
  mobile: string | null;
  notifySms: boolean;
  dailyDigest: boolean;
  lang: "ar" | "en";
}

const checkbox = z.preprocess((v) => v === "1" || v === "on" || v === true, z.boolean());
const schema = z
  .object({
    mobile: z.preprocess((v) => (typeof v === "string" && v.trim() ? v.trim() : undefined), mobileField.optional()),
    notifySms: checkbox,
    dailyDigest: checkbox,
    lang: z.enum(["ar", "en"], { error: "lang_invalid" }),
  })
  // An SMS needs a number to go to.
  .refine((p) => !p.notifySms || !!p.mobile, { path: ["mobile"], message: "mobile_required_for_sms" });

export function parsePreferences(
  raw: Record<string, string>,
): { ok: true; value: NotifyPreferences } | { ok: false; fields: Record<string, string> } {
  const r = schema.safeParse(raw);
  if (!r.success) return { ok: false, fields: fieldErrors(r.error) };
  return {
    ok: true,
    value: { mobile: r.data.mobile ?? null, notifySms: r.data.notifySms, dailyDigest: r.data.dailyDigest, lang: r.data.lang },
  };
}

export async function loadPreferences(db: Db, staffId: string): Promise<NotifyPreferences | null> {
  const [p] = await db
    .select({ mobile: staffUsers.mobile, notifySms: staffUsers.notifySms, dailyDigest: staffUsers.dailyDigest, lang: staffUsers.lang })
    .from(staffUsers)
    .where(eq(staffUsers.id, staffId));
  return p ?? null;
}

export async function savePreferences(db: Db, staffId: string, p: NotifyPreferences): Promise<void> {
  await db.update(staffUsers).set(p).where(eq(staffUsers.id, staffId));
}
