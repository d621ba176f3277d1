import { sql } from "drizzle-orm";
import type { Db } from "../db.ts";
import { complaintAttachments, complaintEvents, complaints, outbox } from "../../schema/index.ts";
import type { CheckedFile } from "./attachments.ts";
import { newReference } from "./reference.ts";
import { notifyAgency } from "../notify/agency.ts";

export type NewComplaint = Omit<typeof complaints.$inferInsert, "reference" | "id">;

export interface WriteSpec {
  values: NewComplaint;
  files: CheckedFile[];
  actor: { kind: "citizen" | "staff"; id: string };
  /** Where the reference goes; null when there is nobody to tell (a media item). */
  notify: { channel: "sms" | "email"; recipient: string; lang: "ar" | "en" } | null;
  /** What the inbox search finds it by (see search.ts): title, text, complainant's name. */
  search: string;
  /** Registered, resolved and closed at the first contact (staff registrations only). */
  closedAtOnce?: { resolution: string; reopenUntil: string; reopenUntilAt: string };
}

const isUniqueViolation = (e: unknown, on: string) =>
  String((e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code) === "23505" && String(e).includes(on);

/**
 * Runs `write` with a fresh random reference, and again with another on the rare
 * collision (1 in hundreds of millions): complaints and digital reports alike.
 */
export async function withNewReference<T>(prefix: "CMP" | "DR", now: Date, write: (reference: string) => Promise<T>): Promise<T> {
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      return await write(newReference(prefix, now.getUTCFullYear()));
    } catch (e) {
      if (isUniqueViolation(e, "reference")) continue;
      throw e;
    }
  }
  throw new Error(`could not allocate a unique ${prefix} reference`);
}


/**
 * One transaction: the complaint, its attachments, its first event and the message
 * that carries its reference. Returns null when the same citizen's client key already
 * filed it (the caller answers with that one).
 */
export async function writeComplaint(db: Db, spec: WriteSpec, now: Date): Promise<{ id: string; reference: string } | null> {
  return withNewReference("CMP", now, (reference) =>
    db.transaction(async (tx) => {
      const [c] = await tx
        .insert(complaints)
        .values({ ...spec.values, reference, searchDoc: sql`to_tsvector('simple', ${spec.search})` })
        .onConflictDoNothing({ target: [complaints.citizenId, complaints.clientKey] })
        .returning({ id: complaints.id, reference: complaints.reference });
      if (!c) return null;
      for (const f of spec.files) {
        await tx.insert(complaintAttachments).values({ complaintId: c.id, filename: f.filename, contentType: f.contentType, size: f.bytes.length, data: Buffer.from(f.bytes) });
      }
      await tx.insert(complaintEvents).values({
        complaintId: c.id,
        actorKind: spec.actor.kind,
        actorId: spec.actor.id,
        type: "submitted",
        toStatus: spec.values.status,
        data: { routedBy: spec.values.routedBy, agencyCode: spec.values.agencyCode ?? null, serviceCode: spec.values.serviceCode ?? null, channel: spec.values.channel },
        at: now,
      });
      const once = spec.closedAtOnce;
      if (once) {
        await tx.insert(complaintEvents).values({
          complaintId: c.id,
          actorKind: spec.actor.kind,
          actorId: spec.actor.id,
          type: "closed",
          fromStatus: "routed",
          toStatus: "closed",
          data: { outcome: "resolved", resolution: once.resolution, reopenUntil: once.reopenUntilAt, closeDays: 0, onTime: true, firstContact: true },
          at: now,
        });
      }
      if (spec.notify) {
        await tx.insert(outbox).values({
          ...spec.notify,
          // Resolved on the call: one message with the reference and the result.
          template: once ? "complaint_closed" : "complaint_received",
          payload: once
            ? { reference: c.reference, agencyCode: spec.values.agencyCode ?? null, outcome: "resolved", summary: once.resolution, reopenUntil: once.reopenUntil }
            : { reference: c.reference, agencyCode: spec.values.agencyCode ?? null, status: spec.values.status },
          idempotencyKey: `complaint_received:${c.id}`,
          nextAttemptAt: now,
          createdAt: now,
        });
      }
      // Routed straight to an agency: its liaison officers hear of it now (seed 003).
      if (spec.values.status === "routed" && spec.values.agencyCode) {
        await notifyAgency(tx as unknown as Db, { event: "agency_new", complaintId: c.id, reference: c.reference, kind: spec.values.kind, agencyCode: spec.values.agencyCode, key: "filed" }, now);
      }
      return c;
    }),
  );
}
