import { eq } from "drizzle-orm";
import type { Db } from "../db.ts";
import { otpChallenges } from "../../schema/index.ts";
import type { OtpPurpose } from "./otp.ts";

/**
 * The mobile a code page may name. Only the step that created the challenge (and,
 * for a mobile change, only its citizen) sees it: otherwise a password-reset
 * challenge opened on the registration page would tell whether the details matched.
 */
export async function mobileToShow(
  db: Db,
  challengeId: string,
  expect: { purpose: OtpPurpose; citizenId?: string },
): Promise<string | null> {
  if (!challengeId) return null;
  const [c] = await db
    .select({ purpose: otpChallenges.purpose, mobile: otpChallenges.mobile, citizenId: otpChallenges.citizenId })
    .from(otpChallenges)
    .where(eq(otpChallenges.id, challengeId));
  if (!c || c.purpose !== expect.purpose || !c.mobile.startsWith("+")) return null;
  if (expect.citizenId !== undefined && c.citizenId !== expect.citizenId) return null;
  return c.mobile;
}
