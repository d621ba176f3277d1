// Example quotes for the voice-of-the-beneficiary page: a reviewer of the national unit
// chooses a digital report's or a complaint's text, the hub proposes an anonymised
// version (anonymise.ts), the reviewer edits, publishes, or withdraws it. Each step is
// recorded in the admin audit (who, when, before and after) in the same transaction.
// Publishing is refused while the text still holds something the anonymiser removes.

import { z } from "zod";
import type { Clock } from "../clock.ts";
import type { Db } from "../db.ts";
import { hasRole, type StaffActor } from "../auth/roles.ts";
import { audit } from "../calendar/holiday-store.ts";
import { fieldErrors } from "../fields.ts";
import { anonymise, stillPersonal } from "./anonymise.ts";
import * as store from "./voice-store.ts";
import type { QuoteRow } from "./voice-store.ts";

export interface QuoteDeps {
  db: Db;
  clock: Clock;
}

/** Who may choose, edit, publish and withdraw quotes: the unit's reviewers. */
export const mayCurate = (actor: StaffActor) => hasRole(actor, "reviewer");

const REFERENCE = /^(?:DR|CMP)-\d{4}-[A-Z0-9]{4,}$/;
/** What the audit keeps of a quote: enough to see what was published and by whom, not the original. */
const record = (q: QuoteRow) => ({ status: q.status, source: q.sourceReference, text: q.text });

export type QuoteResult =
  | { ok: true; id: string }
  | { ok: false; error: "not_found" | "conflict" | "not_now" | "quote_personal_data" | "quote_source_unknown" }
  | { ok: false; error: "invalid"; fields: Record<string, string> };

export async function chooseQuote(deps: QuoteDeps, actor: StaffActor, rawReference: unknown): Promise<QuoteResult> {
  if (!mayCurate(actor)) return { ok: false, error: "not_found" };
  const reference = String(rawReference ?? "")
    .trim()
    .toUpperCase();
  if (!reference) return { ok: false, error: "invalid", fields: { reference: "required" } };
  if (!REFERENCE.test(reference)) return { ok: false, error: "invalid", fields: { reference: "reference_invalid" } };
  const src = await store.quoteSource(deps.db, reference);
  if (!src) return { ok: false, error: "quote_source_unknown" };
  const now = deps.clock.now();
  const proposed = anonymise(src.text, { names: src.names }).text;
  return deps.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const existing = await store.quoteBySource(tx, src.kind, src.id);
    if (existing && existing.status !== "withdrawn") return { ok: true as const, id: existing.id };
    // A withdrawn quote chosen again starts over from a fresh proposal.
    const q = existing
      ? await store.bumpQuote(
          tx,
          existing.id,
          existing.version,
          {
            status: "candidate",
            proposed,
            text: proposed,
            chosenBy: actor.id,
            chosenAt: now,
            publishedBy: null,
            publishedAt: null,
            withdrawnBy: null,
            withdrawnAt: null,
          },
          now,
        )
      : await store.insertQuote(tx, {
          sourceKind: src.kind,
          sourceId: src.id,
          sourceReference: reference,
          agencyCode: src.agencyCode,
          receivedAt: src.at,
          proposed,
          text: proposed,
          status: "candidate",
          chosenBy: actor.id,
          chosenAt: now,
          updatedAt: now,
        });
    if (!q) return { ok: false as const, error: "conflict" as const };
    await audit(
      tx,
      { actorId: actor.id, entity: "voice_quote", key: q.id, before: existing ? record(existing) : null, after: record(q) },
      now,
    );
    return { ok: true as const, id: q.id };
  });
}

const editInput = z.object({
  version: z.coerce.number({ error: "invalid" }).int("invalid"),
  text: z.string({ error: "required" }).trim().min(10, "too_short").max(1000, "too_long"),
});

export type QuoteAction = "save" | "publish" | "withdraw";
export const QUOTE_ACTIONS: readonly QuoteAction[] = ["save", "publish", "withdraw"];

/** Saves the reviewer's text, publishes it, or withdraws the quote (a published one leaves the page). */
export async function curateQuote(deps: QuoteDeps, actor: StaffActor, id: string, action: QuoteAction, raw: unknown): Promise<QuoteResult> {
  if (!mayCurate(actor)) return { ok: false, error: "not_found" };
  const q = await store.quoteById(deps.db, id);
  if (!q) return { ok: false, error: "not_found" };
  const input = action === "withdraw" ? editInput.pick({ version: true }) : editInput;
  const parsed = input.safeParse(raw ?? {});
  if (!parsed.success) return { ok: false, error: "invalid", fields: fieldErrors(parsed.error) };
  const v = parsed.data as { version: number; text?: string };
  if (v.version !== q.version) return { ok: false, error: "conflict" };
  if (q.status === "withdrawn") return { ok: false, error: "not_now" };
  if (action === "publish") {
    // The names on record are checked again: the reviewer may have typed one back in.
    const src = await store.quoteSource(deps.db, q.sourceReference);
    if (stillPersonal(v.text!, src?.names ?? [])) return { ok: false, error: "quote_personal_data" };
  }
  const now = deps.clock.now();
  const patch: Parameters<typeof store.bumpQuote>[3] =
    action === "save"
      ? { text: v.text! }
      : action === "publish"
        ? { text: v.text!, status: "published", publishedBy: actor.id, publishedAt: now }
        : { status: "withdrawn", withdrawnBy: actor.id, withdrawnAt: now };
  return deps.db.transaction(async (txRaw) => {
    const tx = txRaw as unknown as Db;
    const after = await store.bumpQuote(tx, q.id, q.version, patch, now);
    if (!after) return { ok: false as const, error: "conflict" as const };
    await audit(tx, { actorId: actor.id, entity: "voice_quote", key: q.id, before: record(q), after: record(after) }, now);
    return { ok: true as const, id: q.id };
  });
}

/** The quote with its original text (for the reviewer only) and who chose and published it. */
export async function quoteForReviewer(db: Db, actor: StaffActor, id: string) {
  if (!mayCurate(actor)) return null;
  const q = await store.quoteById(db, id);
  if (!q) return null;
  const [src, chosenBy, publishedBy] = await Promise.all([
    store.quoteSource(db, q.sourceReference),
    store.staffName(db, q.chosenBy),
    store.staffName(db, q.publishedBy),
  ]);
  return { ...q, original: src?.text ?? "", chosenByName: chosenBy, publishedByName: publishedBy };
}
export type QuoteView = NonNullable<Awaited<ReturnType<typeof quoteForReviewer>>>;

export const publishedQuotes = (db: Db, from: Date, to: Date) => store.quotesIn(db, ["published"], from, to);
export const candidateQuotes = (db: Db, limit = 50) => store.candidateQuotes(db, limit);
