import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Encrypts small secrets (TOTP keys) at rest with the hub's key, so a copy of the
 * database alone cannot mint second-factor codes. AES-256-GCM; the output is
 * base64(iv | tag | ciphertext).
 */
export interface SecretBox {
  seal(plain: Uint8Array): string;
  open(sealed: string): Uint8Array;
}

export function secretBox(hubSecret: string): SecretBox {
  const key = createHash("sha256").update(`complaint-hub:secret-box:${hubSecret}`).digest();
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64");
    },
    open(sealed) {
      const raw = Buffer.from(sealed, "base64");
      const decipher = createDecipheriv("aes-256-gcm", key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return new Uint8Array(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]));
    },
  };
}
