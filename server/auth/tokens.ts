import { randomBytes } from "node:crypto";
import { sha256 } from "@oslojs/crypto/sha2";
import { constantTimeEqual } from "@oslojs/crypto/subtle";
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase, decodeHex } from "@oslojs/encoding";

/** 120 bits of randomness in 24 characters, safe in cookies and URLs (lucia-auth.com's recommendation). */
export function randomToken(): string {
  return encodeBase32LowerCaseNoPadding(randomBytes(15));
}

export function sha256Hex(value: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(value)));
}

/** Compares a secret with a stored SHA-256 hex digest without leaking timing. */
export function matchesHash(secret: string, storedHex: string): boolean {
  let stored: Uint8Array;
  try {
    stored = decodeHex(storedHex);
  } catch {
    return false;
  }
  return constantTimeEqual(sha256(new TextEncoder().encode(secret)), stored);
}
