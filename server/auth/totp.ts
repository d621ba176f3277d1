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

/** Accepts the current step and one on either side, for phones whose clocks drift. */
export function verifyTotp(key: Uint8Array, code: string, now: Date): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  return [-1, 0, 1].some((o) => verifyHOTP(key, counter(now, o), DIGITS, code));
}

export function totpUri(key: Uint8Array, accountName: string): string {
  return createTOTPKeyURI("Complaint Hub", accountName, key, STEP_S, DIGITS);
}
