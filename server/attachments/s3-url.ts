// ATTACHMENTS_S3_URL: one setting for the whole object store, in the shape operators know
// from DATABASE_URL and SMTP_URL:
//
//   https://ACCESS_KEY:SECRET@s3.me-south-1.amazonaws.com/BUCKET[/PREFIX]?region=me-south-1
//   http://minio:minio-secret@127.0.0.1:9000/hub-attachments
//
// The scheme and host are the endpoint; the first path segment is the bucket, the rest a
// key prefix; user and password (URL-encoded) are the access key and secret, and without
// them the SDK's own chain is used (AWS_ACCESS_KEY_ID…, an instance role). `region`
// defaults to us-east-1; `forcePathStyle=0` asks for virtual-hosted buckets
// (BUCKET.host), the default 1 suits MinIO, Ceph, Garage and the other compatible stores.

export interface S3Settings {
  endpoint: string;
  bucket: string;
  /** Empty, or ending with "/". */
  prefix: string;
  region: string;
  forcePathStyle: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export const S3_URL_SHAPE = "http(s)://[ACCESS_KEY:SECRET@]host[:port]/bucket[/prefix][?region=…&forcePathStyle=0|1]";

/** The settings, or the sentence that says what is wrong (the value itself is never repeated: it holds a secret). */
export function parseS3Url(value: string): S3Settings | { error: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `is not a URL; use ${S3_URL_SHAPE}` };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { error: `must start with https:// or http:// (${S3_URL_SHAPE})` };
  const [bucket = "", ...rest] = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (!bucket) return { error: `names no bucket: put it after the host, as in ${S3_URL_SHAPE}` };
  // S3's bucket rules: 3-63 lower-case letters, digits, dots and hyphens, a letter or digit at each end.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    return { error: "names a bucket S3 does not allow: use 3-63 lower-case letters, digits, dots and hyphens" };
  }
  const user = decodeURIComponent(url.username);
  const password = decodeURIComponent(url.password);
  if (!!user !== !!password) return { error: "must give both the access key and the secret (KEY:SECRET@host), or neither" };
  const known = new Set(["region", "forcePathStyle"]);
  for (const k of url.searchParams.keys())
    if (!known.has(k)) return { error: `has an unknown setting "${k}" (only region and forcePathStyle)` };
  const region = url.searchParams.get("region") ?? "us-east-1";
  if (!/^[a-z0-9-]{2,32}$/.test(region)) return { error: "has a region that is not a region name such as me-south-1" };
  const style = url.searchParams.get("forcePathStyle") ?? "1";
  if (!["0", "1", "true", "false"].includes(style)) return { error: "has forcePathStyle that is not 0 or 1" };
  return {
    endpoint: url.origin,
    bucket,
    prefix: rest.length ? `${rest.join("/")}/` : "",
    region,
    forcePathStyle: style === "1" || style === "true",
    ...(user ? { credentials: { accessKeyId: user, secretAccessKey: password } } : {}),
  };
}
