import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { REFUSALS, refusal, refusalStatus } from "../../server/refusals.ts";
import { messages } from "../../views/i18n/index.ts";
import { messageAt, refusalText } from "../../views/i18n/errors.ts";

const root = join(import.meta.dirname, "../..");

function sources(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) sources(full, out);
    else if (/\.tsx?$/.test(name)) out.push(full);
  }
  return out;
}

/**
 * Every refusal code written in server/: the `error` of an `{ ok: false, … }` result
 * (values and result types alike, unions and `as const` included), the `message` of
 * a TRPCError, the `error` of a JSON refusal and a code looked up in the table by name. Field codes (zod messages) are not
 * refusals: they are translated next to their field.
 */
function refusalCodes(): Map<string, string> {
  const found = new Map<string, string>();
  for (const file of sources(join(root, "server"))) {
    const text = readFileSync(file, "utf8");
    const where = relative(root, file);
    for (const m of text.matchAll(/ok: false(?: as const)?[,;]\s*error:\s*((?:\(?"[a-z_]+"(?: as const)?\)?\s*(?:\||\?|:)?\s*)+)/g)) {
      for (const c of m[1]!.matchAll(/"([a-z_]+)"/g)) found.set(c[1]!, where);
    }
    for (const m of text.matchAll(/new TRPCError\(\{[^}]*message: "([a-z_]+)"/g)) found.set(m[1]!, where);
    for (const m of text.matchAll(/refuse\(ctx, \{ error: "([a-z_]+)"/g)) found.set(m[1]!, where);
    for (const m of text.matchAll(/refusal(?:Status|Text)?\((?:t, )?"([a-z_]+)"/g)) found.set(m[1]!, where);
    for (const m of text.matchAll(/c\.json\(\{ error: (?:\{ code: "[A-Z_]+", message: )?"([a-z_]+)"/g)) found.set(m[1]!, where);
  }
  return found;
}

describe("the refusal table", () => {
  const codes = refusalCodes();

  it("finds the refusals the code base writes (the scan itself works)", () => {
    // If these go missing the regular expressions no longer match the code's shape.
    for (const c of [
      "invalid",
      "throttled",
      "move_cap",
      "conflict",
      "totp_wrong",
      "link_invalid",
      "signed_out",
      "origin_refused",
      "too_large",
    ]) {
      expect(codes.has(c), c).toBe(true);
    }
  });

  it("has an entry for every refusal code used in server/", () => {
    const missing = [...codes].filter(([c]) => !Object.hasOwn(REFUSALS, c)).map(([c, where]) => `${c} (${where})`);
    expect(missing).toEqual([]);
  });

  it.each(Object.entries(REFUSALS))("%s has its message in Arabic and English", (code, e) => {
    const ar = messageAt(messages("ar"), e.message);
    const en = messageAt(messages("en"), e.message);
    expect(ar, `${code}: ${e.message} (ar)`).toBeTruthy();
    expect(en, `${code}: ${e.message} (en)`).toBeTruthy();
    expect(ar).not.toBe(en);
  });

  it("keeps the statuses the pages and the API have always answered with", () => {
    expect(refusalStatus("throttled")).toBe(429);
    expect(refusalStatus("registry_unavailable")).toBe(503);
    expect(refusalStatus("invalid_credentials")).toBe(401);
    expect(refusalStatus("totp_required")).toBe(401);
    expect(refusalStatus("conflict")).toBe(409);
    expect(refusalStatus("move_cap")).toBe(422);
    expect(refusalStatus("link_invalid")).toBe(410);
    // A code the table does not know is a form problem, as failureStatus had it.
    expect(refusal("something_new")).toEqual(REFUSALS.invalid);
    expect(refusal("already_registered").trpc).toBe("CONFLICT");
    expect(refusal("forbidden")).toMatchObject({ trpc: "NOT_FOUND", message: "errors.not_found" });
  });

  it("words a refusal from the table, filling in its parameters", () => {
    const retryAt = new Date("2026-03-01T10:00:00Z");
    expect(refusalText(messages("en"), "throttled", { retryAt, lang: "en", timeZone: "Asia/Riyadh" })).toBe(
      "Too many attempts. Try again after 13:00.",
    );
    expect(refusalText(messages("en"), "code_wrong", { attemptsLeft: 2 })).toBe("The code is not correct. Attempts left: 2.");
    expect(refusalText(messages("en"), "signed_out")).toBe("You are not signed in, or your session has ended. Sign in and try again.");
    expect(refusalText(messages("ar"), "not_json")).toBe(messages("ar").admin.notJson);
  });
});
