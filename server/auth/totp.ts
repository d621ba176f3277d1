import { generateHOTP, verifyHOTP, createTOTPKeyURI } from "@oslojs/otp";

// TOTP is HOTP over 30-second steps; going through HOTP lets the injected clock
// decide the step, so tests and the settable clock work.
const STEP_S = 30;
const DIGITS = 6;

function counter(now: Date, offset = 0): bigint {
  return BigInt(Math.floor(now.getTime() / 1000 / STEP_S) + offset);
}

export function totpCode(key: Uint8Array, now: Date): string {
  return generateHOTP(key, counter(now), DIGITS);
}

/**
 * Accepts the current step and one on either side, for phones whose clocks drift.
 * Returns the step the code belongs to (null if none), so the caller can refuse a step
 * already used: a code seen over a shoulder or in a proxy log must not sign in again.
 */
export function totpStep(key: Uint8Array, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  for (const o of [-1, 0, 1]) {
    if (verifyHOTP(key, counter(now, o), DIGITS, code)) return Number(counter(now, o));
  }
  return null;
}

export function verifyTotp(key: Uint8Array, code: string, now: Date): boolean {
  return totpStep(key, code, now) !== null;
}

export function totpUri(key: Uint8Array, accountName: string): string {
  return createTOTPKeyURI("Complaint Hub", accountName, key, STEP_S, DIGITS);
}
