import { beforeAll, describe, expect, it } from "vitest";
import { loadDirectory } from "../../../server/directory/load.ts";
import { routerFor } from "../../../server/routing/from-directory.ts";
import { buildSpeller, spellingKey } from "../../../server/routing/spelling.ts";
import { DEFAULT_TARGET_PRECISION, suggest, thresholdFor, type RoutingIndex } from "../../../server/routing/suggest.ts";

// Issue 15: dialect spellings and misspellings read as the directory's word, and only
// when the reading is unambiguous.

describe("the speller", () => {
  const speller = buildSpeller(["قاطع", "كلاب", "مظلم", "رقم", "سيارت", "توصيل", "مستشف", "electricity", "light", "water"]);
  it("reads Gulf and Najdi letters as the directory's: ج and گ (folded to ك) for ق, چ for ك", () => {
    expect(speller.correct("جاطع")).toBe("قاطع");
    expect(speller.correct("كاطع")).toBe("قاطع");
    expect(speller.correct("چلاب")).toBe("كلاب");
  });
  it("reads letters people confuse: ض/ظ, a final alef for ya, a doubled letter, c for s", () => {
    expect(speller.correct("مضلم")).toBe("مظلم");
    expect(speller.correct("مستشفا")).toBe("مستشف");
    expect(speller.correct("مظلمم")).toBe("مظلم");
    expect(speller.correct("electrisity")).toBe("electricity");
    expect(spellingKey("مضلم")).toBe(spellingKey("مظلم"));
  });
  it("leaves a word alone when that would change what it says", () => {
    expect(speller.correct("رغم")).toBeUndefined(); // "despite", not رقم
    expect(speller.correct("صارت")).toBeUndefined(); // "it became", not سيارت (car)
    expect(speller.correct("تواصل")).toBeUndefined(); // "contact", not توصيل
    expect(speller.correct("night")).toBeUndefined();
    expect(speller.correct("after")).toBeUndefined();
    expect(speller.correct("قاطع")).toBeUndefined(); // known already
  });
  it("reads nothing when two known words fit", () => {
    expect(buildSpeller(["محظور"]).correct("محضوور")).toBe("محظور");
    expect(buildSpeller(["محظور", "محضور"]).correct("محضوور")).toBeUndefined();
    expect(buildSpeller(["قرار", "قراق"]).correct("قراج")).toBe("قراق");
    expect(buildSpeller(["قراق", "جراق"]).correct("جراج")).toBeUndefined();
  });
});

describe("in the router", () => {
  let index: RoutingIndex;
  let threshold: number;
  beforeAll(async () => {
    index = routerFor(await loadDirectory("agencies"));
    threshold = thresholdFor(index.calibration, DEFAULT_TARGET_PRECISION);
  });
  const first = (text: string) => suggest(index, { text, city: "riyadh" })[0];
  it.each([
    ["چلاب ضالة في الحارة", "MOMAH"],
    ["الشارع مضلم", "MOMAH"],
    ["الكهربا جاطعة من الصبح", "ELEC"],
  ])("%s routes automatically", (text, agency) => {
    const s = first(text);
    expect(s?.agencyCode).toBe(agency);
    expect(s!.score).toBeGreaterThanOrEqual(threshold);
  });
  it("negation and 'it is fine' are read through dialect letters too (وافج is وافق)", () => {
    const s = first("مو مشكلة تأمين، التأمين وافج، المستشفى هو اللي رفض يدخل أبوي الطوارئ");
    expect(s?.agencyCode).toBe("MOH");
  });
});
