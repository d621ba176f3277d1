import { randomInt } from "node:crypto";

// No 0/O, 1/I/L, or U: read aloud over the phone and typed from an SMS without mistakes.
const ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ";

/** e.g. CMP-2026-7K3Q9X: 30^6 ≈ 729 million per year and prefix, so not guessable. */
export function newReference(prefix: "CMP" | "DR", year: number): string {
  let s = "";
  for (let i = 0; i < 6; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${prefix}-${year}-${s}`;
}

export const REFERENCE_PATTERN = /^(CMP|DR)-\d{4}-[2-9A-HJKMNP-TV-Z]{6}$/;
