import { beforeAll, describe, expect, it } from "vitest";
import { loadDirectory } from "../../../server/directory/load.ts";
import { routerFor } from "../../../server/routing/from-directory.ts";
import { DEFAULT_TARGET_PRECISION, suggest, thresholdFor, type RoutingIndex } from "../../../server/routing/suggest.ts";

// Issue 15: one rare word must not give a confident route, and the same complaint
// padded with talk that says nothing about where it belongs keeps its answer and,
// within a stated band, its confidence.

let index: RoutingIndex;
let threshold: number;
beforeAll(async () => {
  index = routerFor(await loadDirectory("agencies"));
  threshold = thresholdFor(index.calibration, DEFAULT_TARGET_PRECISION);
});
const first = (text: string, city: string | null = "riyadh") => suggest(index, { text, city })[0];

describe("a single rare word", () => {
  // "غرف" (rooms) is only part of the sewage service's "غرفة التفتيش" (manhole);
  // "maintenance" only part of the schools' "school maintenance".
  const rare = [
    "غرف",
    "غرفة",
    "الغرف",
    "maintenance",
    "rooms",
    "صيانة",
    "غرف النوم",
    "the maintenance is bad",
    "need maintenance please",
    "عندي مشكلة في الغرف",
  ];
  it.each(rare)("%s: triage or low confidence, never an automatic route", (text) => {
    const s = first(text);
    if (s) expect(s.score).toBeLessThan(Math.min(threshold, 0.5));
  });
  it("while a whole hint, a phrase or two pieces of evidence still route automatically", () => {
    for (const [text, agency] of [
      ["حفرة", "MOMAH"],
      ["pothole", "MOMAH"],
      ["مجاري", "WATER"],
      ["غرفة التفتيش مفتوحة", "WATER"],
      ["school maintenance", "MOE"],
      ["صيانة المدرسة متأخرة", "MOE"],
      ["الموية مقطوعة", "WATER"],
    ] as const) {
      const s = first(text);
      expect(s?.agencyCode, text).toBe(agency);
      expect(s!.score, text).toBeGreaterThanOrEqual(threshold);
    }
  });
});

describe("length", () => {
  // About 300 words of greetings and story that name no service, agency or place.
  const arabicFiller = Array.from({ length: 6 }, (_, i) =>
    [
      "السلام عليكم ورحمة الله وبركاته، أتمنى أن تكونوا بخير وصحة وعافية.",
      "أنا مواطن بسيط وأكتب لكم بعد ما تعبت من الانتظار والمراجعات.",
      "عندي أسرة كبيرة وأطفال صغار والوالدة كبيرة في السن.",
      "اتصلت أكثر من مرة وكل مرة يقولون لي إن شاء الله خير وما أحد يرد.",
      "الله يجزاكم خير ويعطيكم العافية على جهودكم، ونرجو منكم سرعة التجاوب.",
      `وهذه المرة رقم ${i + 2} اللي أكتب فيها وأتمنى تكون الأخيرة.`,
    ].join(" "),
  ).join(" ");
  const englishFiller = Array.from({ length: 6 }, () =>
    [
      "Good morning and thank you for reading this message, I hope you are all well.",
      "I am writing after many weeks of waiting and I have tried to be patient with everyone.",
      "My family is large, my mother is old and my children are small, and we are tired of waiting.",
      "I have called several times and each time I was promised someone would get back to me.",
      "May God reward you for your efforts, and I hope this is finally resolved soon.",
    ].join(" "),
  ).join(" ");
  // The confidence of the padded text stays within this band of the short one's (the
  // aim the issue set; the worst case kept is the bank's, about 0.16).
  const BAND = 0.2;
  const cases: [string, string, string][] = [
    ["الموية مقطوعة عن البيت من ثلاثة أيام", "ar", "WATER"],
    ["فيه حفرة عميقة في الشارع خربت كفر السيارة", "ar", "MOMAH"],
    ["النت فاصل عندي من أمس والشركة ما ترد", "ar", "CST"],
    ["There is no water at home since Sunday", "en", "WATER"],
    ["The street lights on our road have been off for two weeks", "en", "MOMAH"],
  ];
  const padded = (core: string, lang: string, agency: string) => {
    const filler = lang === "ar" ? arabicFiller : englishFiller;
    expect(filler.split(/\s+/).length).toBeGreaterThanOrEqual(280);
    const short = first(core)!;
    expect(short.agencyCode).toBe(agency);
    for (const padded of [
      `${filler} ${core}`,
      `${core} ${filler}`,
      `${filler.slice(0, filler.length / 2)} ${core} ${filler.slice(filler.length / 2)}`,
    ]) {
      const long = first(padded)!;
      expect(long.agencyCode).toBe(agency);
      expect(Math.abs(long.score - short.score)).toBeLessThanOrEqual(BAND);
      expect(long.score).toBeGreaterThanOrEqual(threshold);
    }
  };
  it.each(cases)("%s keeps its first agency and its confidence when padded to 300+ words", padded);
  // Was a known gap (0.96 -> about 0.6): the filler's "الانتظار" (waiting) and "مواطن"
  // (citizen) made rivals of the hospital and social support services; a rival with no
  // solid evidence now counts for half (suggest.ts WEAK_RIVAL).
  it("البنك سحب من بطاقتي مبلغ ما أعرفه keeps its confidence within the band when padded", () =>
    padded("البنك سحب من بطاقتي مبلغ ما أعرفه", "ar", "SAMA"));
});
