import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDirectory, type Directory } from "../../../server/directory/load.ts";
import { arabicKey, arabicShape, latinKeys, latinShape, looksArabizi, shapeDistance } from "../../../server/routing/arabizi.ts";
import { matchCity } from "../../../server/routing/cities.ts";
import { evaluate, parseCases, triageCurve } from "../../../server/routing/evaluate.ts";
import { routerFor } from "../../../server/routing/from-directory.ts";
import { exampleWords, toHistory } from "../../../server/routing/history.ts";
import { tokens } from "../../../server/routing/normalize.ts";
import { decisionStream, namesOnly, replay } from "../../../server/routing/replay.ts";
import { DEFAULT_TARGET_PRECISION, suggest, thresholdFor, type RoutingIndex } from "../../../server/routing/suggest.ts";
import { citizenWords } from "../../../views/pages/citizen/complaints.tsx";

let directory: Directory;
let index: RoutingIndex;
beforeAll(async () => {
  directory = await loadDirectory("agencies");
  index = routerFor(directory);
});
const top = (text: string, city?: string | null, idx = index) => {
  const [s] = suggest(idx, { text, city: city ?? null });
  return s ? `${s.agencyCode}/${s.serviceCode}` : null;
};

describe("Arabizi", () => {
  it("reads digits as letters through the consonant skeleton", () => {
    expect(latinKeys("ma9tou3a")).toContain("MKTE");
    expect(latinKeys("el7ofra")).toEqual(["HFR"]);
    expect(looksArabizi(["el", "moya", "ma9tou3a", "mn", "ams"])).toBe(true);
    expect(looksArabizi(["no", "water", "since", "yesterday"])).toBe(false);
  });
  it("routes Arabizi complaints", () => {
    expect(top("el kahraba 6afya mn el9ob7 w el7ar ma yn6aq", "jeddah")).toBe("ELEC/POWER_OUTAGE");
    expect(top("fi 7ofra kbeera fi el shar3 w sayarti 5irbat", "riyadh")).toBe("MOMAH/ROADS_POTHOLES");
  });
  it("reads a two-word Arabizi text, an article on a dictionary word, and a digit word inside English", () => {
    expect(looksArabizi(["elmoya", "maqto3a"])).toBe(true);
    expect(top("elmoya maqto3a", "riyadh")).toBe("WATER/WATER_SUPPLY");
    expect(top("elmoya ma9to3a", null)).toBe("WATER/WATER_SUPPLY");
    expect(top("my water is maqto3a since the morning", "riyadh")).toBe("WATER/WATER_SUPPLY");
    // A number before letters is English still (5g, 3rd), not Arabizi.
    expect(top("5g network weak in our street", "riyadh")).toBe("CST/NETWORK_COVERAGE");
  });
  it("a feminine plural in Arabizi is its singular (saydaliyat)", () => {
    expect(latinKeys("saydaliyat")).toContain(arabicKey("صيدليه"));
    expect(top("dawa el 9ar3 7ag wldi mafi fe saydaliyat el mostashfa mn shahr", "riyadh")).toBe("MOH/PHARMACIES");
  });
  it("of the Arabic words with one skeleton, the one whose vowels the Latin spelling matches", () => {
    expect(arabicKey("يبنون")).toBe(arabicKey("بين"));
    expect(shapeDistance(latinShape("yebnoon"), arabicShape("يبنون"))).toBeLessThan(
      shapeDistance(latinShape("yebnoon"), arabicShape("بين")),
    );
    expect(shapeDistance(latinShape("dor"), arabicShape("دور"))).toBeLessThan(shapeDistance(latinShape("dor"), arabicShape("اضرار")));
    expect(top("el jeeran yebnoon dor thaleth bdoon ro5sa", "riyadh")).toBe("MOMAH/BUILDING_VIOLATIONS");
  });
  it("2 may be ق (Cairo, the Levant); function words are read as the words they are; an agency's name in Arabizi", () => {
    expect(latinKeys("ma2too3a")).toContain("MKTE");
    expect(top("el moya ma2too3a 3ndna mn embare7 fe 7ay el naseem, wala 7ad rad 3la el balag", "riyadh")).toBe("WATER/WATER_SUPPLY");
    // "kl" is كل (all), not وكالة; the civil affairs named in Latin letters, the article apart.
    expect(top("ab8a ajdd hawiyti el wataniya w kl ma a7jz maw3ed fe el a7wal el madaniya", "riyadh")?.split("/")[0]).toBe("MOI");
    // A ministry's name with its article apart: "wazarat el itti9alat" is وزارة الاتصالات.
    const [s] = suggest(index, { text: "sajjalt fe dawrat 7ag wazarat el itti9alat w 8bloni", city: "riyadh" });
    expect(s!.agencyCode).toBe("MCIT");
    expect(s!.evidence).toContainEqual({ kind: "agency", value: "wazarat el itti9alat" });
  });
});

describe("names, places, negation", () => {
  it("naming the agency or a company it regulates goes to the agency", () => {
    expect(top("شركة المياه", "riyadh")?.split("/")[0]).toBe("WATER");
    expect(top("مصرف الراجحي جمد حسابي", "riyadh")?.split("/")[0]).toBe("SAMA");
    expect(top("Tawuniya refused to pay", "jeddah")?.split("/")[0]).toBe("IA");
  });
  it("a wilayat named in the text routes there when no city was chosen", () => {
    expect(top("الشارع في محضة مليان حفر", null)).toBe("BURAIMI/BUR_POTHOLES");
    expect(top("potholes on the main road in As-Sunaynah", null)).toBe("BURAIMI/BUR_POTHOLES");
    const [s] = suggest(index, { text: "potholes in Mahdah", city: null });
    expect(s!.evidence[0]).toEqual({ kind: "location", value: "mahdah" });
  });
  it("a directory word reads the same with its article or without (الليوان, ليوان)", () => {
    // "ليوان" alone stems as ل + يوان, "الليوان" as ليو: the directory's word either way.
    const [s] = suggest(index, { text: "عندي ليوان مفتوح قدام البيت وأبا أسكره بالزجاج", city: "albureimi" });
    expect(`${s!.agencyCode}/${s!.serviceCode}`).toBe("BURAIMI/BUR_LIWAN_CLOSURE");
    expect(s!.evidence).toContainEqual({ kind: "word", value: "ليوان" });
  });
  it("a negation typed onto its verb leaves the verb as evidence (ماتنفذ)", () => {
    const [s] = suggest(index, { text: "الحكم ماتنفذ من سنه", city: "riyadh" });
    expect(s!.evidence).toContainEqual({ kind: "word", value: "ماتنفذ" });
  });
  it("so does a town the directory lists inside a city (cities.json localities)", () => {
    expect(top("في حماسة الشارع فيه حفرة كبيرة", null)).toBe("BURAIMI/BUR_POTHOLES");
    expect(top("a big pothole in Hamasa near the market", null)).toBe("BURAIMI/BUR_POTHOLES");
    // A directory without the locality does not know the town.
    const bare = routerFor({ ...directory, cities: directory.cities.map(({ localities: _l, ...c }) => c) });
    expect(suggest(bare, { text: "في حماسة الشارع فيه حفرة كبيرة", city: null })[0]!.agencyCode).toBe("MOMAH");
  });
  it("a noun beside a word says whose thing it is (the water network, the electricity bill)", () => {
    const [first] = suggest(index, { text: "شبكة المياه ضعيفة", city: "riyadh" });
    // Not a confident telecom route: the network here is the water company's.
    expect(first!.agencyCode === "CST" ? first!.score : 0).toBeLessThan(thresholdFor(index.calibration, DEFAULT_TARGET_PRECISION));
    expect(top("فاتورة الكهرباء غالية مره", "riyadh")).toBe("ELEC/ELEC_BILLS");
    expect(top("the water bill is far too high this month", "riyadh")).toBe("WATER/WATER_BILLS");
    expect(top("الشبكة ضعيفة في الحي", "riyadh")).toBe("CST/NETWORK_COVERAGE");
  });
  it("a word several agencies use belongs to the one its sentence names (Mobily's bill)", () => {
    expect(top("موبايلي حاطين علي ٣٠٠ ريال بالفاتوره خدمات ما طلبتها", "dammam")).toBe("CST/TELECOM_BILLING");
    expect(top("فاتورة الماي جتني ٣٠٠ ريال", "dammam")).toBe("WATER/WATER_BILLS");
  });
  it("البلد (the town) is not البلدية (the municipality); 'ولا وصلت' (never arrived) is no 'it arrived fine'", () => {
    expect(tokens("البلد")).not.toEqual(tokens("البلدية"));
    expect(tokens("بلدية")).toEqual(tokens("البلدية"));
    expect(top("ولا شرطه شبكه داخل البيت بالجبيل البلد، عاد شسوي؟", "jubail")?.split("/")[0]).not.toBe("MOMAH");
    expect(top("حولت لاهلي بالسودان حواله دوليه من الراجحي من عشر ايام ولا وصلت", "riyadh")).toBe("SAMA/TRANSFERS");
  });
  it("e-services is one word; service and services, charge and charged stem alike", () => {
    expect(tokens("e-services")).toEqual(tokens("e-service"));
    expect(tokens("service charged")).toEqual(tokens("services charge"));
    // Suggestions with solid evidence first: "unavailable" alone (medicine unavailable) is not the point.
    expect(top("several government e-services have been unavailable every evening", "riyadh")).toBe("DGA/ESERVICE_AVAILABILITY");
  });
  it("platforms and their agencies: Tawakkalna is the digital government's; الجواز is a passport, not the passports directorate's name", () => {
    expect(top("توكلنا ما يفتح معي", "riyadh")?.split("/")[0]).toBe("DGA");
    expect(top("fatoorat el moya naar", "riyadh")).toBe("WATER/WATER_BILLS");
    expect(
      top("عايز اعمل توكيل لمحامي عن طريق ناجز والطلب بيرجعلي كل مرة عشان اسمي بالانجليزي مش زي الجواز", "riyadh")?.split("/")[0],
    ).toBe("MOJ");
  });
  it("an agency's name in Arabizi is spelled from its words as written (ta2meen, not the stem تام)", () => {
    expect(top("bs sharikat ta2meeno t8ool wathee8to montahya w ma bt3awwedni", "riyadh")?.split("/")[0]).toBe("IA");
  });
  it("'لا ابي X ولا Y' denies X and Y; 'لا زين ولا موبايلي' (no operator has coverage) does not; زين is also 'good'", () => {
    expect(top("لا ابي هوية ولا سجل اسرة، ابي اطلع جواز لبنتي المولودة عشان نسافر", "riyadh")).toBe("PSD/PASSPORTS");
    expect(
      top("امي سوت عملية ركبه وبعد اسبوع صار عندها التهاب شديد بالجرح، الدكتور الثاني قال التعقيم ما كان زين", "riyadh")?.split("/")[0],
    ).toBe("MOH");
  });
  it("in its own city a regional service is not measured against the national agency it stands in for", () => {
    // The browser test's filing: routed at once, not to triage (it was 0.69 under a 0.70 threshold).
    const [first] = suggest(index, { text: "في حفرة كبيرة بالطريق قدام السوق خربت كفرات السيارات", city: "albureimi" });
    expect(first?.serviceCode).toBe("BUR_POTHOLES");
    expect(first!.score).toBeGreaterThanOrEqual(thresholdFor(index.calibration, DEFAULT_TARGET_PRECISION) + 0.1);
  });
  it("a regional agency's service in its own city keeps its place before a national one with more words", () => {
    expect(top("الساحة اللي جنب الجامع في السنينة مليانة اكياس وقوارير بعد كل ويكند، وما حد ينظفها من اسبوعين", null)).toBe(
      "BURAIMI/BUR_CLEANLINESS",
    );
  });
  it("a hint phrase said again weighs more, like a word", () => {
    const letter =
      "السلام عليكم ورحمة الله وبركاته، وبعد: صدر العنوان الوطني لمنزلي الكائن في حي المنسك بأبها برقم مبنى ورمز بريدي يعودان إلى حي آخر، مما تسبب في تعثر تسليم الشحنات ورفض بعض الجهات لإثبات السكن. وقد حاولت تعديل الموقع عبر الموقع الإلكتروني مرارا فيظهر خطأ يفيد بتعذر التعديل. لذا أرجو تصحيح بيانات العنوان الوطني بما يطابق الموقع الفعلي للمنزل. وشكرا لكم.";
    expect(top(letter, "abha")).toBe("SPL/NATIONAL_ADDRESS");
  });
  it("زين is Zain beside a telecom word, and 'good' elsewhere", () => {
    expect(top("مرحبا، زين حاسبيني على باقة ما اشتركت فيها ابدا وطلعتلي الفاتورة ٣٠٠ ريال", "riyadh")?.split("/")[0]).toBe("CST");
    expect(top("امي سوت عملية ركبه والدكتور قال التعقيم ما كان زين", "riyadh")?.split("/")[0]).toBe("MOH");
  });
  it("a broken plural reads as its singular (المواقع is موقع)", () => {
    expect(top("المواقع الحكوميه كل ما ادخل اسوي معامله تطلع لي الخدمه غير متاحه حاليا", "dammam")).toBe("DGA/ESERVICE_AVAILABILITY");
  });
  it("'fine' speaks of the few words before it, not of a whole long clause", () => {
    expect(top("الـ card حقتي من Al Rajhi صارت blocked بعد ما سويت online purchase عادي، وكل ما أكلمهم يقولون wait", "riyadh")).toBe(
      "SAMA/CARDS",
    );
  });
  it("'ما ابي موعد' denies the appointment; 'بشكل طبيعي' is fine; صرف alone is not sewage; a dialect word with its article", () => {
    // Not a confident sewage route (it was 0.76): "صرف" here is the doctor dispensing a drug.
    const [first] = suggest(index, {
      text: "ما ابي موعد ولا تحويل لمستشفى ثاني، ابي اشتكي على الدكتور اللي صرف لولدي مضاد مكتوب في ملفه انه عنده حساسية منه",
      city: "riyadh",
    });
    expect(first?.serviceCode === "SEWAGE" ? first.score : 0).toBeLessThan(thresholdFor(index.calibration, DEFAULT_TARGET_PRECISION));
    expect(top("البلاعه طافحه قدام البيت", "riyadh")).toBe("WATER/SEWAGE");
    // "t8ool" (تقول) is not Tawakkalna's stem.
    expect(top("bs sharikat ta2meeno t8ool wathee8to montahya w ma bt3awwedni", "riyadh")?.split("/")[0]).toBe("IA");
  });
  it("'not a X issue' denies X (the article is too short to be a word of its own)", () => {
    expect(top("this is not a Civil Affairs issue, I want my passport reissued with the old spelling", "jeddah")).toBe("PSD/PASSPORTS");
  });
  it("'X is not the problem' and 'X works fine' deny X", () => {
    expect(top("الفاتورة مو هي المشكلة، العداد نفسه محترق وفيه شرار وريحة حريق", "riyadh")?.split("/")[0]).toBe("ELEC");
    expect(top("مو مشكلة كهرباء، الكهربا شغالة تمام، الماي هو اللي مقطوع عن البيت من يومين", "riyadh")).toBe("WATER/WATER_SUPPLY");
    expect(top("the electricity bill is not the problem, the water is cut since Sunday", "riyadh")?.split("/")[0]).toBe("WATER");
  });
  it("'the actual problem is', 'وأكرر' mark the point of a long complaint", () => {
    const background =
      "Dear Sir or Madam, I work long hours and cannot keep taking days off. My son walks past the building every day on his way to school. I went to the office and waited for the employee. ";
    expect(top(`${background}The actual problem is that we have had no water at all for four days.`, "khobar")).toBe("WATER/WATER_SUPPLY");
  });
  it("a denied service loses to the one the citizen means", () => {
    expect(top("ليست مشكلة كهرباء، الموية مقطوعة من الصبح", "riyadh")).toBe("WATER/WATER_SUPPLY");
    expect(top("not an electricity problem: there is no water in the building", "riyadh")).toBe("WATER/WATER_SUPPLY");
    expect(top("الأحوال المدنية قالوا بياناتي سليمة والمشكلة في البنك اللي جمد حسابي", "riyadh")?.split("/")[0]).toBe("SAMA");
  });
});

describe("the explanation", () => {
  it("spans point at the citizen's own words only", () => {
    const text = "والله الإنارة طافية في شارعنا من أسبوع";
    const [s] = suggest(index, { text, city: "riyadh" });
    expect(s!.agencyCode).toBe("MOMAH");
    const words = citizenWords(text, s!);
    expect(words.length).toBeGreaterThan(0);
    for (const w of words) expect(text).toContain(w);
    for (const e of s!.evidence.filter((e) => e.kind === "word" || e.kind === "phrase")) expect(text).toContain(e.value);
  });
});

describe("confidence", () => {
  it("is a probability in [0, 1] and a long text still clears the routing threshold", () => {
    const short = "الموية مقطوعة عن البيت من ثلاثة أيام";
    const filler = [
      " أنا ساكن في هذا الحي من سنين طويلة وما عمري اشتكيت قبل.",
      " عندي أطفال صغار والوالدة كبيرة في السن وتعبانة.",
      " اتصلت أكثر من مرة وكل مرة يقولون بيتواصلون معك ولا أحد تواصل.",
      " الجيران كلهم يشتكون من نفس الشي ونرجو سرعة الحل.",
    ].join("");
    const [a] = suggest(index, { text: short, city: "riyadh" });
    const [b] = suggest(index, { text: short + filler + filler, city: "riyadh" });
    expect(b!.agencyCode).toBe("WATER");
    const threshold = thresholdFor(index.calibration, DEFAULT_TARGET_PRECISION);
    expect(a!.score).toBeGreaterThan(threshold);
    expect(b!.score).toBeGreaterThan(threshold);
    expect(b!.score).toBeLessThanOrEqual(1);
  });
  it("the threshold comes from a target precision", () => {
    const c = {
      weights: [],
      curve: [
        { threshold: 0, precision: 0.9, triageRate: 0 },
        { threshold: 0.4, precision: 0.97, triageRate: 0.05 },
        { threshold: 0.6, precision: 0.99, triageRate: 0.1 },
      ],
    };
    expect(thresholdFor(c, 0.95)).toBe(0.4);
    expect(thresholdFor(c, 0.98)).toBe(0.6);
    expect(thresholdFor(c, 0.999)).toBe(1);
    // A curve that would route everything still leaves the capped, evidence-less suggestions to triage.
    const flat = { weights: [], curve: [0, 0.1, 0.25, 0.26, 0.5].map((threshold) => ({ threshold, precision: 0.99, triageRate: 0 })) };
    expect(thresholdFor(flat, 0.98)).toBe(0.26);
  });
});

describe("learning from decisions", () => {
  it("keeps no digits, emails or names, and no word order", () => {
    const w = exampleWords("اتصلوا على 0551234567 أو ali@example.com، أنا محمد العتيبي والموية مقطوعة", ["محمد العتيبي"]);
    expect(w.some((x) => /\d|@/.test(x))).toBe(false);
    expect(w).not.toContain("محمد");
    expect(w).toEqual([...w].sort());
  });
  it("a service with no hints learns its words from accepted complaints, and says so", () => {
    const bare = {
      ...directory,
      agencies: directory.agencies.map((a) =>
        a.code === "SPL"
          ? { ...a, services: a.services.map((s) => ({ ...s, hints: { ar: [], en: [], examples: { ar: [], en: [] } } })) }
          : a,
      ),
    };
    const text = "المندوب ما جاب الكرتون";
    const before = routerFor(bare);
    const examples = ["المندوب ضيع الكرتون", "الكرتون ما وصل والمندوب ما يرد", "مندوب التوصيل رمى الكرتون عند الباب"].map((t) => ({
      agencyCode: "SPL",
      serviceCode: "PARCELS",
      words: exampleWords(t),
      rejectedBy: [],
    }));
    const after = routerFor(bare, toHistory(examples));
    expect(top(text, "riyadh", before)).not.toBe("SPL/PARCELS");
    expect(top(text, "riyadh", after)).toBe("SPL/PARCELS");
    const [s] = suggest(after, { text, city: "riyadh" });
    expect(s!.evidence).toContainEqual({ kind: "history", value: "3" });
  });
  it("replayed as officers' decisions, the labelled complaints teach a names-only directory", () => {
    const stream = decisionStream([
      ...parseCases(readFileSync("test/fixtures/routing/tune.tsv", "utf8")),
      ...parseCases(readFileSync("test/fixtures/routing/heldout.tsv", "utf8")),
    ]);
    const [none, all] = replay(
      namesOnly(directory),
      stream,
      [0, stream.length],
      150,
      thresholdFor(index.calibration, DEFAULT_TARGET_PRECISION),
    );
    // Tested on the last 150, never learned: the agency right more often, the service far more.
    expect(all!.top1 - none!.top1).toBeGreaterThanOrEqual(5);
    expect(all!.service - none!.service).toBeGreaterThanOrEqual(12);
  });
  it("a rejection is a correction against the service that rejected", () => {
    const h = toHistory([
      { agencyCode: "MOMAH", serviceCode: "CLEANLINESS", words: ["ريح"], rejectedBy: [{ agencyCode: "WATER", serviceCode: "SEWAGE" }] },
    ]);
    expect(h).toEqual([
      { agencyCode: "MOMAH", serviceCode: "CLEANLINESS", words: ["ريح"], weight: 1 },
      { agencyCode: "WATER", serviceCode: "SEWAGE", words: ["ريح"], weight: -1 },
    ]);
  });
});

describe("cities as citizens write them", () => {
  const list = [
    { code: "albureimi", nameAr: "البريمي", nameEn: "Al Buraimi" },
    { code: "riyadh", nameAr: "الرياض", nameEn: "Riyadh" },
  ];
  it("a code, an Arabic or an English name; anything else is unknown", () => {
    expect(matchCity(list, "albureimi")).toBe("albureimi");
    expect(matchCity(list, "البريمي")).toBe("albureimi");
    expect(matchCity(list, "Al Buraimi")).toBe("albureimi");
    expect(matchCity(list, "al-buraimi")).toBe("albureimi");
    expect(matchCity(list, "atlantis")).toBeUndefined();
    expect(matchCity(list, "")).toBeUndefined();
  });
});

// Floors under what the router measures now (test/fixtures/routing/README.md), so a change
// that loses ground fails; issue 15's own targets are printed by npm run routing:eval and
// are not all met (top-1 95 %, triage at most 10 % at 98 % precision).
describe("the held-out half, not below where it stands", () => {
  it("agency top-1 ≥ 94 %, top-3 ≥ 97.5 %", () => {
    const cases = parseCases(readFileSync("test/fixtures/routing/heldout.tsv", "utf8"));
    expect(cases.length).toBeGreaterThanOrEqual(600);
    const r = evaluate((c) => suggest(index, { text: c.text, city: c.city || null }, 5), cases);
    expect(r.top1 / r.total).toBeGreaterThanOrEqual(0.94);
    expect(r.top3 / r.total).toBeGreaterThanOrEqual(0.975);
  });
  it("at the default target, automatic routes ≥ 98 % right, at most 20 % to triage", () => {
    const cases = parseCases(readFileSync("test/fixtures/routing/heldout.tsv", "utf8"));
    const r = evaluate((c) => suggest(index, { text: c.text, city: c.city || null }, 5), cases);
    const [p] = triageCurve(r.outcomes, [thresholdFor(index.calibration, DEFAULT_TARGET_PRECISION)]);
    expect(p!.precision).toBeGreaterThanOrEqual(0.98);
    expect(p!.triageRate).toBeLessThanOrEqual(0.2);
  });
});
