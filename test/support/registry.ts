import type { Db } from "../../server/db.ts";
import { citizens, registryIdentities } from "../../schema/index.ts";

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

/** A citizen account straight in the database, for tests about what comes after sign-up. */
export async function insertCitizen(db: Db, overrides: Partial<typeof citizens.$inferInsert> = {}): Promise<string> {
  const [c] = await db
    .insert(citizens)
    .values({
      nationalId: "1045678904",
      nationality: "SA",
      firstName: "سارة",
      fatherName: "أحمد",
      grandfatherName: "علي",
      familyName: "الغامدي",
      dateOfBirth: "1996-06-18",
      mobile: "+966501234567",
      country: "SA",
      city: "riyadh",
      address: "حي الورود",
      passwordHash: "not-a-real-hash",
      policyAcceptedAt: new Date(),
      mobileVerifiedAt: new Date(),
      ...overrides,
    })
    .returning({ id: citizens.id });
  return c!.id;
}
