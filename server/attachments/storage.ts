// Where an attachment's bytes live (issue 16 item 6b): in its database row (bytea, the
// embedded default) or in an S3-compatible object store (server/attachments/s3.ts, when
// ATTACHMENTS_S3_URL is set). The use cases see only this port, passed in through the
// app factory (AppDeps.attachments).
//
// The write order is what keeps a complaint honest: the objects are stored first, and
// only then is the row written with their keys, in the same statement or transaction as
// today. A failed database write after a stored object leaves an orphan object (harmless:
// nothing points at it, and the key is its content's hash, so the same file filed again
// reuses it); a row pointing at an object that was never stored cannot happen.

import { createHash } from "node:crypto";
import type { CheckedFile } from "../complaints/attachments.ts";

/** A checked file whose bytes are stored: `key` set means "in the object store", null "in the row". */
export interface StoredFile extends CheckedFile {
  key: string | null;
}

/** What a download sends: the bytes at hand (bytea), or a stream from the object store. */
export type AttachmentBody = { bytes: Uint8Array<ArrayBuffer> } | { stream: ReadableStream<Uint8Array> };

/** The store could not be reached (or is not configured): nothing was stored, or nothing can be read now. */
export class AttachmentsUnavailableError extends Error {
  override name = "AttachmentsUnavailableError";
}

export interface AttachmentStorage {
  readonly kind: "bytea" | "s3";
  /**
   * Stores the files' bytes before their rows are written; returns each with its key.
   * Throws AttachmentsUnavailableError when the store cannot take them.
   */
  put(files: CheckedFile[]): Promise<StoredFile[]>;
  /** The bytes of an object written by `put`. Throws AttachmentsUnavailableError. */
  get(key: string): Promise<AttachmentBody>;
}

/** The embedded default: the bytes go into the row itself, with no I/O before the write. */
export function byteaStorage(): AttachmentStorage {
  return {
    kind: "bytea",
    async put(files) {
      return files.map((f) => ({ ...f, key: null }));
    },
    async get() {
      // A row moved to the object store while this hub runs without one.
      throw new AttachmentsUnavailableError("this attachment is in the object store, and ATTACHMENTS_S3_URL is not set");
    },
  };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The object's key: its content's hash, so storing the same bytes twice is one object (`prefix` ends with "/" or is empty). */
export function objectKey(prefix: string, bytes: Uint8Array): string {
  return `${prefix}sha256/${sha256Hex(bytes)}`;
}

/** The hash a key names, or null for a key this hub did not write. */
export function hashOfKey(key: string): string | null {
  return /(?:^|\/)sha256\/([0-9a-f]{64})$/.exec(key)?.[1] ?? null;
}

/** An attachment row as the stores read it: its bytes, or the key of its object. */
export interface AttachmentRow {
  data: Buffer | null;
  storageKey: string | null;
}

/** The body of a stored attachment, wherever its bytes are. Throws AttachmentsUnavailableError. */
export async function attachmentBody(storage: AttachmentStorage, row: AttachmentRow): Promise<AttachmentBody> {
  if (row.data) return { bytes: new Uint8Array(row.data) };
  if (!row.storageKey) throw new Error("an attachment row with neither bytes nor a key (the 0024 check forbids it)");
  return storage.get(row.storageKey);
}

/** `put`, with the store's failure as a value the use cases return as a refusal. */
export async function storeFiles(
  storage: AttachmentStorage | undefined,
  files: CheckedFile[],
): Promise<{ ok: true; files: StoredFile[] } | { ok: false; error: "attachments_unavailable" }> {
  if (files.length === 0) return { ok: true, files: [] };
  try {
    return { ok: true, files: await (storage ?? byteaStorage()).put(files) };
  } catch (e) {
    if (e instanceof AttachmentsUnavailableError) return { ok: false, error: "attachments_unavailable" };
    throw e;
  }
}
