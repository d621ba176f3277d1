// The object-store side of the attachment port: an S3-compatible bucket through the AWS
// SDK v3 client (AWS S3, MinIO, Ceph RGW, Garage, Cloudflare R2…). Loaded only when
// ATTACHMENTS_S3_URL is set: a hub on bytea never loads the SDK.

import type { S3Client } from "@aws-sdk/client-s3";
import type { CheckedFile } from "../complaints/attachments.ts";
import { AttachmentsUnavailableError, objectKey, sha256Hex, type AttachmentBody, type AttachmentStorage } from "./storage.ts";
import type { S3Settings } from "./s3-url.ts";

/** How long a citizen's upload may wait for the store: a store that does not answer is a 503 within seconds. */
const CONNECT_TIMEOUT_MS = 5_000;
const REQUEST_TIMEOUT_MS = 60_000;

export interface S3Storage extends AttachmentStorage {
  readonly kind: "s3";
  readonly bucket: string;
  /** Stores bytes under their content key; returns the key. Throws AttachmentsUnavailableError. */
  putBytes(bytes: Uint8Array, contentType: string): Promise<string>;
  /**
   * Reads the object back and checks it is these bytes: its length and its sha256.
   * What `hub attachments move-to-s3` checks before it clears a row's bytea.
   */
  verify(key: string, size: number, sha256: string): Promise<{ ok: true } | { ok: false; problem: string }>;
  close(): void;
}

export interface S3StorageOptions {
  /** Told of every failure of the store before it becomes a refusal (the hub logs it). */
  onError?: (e: unknown, op: "put" | "get" | "verify") => void;
}

export async function openS3Storage(settings: S3Settings, opts: S3StorageOptions = {}): Promise<S3Storage> {
  const sdk = await import("@aws-sdk/client-s3");
  const client: S3Client = new sdk.S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    // Checksums only where S3 requires them: the newer default (a CRC header or an
    // aws-chunked body on every PUT) is refused by several S3-compatible stores. The hub
    // checks content itself: the key is the sha256, and the move reads each object back.
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  });
  const { bucket, prefix } = settings;
  const fail = (e: unknown, op: "put" | "get" | "verify", what: string): never => {
    opts.onError?.(e, op);
    // What went wrong, by its code (ECONNREFUSED, NoSuchBucket, AccessDenied…): never the request or a secret.
    const why = (e as NodeJS.ErrnoException)?.code ?? (e as Error)?.name ?? "error";
    throw new AttachmentsUnavailableError(`${what} (${why})`, { cause: e });
  };
  const missing = (e: unknown) => {
    const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
    return err?.name === "NoSuchKey" || err?.name === "NotFound" || err?.$metadata?.httpStatusCode === 404;
  };

  async function putBytes(bytes: Uint8Array, contentType: string): Promise<string> {
    const key = objectKey(prefix, bytes);
    try {
      await client.send(
        new sdk.PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes, ContentType: contentType, ContentLength: bytes.length }),
      );
    } catch (e) {
      fail(e, "put", "the object store did not take the file");
    }
    return key;
  }

  return {
    kind: "s3",
    bucket,
    putBytes,
    async put(files: CheckedFile[]) {
      // One after another: at most five files, and the first failure ends the filing.
      const out = [];
      for (const f of files) out.push({ ...f, key: await putBytes(f.bytes, f.contentType) });
      return out;
    },
    async get(key: string): Promise<AttachmentBody> {
      try {
        const res = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
        if (!res.Body) throw new Error("the object store answered without a body");
        return { stream: res.Body.transformToWebStream() as ReadableStream<Uint8Array> };
      } catch (e) {
        // A missing object is not the citizen's fault either; the hub's log says which (NoSuchKey).
        return fail(e, "get", missing(e) ? `the object ${key} is missing` : "the object store did not answer");
      }
    },
    async verify(key, size, sha256) {
      try {
        const res = await client.send(new sdk.GetObjectCommand({ Bucket: bucket, Key: key }));
        const bytes = res.Body ? await res.Body.transformToByteArray() : new Uint8Array();
        if (bytes.length !== size) return { ok: false, problem: `the stored object has ${bytes.length} bytes, the row ${size}` };
        const got = sha256Hex(bytes);
        if (got !== sha256) return { ok: false, problem: `the stored object's sha256 is ${got}, the row's ${sha256}` };
        return { ok: true };
      } catch (e) {
        if (missing(e)) return { ok: false, problem: `the object ${key} is not in the bucket` };
        return fail(e, "verify", "the object store did not answer");
      }
    },
    close() {
      client.destroy();
    },
  };
}
