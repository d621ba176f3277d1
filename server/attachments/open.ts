import type { S3Settings } from "./s3-url.ts";
import { byteaStorage, type AttachmentStorage } from "./storage.ts";
import type { S3StorageOptions } from "./s3.ts";

/** The storage the settings name: the object store when ATTACHMENTS_S3_URL is set, else the rows' bytea. */
export async function openAttachmentStorage(s3: S3Settings | null, opts: S3StorageOptions = {}): Promise<AttachmentStorage> {
  if (!s3) return byteaStorage();
  const { openS3Storage } = await import("./s3.ts");
  return openS3Storage(s3, opts);
}
