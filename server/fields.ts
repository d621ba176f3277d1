import { z } from "zod";
import { westernDigits } from "./text/arabic.ts";

// What every form's validation shares, whichever capability owns the form: zod issues
// as field codes (i18n keys under `errors`, translated by views/i18n/errors.ts), and
// the field types more than one capability reads (a mobile number, a national number).

export { westernDigits };

/** zod issues -> { field: i18n key } (first problem of each field). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of error.issues) {
    const f = String(i.path[0] ?? "_form");
    // A field the form did not send at all (zod's own "expected string") is a missing
    // answer: say so, rather than the generic "not valid" that told nobody what to fix.
    // A value of the wrong type (a number for a text) is not valid, which is not the same.
    const missing = i.code === "invalid_type" && /received undefined/.test(i.message);
    out[f] ??= i.message.match(/^[a-z_]+$/) ? i.message : missing ? "required" : "invalid";
  }
  return out;
}

/** Saudi local numbers (05xxxxxxxx) become +9665xxxxxxxx; others must carry a country code. */
export function normaliseMobile(raw: string): string | null {
  let s = westernDigits(raw).replace(/[\s\-().]/g, "");
  if (s.startsWith("00")) s = "+" + s.slice(2);
  if (/^05\d{8}$/.test(s)) s = "+966" + s.slice(1);
  if (/^9665\d{8}$/.test(s) || /^968\d{8}$/.test(s) || /^9627\d{8}$/.test(s)) s = "+" + s;
  return /^\+[1-9]\d{7,14}$/.test(s) ? s : null;
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
