import type { Db } from "../../server/db.ts";
import { registryIdentities } from "../../schema/index.ts";

export const AISHA = {
  nationalId: "1023456789",
  firstName: "عائشة",
  fatherName: "عبدالرحمن",
  grandfatherName: "صالح",
  familyName: "القحطاني",
  dateOfBirth: "1988-03-02",
  nationality: "SA",
};

export async function seedRegistry(db: Db, people = [AISHA]): Promise<void> {
  await db.insert(registryIdentities).values(people).onConflictDoNothing();
}

/** The registration form as a citizen fills it in. */
export function registrationForm(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    nationalId: AISHA.nationalId,
    nationality: "SA",
    firstName: AISHA.firstName,
    fatherName: AISHA.fatherName,
    grandfatherName: AISHA.grandfatherName,
    familyName: AISHA.familyName,
    dateOfBirth: AISHA.dateOfBirth,
    mobile: "0551234567",
    email: "",
    country: "SA",
    city: "الرياض",
    address: "حي الملقا، شارع الأمير محمد",
    password: "a long secret phrase",
    passwordConfirm: "a long secret phrase",
    acceptPolicy: "on",
    ...overrides,
  };
}
