import { describe, expect, it } from "vitest";
import { arabicCount } from "../../../views/i18n/ar.ts";

describe("Arabic counted nouns", () => {
  it("use the dual, the plural for 3 to 10 and the singular from 11", () => {
    const f = (n: number) => arabicCount(n, "خدمة واحدة", "خدمتان", "خدمات", "خدمة");
    expect([1, 2, 3, 10, 11, 80, 103].map(f)).toEqual(["خدمة واحدة", "خدمتان", "3 خدمات", "10 خدمات", "11 خدمة", "80 خدمة", "103 خدمات"]);
  });
});
