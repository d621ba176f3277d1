import { and, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";
import { complaintEvents, complaints, routingExamples } from "../../schema/index.ts";
import type { Db } from "../db.ts";
import { normalizeArabic } from "../text/arabic.ts";
import { tokens } from "./normalize.ts";
import type { HistoryExample } from "./suggest.ts";

// Learning from the agencies' decisions. Store module: the SQL is here; what a
// decision teaches is decided by exampleWords() and toHistory() (pure).

/**
 * The words of a complaint worth learning from, with no personal data: no digits
 * (phone, national, IBAN, plate numbers), no emails or links, none of the
 * complainant's names; an unordered set of stems, so the text cannot be rebuilt.
 */
export function exampleWords(text: string, names: (string | null | undefined)[] = []): string[] {
  const cleaned = text.replace(/\S+@\S+/g, " ").replace(/https?:\/\/\S+/g, " ");
  const personal = new Set(names.flatMap((n) => (n ? tokens(n) : [])));
  const words = new Set<string>();
  for (const w of tokens(cleaned)) {
    if (/\d/.test(w) || w.length < 3 || personal.has(w)) continue;
    words.add(w);
  }
  return [...words].sort();
}

/** Each acceptance is a positive example; each service that rejected it first is a correction. */
export function toHistory(
  rows: { agencyCode: string; serviceCode: string; words: string[]; rejectedBy: { agencyCode: string; serviceCode: string }[] }[],
): HistoryExample[] {
  return rows.flatMap((r) => [
    { agencyCode: r.agencyCode, serviceCode: r.serviceCode, words: r.words, weight: 1 },
    ...r.rejectedBy
      .filter((x) => !(x.agencyCode === r.agencyCode && x.serviceCode === r.serviceCode))
      .map((x) => ({ agencyCode: x.agencyCode, serviceCode: x.serviceCode, words: r.words, weight: -1 })),
  ]);
}

/**
 * Records what agencies accepted since the last run: complaints routed by text, by
 * place, by the citizen's choice or from the triage queue alike. Idempotent (one row
 * per complaint, rewritten when it is accepted again elsewhere), so every instance may
 * run it at once.
 */
export async function harvestDecisions(db: Db, limit = 2000): Promise<number> {
  const pending = await db
    .select({
      id: complaints.id,
      agencyCode: complaints.agencyCode,
      serviceCode: complaints.serviceCode,
      routedBy: complaints.routedBy,
      title: complaints.title,
      text: complaints.text,
      contact: complaints.contact,
      acceptedAt: complaints.acceptedAt,
      citizenName: sql<
        string | null
      >`(select first_name || ' ' || father_name || ' ' || grandfather_name || ' ' || family_name from citizens where citizens.id = ${complaints.citizenId})`,
    })
    .from(complaints)
    .leftJoin(routingExamples, eq(routingExamples.complaintId, complaints.id))
    .where(
      and(
        isNotNull(complaints.acceptedAt),
        isNotNull(complaints.agencyCode),
        isNotNull(complaints.serviceCode),
        sql`(${routingExamples.complaintId} is null or ${routingExamples.acceptedAt} < ${complaints.acceptedAt})`,
      ),
    )
    .limit(limit);
  if (!pending.length) return 0;
  const rejections = await db
    .select({ complaintId: complaintEvents.complaintId, data: complaintEvents.data })
    .from(complaintEvents)
    .where(
      and(
        eq(complaintEvents.type, "rejected"),
        inArray(
          complaintEvents.complaintId,
          pending.map((p) => p.id),
        ),
      ),
    );
  const rejectedBy = new Map<string, { agencyCode: string; serviceCode: string }[]>();
  for (const r of rejections) {
    const { agencyCode, serviceCode } = r.data as { agencyCode?: string | null; serviceCode?: string | null };
    if (agencyCode && serviceCode)
      (rejectedBy.get(r.complaintId) ?? rejectedBy.set(r.complaintId, []).get(r.complaintId)!).push({ agencyCode, serviceCode });
  }
  for (const p of pending) {
    const row = {
      complaintId: p.id,
      agencyCode: p.agencyCode!,
      serviceCode: p.serviceCode!,
      rejectedBy: rejectedBy.get(p.id) ?? [],
      routedBy: p.routedBy,
      words: exampleWords(`${p.title ?? ""} ${p.text}`, [p.contact?.name, p.citizenName, normalizeArabic(p.contact?.email ?? "")]),
      acceptedAt: p.acceptedAt!,
    };
    await db
      .insert(routingExamples)
      .values(row)
      .onConflictDoUpdate({ target: routingExamples.complaintId, set: { ...row, complaintId: undefined } });
  }
  return pending.length;
}

/** The most recent decisions, as the router's history. */
export async function loadHistory(db: Db, limit = 100_000): Promise<HistoryExample[]> {
  const rows = await db
    .select({
      agencyCode: routingExamples.agencyCode,
      serviceCode: routingExamples.serviceCode,
      words: routingExamples.words,
      rejectedBy: routingExamples.rejectedBy,
    })
    .from(routingExamples)
    .orderBy(desc(routingExamples.acceptedAt))
    .limit(limit);
  return toHistory(rows);
}
