import type { Context } from "hono";
import { z } from "zod";
import type { AppEnv } from "../../app-env.ts";
import { westernDigits } from "../../fields.ts";
import { formFields } from "../respond.tsx";

// The small forms whose fields the use cases take one by one. Every field falls back
// to "" so a tampered form reaches the use case, which gives the proper refusal,
// instead of failing here. Full registration and profile forms go to the use cases
// whole: their zod schemas live in server/identity/fields.ts.

const text = z.string().catch("");

/** Arabic keyboards type ٠-٩: those become 0-9, and spaces inside a pasted code go. */
export const smsCode = z
  .string()
  .transform((s) => westernDigits(s).replace(/\s/g, ""))
  .catch("");

export const challengeForm = z.object({ challengeId: z.string().max(64).catch("") });
export const codeForm = challengeForm.extend({ code: smsCode });
export const resetForm = codeForm.extend({ password: text, passwordConfirm: text });
export const signinForm = z.object({ nationalId: text, password: text });
export const forgotForm = z.object({ nationalId: text, dateOfBirth: text });
export const mobileForm = z.object({ mobile: text });

export async function readForm<S extends z.ZodType>(c: Context<AppEnv>, schema: S): Promise<z.output<S>> {
  return schema.parse(await formFields(c));
}

/** The typed values to show again, never the passwords. */
export function echo(form: Record<string, string>): Record<string, string> {
  const { password: _p, passwordConfirm: _c, ...rest } = form;
  return rest;
}
