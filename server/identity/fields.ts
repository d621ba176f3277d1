import { z } from "zod";
import { passwordSchema } from "../auth/password.ts";
import { mobileField, nationalIdField, westernDigits } from "../fields.ts";

// The shared field helpers moved to server/fields.ts; re-exported for callers in flight.
export { fieldErrors, mobileField, nationalIdField, normaliseMobile, westernDigits } from "../fields.ts";

// Validation messages are i18n keys (views/i18n), so the web pages and the tRPC API
// give the same translated errors.

export function maskMobile(mobile: string): string {
  return mobile.length > 6 ? `${mobile.slice(0, 4)}${"•".repeat(mobile.length - 7)}${mobile.slice(-3)}` : mobile;
}

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
    nationality: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, "required"),
    firstName: name,
    fatherName: name,
    grandfatherName: name,
    familyName: name,
    dateOfBirth: isoDate,
    mobile: mobileField,
    email: optionalEmail,
    country: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z]{2}$/, "required"),
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
