import { hash, verify } from "@node-rs/argon2";
import { z } from "zod";

// OWASP's argon2id baseline (19 MiB, 2 passes): strong, and fast enough for sign-in.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/** Long enough to resist guessing; no composition rules (NIST SP 800-63B). */
export const passwordSchema = z.string().min(8, "password_too_short").max(128, "password_too_long");
