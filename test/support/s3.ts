import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import S3rver from "s3rver";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { parseS3Url, type S3Settings } from "../../server/attachments/s3-url.ts";

/**
 * A fake S3 (s3rver) on a free port, over a temporary folder, with one bucket: what the
 * object-store tests file into. `object` and `keys` read the bucket with a client of
 * their own, not through the hub's storage, so a test sees what really reached it.
 */
export async function s3Server(bucket = "hub-attachments") {
  const dir = await mkdtemp(join(tmpdir(), "hub-s3-"));
  const server = new S3rver({
    port: 0,
    address: "127.0.0.1",
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket, configs: [] }],
  });
  const { port } = await server.run();
  // s3rver's fixed credentials.
  const url = `http://S3RVER:S3RVER@127.0.0.1:${port}/${bucket}`;
  const client = new S3Client({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  return {
    url,
    settings: parseS3Url(url) as S3Settings,
    async object(key: string): Promise<Uint8Array | null> {
      try {
        const res = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await res.Body!.transformToByteArray();
      } catch (e) {
        if ((e as { name?: string }).name === "NoSuchKey") return null;
        throw e;
      }
    },
    async keys(): Promise<string[]> {
      const res = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
      return (res.Contents ?? []).map((o) => o.Key!).sort();
    },
    async close() {
      client.destroy();
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An S3 URL where nothing listens: the object store is down. */
export async function deadS3Url(bucket = "hub-attachments"): Promise<string> {
  const probe = createServer();
  await new Promise<void>((ok) => probe.listen(0, "127.0.0.1", ok));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((ok) => probe.close(() => ok()));
  return `http://S3RVER:S3RVER@127.0.0.1:${port}/${bucket}`;
}
