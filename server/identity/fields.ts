import { z } from "zod";
import { passwordSchema } from "../auth/password.ts";
import { westernDigits } from "../text/arabic.ts";

export { westernDigits };

// Validation messages are i18n keys (views/i18n), so the web pages and the tRPC API
// give the same translated errors.

/** Saudi local numbers (05xxxxxxxx) become +9665xxxxxxxx; others must carry a country code. */
export function normaliseMobile(raw: string): string | null {
  let s = westernDigits(raw).replace(/[\s\-().]/g, "");
  if (s.startsWith("00")) s = "+" + s.slice(2);
  if (/^05\d{8}$/.test(s)) s = "+966" + s.slice(1);
  if (/^9665\d{8}$/.test(s) || /^968\d{8}$/.test(s) || /^9627\d{8}$/.test(s)) s = "+" + s;
  return /^\+[1-9]\d{7,14}$/.test(s) ? s : null;
}

export function maskMobile(mobile: string): string {
  return mobile.length > 6 ? `${mobile.slice(0, 4)}${"•".repeat(mobile.length - 7)}${mobile.slice(-3)}` : mobile;
}

export const nationalIdField = z
  .string()
  .transform((s) => westernDigits(s).replace(/\s/g, ""))
  .pipe(z.string().regex(/^\d{8,12}$/, "national_id_invalid"));

export const mobileField = z.string().transform((s, ctx) => {
  const m = normaliseMobile(s);
  if (!m) {
    ctx.addIssue({ code: "custom", message: "mobile_invalid" });
    return z.NEVER;
  }
  return m;
});

const name = z.string().trim().min(1, "required").max(60, "too_long");
const isoDate = z
  .string()
  .transform((s) => westernDigits(s).trim())
  .pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "date_invalid"))
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), "date_invalid");

const optionalEmail = z
  .string()
  .trim()
  .transform((s) => s.toLowerCase())
  .pipe(z.union([z.literal(""), z.email("email_invalid")]))
  .optional()
  .transform((s) => (s ? s : undefined));

export const registrationSchema = z
  .object({
    nationalId: nationalIdField,
    nationality: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "required"),
    firstName: name,
    fatherName: name,
    grandfatherName: name,
    familyName: name,
    dateOfBirth: isoDate,
    mobile: mobileField,
    email: optionalEmail,
    country: z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, "required"),
    city: z.string().trim().min(1, "required").max(80, "too_long"),
    address: z.string().trim().min(5, "address_too_short").max(300, "too_long"),
    password: passwordSchema,
    passwordConfirm: z.string(),
    acceptPolicy: z.union([z.literal(true), z.literal("on"), z.literal("true")], { error: "policy_required" }),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ["passwordConfirm"], message: "password_mismatch" });

export type RegistrationInput = z.input<typeof registrationSchema>;

export const profileSchema = z
  .object({
    email: optionalEmail,
    notifyBy: z.enum(["sms", "email"], { error: "required" }),
    city: z.string().trim().min(1, "required").max(80, "too_long"),
    address: z.string().trim().min(5, "address_too_short").max(300, "too_long"),
    lang: z.enum(["ar", "en"]).optional(),
  })
  .refine((v) => v.notifyBy !== "email" || !!v.email, { path: ["email"], message: "email_needed_for_notifications" });

/** zod issues -> { field: i18n key } (first problem of each field). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of error.issues) {
    const f = String(i.path[0] ?? "_form");
    // A field the form did not send at all (zod's own "expected string") is a missing
    // answer: say so, rather than the generic "not valid" that told nobody what to fix.
    out[f] ??= i.message.match(/^[a-z_]+$/) ? i.message : i.code === "invalid_type" ? "required" : "invalid";
  }
  return out;
}
