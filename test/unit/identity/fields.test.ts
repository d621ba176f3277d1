import { describe, expect, it } from "vitest";
import { maskMobile, normaliseMobile, registrationSchema, westernDigits } from "../../../server/identity/fields.ts";
import { matchesRegistry, normaliseName } from "../../../server/identity/registry.ts";

describe("mobile numbers", () => {
  it("accept the ways Saudi, Omani and Jordanian citizens write them", () => {
    expect(normaliseMobile("0512345678")).toBe("+966512345678");
    expect(normaliseMobile("٠٥١٢٣٤٥٦٧٨")).toBe("+966512345678");
    expect(normaliseMobile("00966 51 234 5678")).toBe("+966512345678");
    expect(normaliseMobile("+968 9123 4567")).toBe("+96891234567");
    expect(normaliseMobile("962791234567")).toBe("+962791234567");
    expect(normaliseMobile("12345")).toBeNull();
    expect(normaliseMobile("+0123456789")).toBeNull();
  });

  it("are masked on screen", () => {
    expect(maskMobile("+966512345678")).toBe("+966••••••678");
  });
});

describe("names against the civil registry", () => {
  const record = {
    nationalId: "1012345678",
    firstName: "عبدالله",
    fatherName: "محمد",
    grandfatherName: "إبراهيم",
    familyName: "آل سعيد",
    dateOfBirth: "1990-05-14",
    nationality: "SA",
  };

  it("match despite hamza, taa marbuta, alef maqsura, diacritics and tatweel", () => {
    expect(normaliseName("إبْراهيـــم")).toBe(normaliseName("ابراهيم"));
    expect(normaliseName("فاطمة")).toBe(normaliseName("فاطمه"));
    expect(normaliseName("مصطفى")).toBe(normaliseName("مصطفي"));
    expect(matchesRegistry(record, { ...record, grandfatherName: "ابراهيم", familyName: "ال سعيد" })).toBe(true);
  });

  it("do not match a different name or birth date", () => {
    expect(matchesRegistry(record, { ...record, fatherName: "أحمد" })).toBe(false);
    expect(matchesRegistry(record, { ...record, dateOfBirth: "1990-05-15" })).toBe(false);
  });
});

describe("registration form", () => {
  const valid = {
    nationalId: "١٠١٢٣٤٥٦٧٨",
    nationality: "sa",
    firstName: "عبدالله",
    fatherName: "محمد",
    grandfatherName: "إبراهيم",
    familyName: "آل سعيد",
    dateOfBirth: "1990-05-14",
    mobile: "0512345678",
    email: "",
    country: "SA",
    city: "الرياض",
    address: "حي النخيل، شارع 12",
    password: "correct horse",
    passwordConfirm: "correct horse",
    acceptPolicy: "on",
  };

  it("accepts Arabic-Indic digits and normalises the fields", () => {
    const r = registrationSchema.parse(valid);
    expect(r.nationalId).toBe("1012345678");
    expect(r.nationality).toBe("SA");
    expect(r.mobile).toBe("+966512345678");
    expect(r.email).toBeUndefined();
    expect(westernDigits("۱۲۳")).toBe("123");
  });

  it("names each problem with a translatable code", () => {
    const r = registrationSchema.safeParse({
      ...valid,
      passwordConfirm: "other",
      acceptPolicy: undefined,
      dateOfBirth: "1990-02-30",
      password: "short",
    });
    expect(r.success).toBe(false);
    const codes = Object.fromEntries(r.error!.issues.map((i) => [String(i.path[0]), i.message]));
    expect(codes).toMatchObject({ password: "password_too_short", acceptPolicy: "policy_required", dateOfBirth: "date_invalid" });
  });
});
