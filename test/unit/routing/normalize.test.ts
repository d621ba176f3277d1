import { describe, expect, it } from "vitest";
import { lightStem, tokens } from "../../../server/routing/normalize.ts";
import { normalizeArabic } from "../../../server/text/arabic.ts";

describe("Arabic as citizens type it", () => {
  it("folds alef and hamza forms, taa marbuta, alef maqsura, tatweel and diacritics", () => {
    expect(normalizeArabic("إنـــارة")).toBe(normalizeArabic("اناره"));
    expect(normalizeArabic("مُستشفى")).toBe("مستشفي");
    expect(normalizeArabic("مسؤول")).toBe("مسوول");
    expect(normalizeArabic("آبار")).toBe("ابار");
  });

  it("reads Arabic-Indic and Persian digits as digits", () => {
    expect(normalizeArabic("٣ أيام و۴ ساعات")).toBe("3 ايام و4 ساعات");
  });

  it("strips one common prefix and suffix but keeps short words whole", () => {
    expect(lightStem("والحفر")).toBe("حفر");
    expect(lightStem("بالشارع")).toBe("شارع");
    expect(lightStem("للمستشفى")).toBe("مستشفى");
    expect(lightStem("الكهرباء")).toBe("كهرباء");
    expect(lightStem("ولد")).toBe("ولد");
  });

  it("the same words written differently give the same tokens", () => {
    expect(tokens("الإنارة في الشارع طافية")).toEqual(tokens("الانارة في الشارع طافيه"));
    expect(tokens("Potholes on the ROAD")).toEqual(["pothol", "on", "the", "road"]);
  });
});
