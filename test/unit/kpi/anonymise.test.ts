import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { anonymise, stillPersonal } from "../../../server/kpi/anonymise.ts";

// The proposal the reviewer starts from: each kind of personal detail as people write
// it in Arabic and English complaints, in Western and Arabic-Indic digits, and what must
// be left alone (years, counts, amounts under five digits, ordinary words after "أنا").

const a = (text: string, names: string[] = []) => anonymise(text, { names }).text;

describe("anonymise: numbers", () => {
  it.each([
    ["رقم هويتي 1012345671 وقدمت الشكوى", "رقم هويتي [رقم الهوية] وقدمت الشكوى"],
    ["هوية مقيم 2234567890.", "هوية مقيم [رقم الهوية]."],
    ["رقم الهوية ١٠١٢٣٤٥٦٧١ ولم يرد أحد", "رقم الهوية [رقم الهوية] ولم يرد أحد"],
    ["الهوية ۱۰۱۲۳۴۵۶۷۱", "الهوية [رقم الهوية]"],
    ["خليط 10١2345٦71 من الأرقام", "خليط [رقم الهوية] من الأرقام"],
    ["My ID is 1098765432, please help", "My ID is [ID number], please help"],
  ])("national number: %s", (input, expected) => expect(a(input)).toBe(expected));

  it.each([
    ["جوالي 0512345678 للتواصل", "جوالي [رقم الجوال] للتواصل"],
    ["جوالي ٠٥١٢٣٤٥٦٧٨ للتواصل", "جوالي [رقم الجوال] للتواصل"],
    ["اتصلوا على 050 123 4567", "اتصلوا على [رقم الجوال]"],
    ["اتصلوا على 050-123-4567 مساءً", "اتصلوا على [رقم الجوال] مساءً"],
    ["الرقم +966512345678", "الرقم [رقم الجوال]"],
    ["الرقم ‎+966 55 123 4567", "الرقم ‎[رقم الجوال]"],
    ["الرقم 00966512345678", "الرقم [رقم الجوال]"],
    ["الرقم 966512345678", "الرقم [رقم الجوال]"],
    ["الرقم +٩٦٦٥١٢٣٤٥٦٧٨", "الرقم [رقم الجوال]"],
    ["الرقم ٠٠٩٦٦٥٥١٢٣٤٥٦٧", "الرقم [رقم الجوال]"],
    ["رقمي في الإمارات +971 50 123 4567", "رقمي في الإمارات [رقم الجوال]"],
    ["عمان +968 9123 4567", "عمان [رقم الجوال]"],
    ["الكويت 0096565012345", "الكويت [رقم الجوال]"],
    ["قطر +974 5512 3456", "قطر [رقم الجوال]"],
    ["البحرين +973 3612 3456", "البحرين [رقم الجوال]"],
    ["الأردن +962 79 123 4567", "الأردن [رقم الجوال]"],
    ["Call me on +966 50 123 4567 today", "Call me on [phone number] today"],
    ["Call me on 0551234567.", "Call me on [phone number]."],
  ])("phone: %s", (input, expected) => expect(a(input)).toBe(expected));

  it.each([
    ["شكواي رقم CMP-2026-7K3Q9X لم تعالج", "شكواي رقم [رقم مرجعي] لم تعالج"],
    ["البلاغ DR-2026-AB12CD مضى عليه شهر", "البلاغ [رقم مرجعي] مضى عليه شهر"],
    ["تم استلام طلبك برقم 23124.", "تم استلام طلبك برقم [رقم مرجعي]."],
    ["رقم الطلب: ٤٥٦٧٨٩", "رقم الطلب: [رقم مرجعي]"],
    ["رقم المخالفة 7788", "رقم المخالفة [رقم مرجعي]"],
    ["مرجع AB123 لدى البنك", "مرجع [رقم مرجعي] لدى البنك"],
    ["Reference no. 88123 was closed", "Reference no. [reference] was closed"],
    ["ref: TK-9981 is still open", "ref: [reference] is still open"],
    ["حساب 123456789012 في البنك", "حساب [رقم مرجعي] في البنك"],
  ])("reference: %s", (input, expected) => expect(a(input)).toBe(expected));

  it.each([
    "رفعت أكثر من 30 بلاغ اعتراض منذ 2022",
    "ومضت المدة المحددة للرد 5 أيام عمل",
    "غرامة 5000 ريال على مخالفة حظر التجول",
    "الربع الأول من ٢٠٢٢",
    "It took 15 days and 3 calls in 2023.",
  ])("left alone: %s", (input) => expect(a(input)).toBe(input));
});

describe("anonymise: emails and links", () => {
  it.each([
    ["راسلوني على ahmed.ali@example.com شكراً", "راسلوني على [البريد الإلكتروني] شكراً"],
    ["بريدي: n_fahad+hub@mail.gov.sa.", "بريدي: [البريد الإلكتروني]."],
    ["Email me at sara.k@gmail.com.", "Email me at [email]."],
    ["الرابط https://example.com/complaint?id=1012345671 لا يعمل", "الرابط [رابط] لا يعمل"],
    ["الموقع www.balady.gov.sa/services متعطل", "الموقع [رابط] متعطل"],
    ["حسابي على twitter.com/ahmed123 فيه التفاصيل", "حسابي على [رابط] فيه التفاصيل"],
    ["See http://bit.ly/xyz.", "See [link]"],
  ])("%s", (input, expected) => expect(a(input)).toBe(expected));
});

describe("anonymise: names after cues", () => {
  it.each([
    ["اسمي محمد عبدالله سعد العتيبي وأريد حلاً", "اسمي [الاسم] وأريد حلاً"],
    ["إسمي نورة، وقدمت شكوى", "إسمي [الاسم]، وقدمت شكوى"],
    ["اسمي خالد بن فهد آل سعود.", "اسمي [الاسم]."],
    ["أنا أحمد، قدمت شكوى قبل شهر", "أنا [الاسم]، قدمت شكوى قبل شهر"],
    ["انا فهد الدوسري من الرياض", "انا [الاسم] من الرياض"],
    ["وأنا سارة بنت علي أطلب الإنصاف", "وأنا [الاسم] أطلب الإنصاف"],
    ["قدم المواطن سعد القحطاني شكوى", "قدم المواطن [الاسم] شكوى"],
    ["My name is John Smith and I waited", "My name is [name] and I waited"],
    ["Hello, I am Sara Al Harbi, from Jeddah", "Hello, I am [name], from Jeddah"],
    ["I'm Omar.", "I'm [name]."],
    ["Mr. Khan was never called back", "Mr. [name] was never called back"],
  ])("%s", (input, expected) => expect(a(input)).toBe(expected));

  it.each([
    "أنا متضرر من التأخير في الرد",
    "انا اول مره استخدم الموقع",
    "أنا مواطن وأطالب بحقي",
    "أنا لم أتلق أي رد",
    "وأنا موظف في القطاع الخاص",
    "I am unhappy with the answer",
    "I am not satisfied",
  ])("not a name: %s", (input) => expect(a(input)).toBe(input));
});

describe("anonymise: the citizen's name from the record", () => {
  const names = ["محمد عبدالله سعد العتيبي"];
  it.each([
    ["أرسلت الجهة رسالة إلى محمد عبدالله سعد العتيبي ولم يرد", "أرسلت الجهة رسالة إلى [الاسم] ولم يرد"],
    ["تواصلوا مع العتيبي", "تواصلوا مع [الاسم]"],
    ["قالوا لمحمد انتظر", "قالوا ل[الاسم] انتظر"],
    ["عبد الله سعد ليس عبدالله", "عبد الله [الاسم] ليس [الاسم]"],
    // Written with another hamza or taa marbuta: still the same name.
    ["المواطنه نوره الدوسري", "المواطنه [الاسم]"],
  ])("%s", (input, expected) => expect(a(input, [...names, "نورة فهد ناصر الدوسري"])).toBe(expected));

  it("a name part inside another word is left: سعد in سعداء", () => {
    expect(a("كنا سعداء بالخدمة", names)).toBe("كنا سعداء بالخدمة");
  });
  it("a Latin name from the record, in any case", () => {
    expect(a("Ask AISHA about it, aisha knows", ["Aisha Al-Harbi"])).toBe("Ask [name] about it, [name] knows");
  });
});

describe("anonymise: the whole", () => {
  it("seed 004's kind of complaint, with everything at once; counts say what went", () => {
    const r = anonymise(
      "اسمي فهد ناصر الحربي، رقم هويتي ١٠٢٣٤٥٦٧٨٢ وجوالي ٠٥٥٥١٢٣٤٥٦، رفعت الشكوى CMP-2026-7K3Q9X لدى وزارة العدل ومازالت تحت الإجراء. راسلوني: fahad@example.com",
    );
    expect(r.text).toBe(
      "اسمي [الاسم]، رقم هويتي [رقم الهوية] وجوالي [رقم الجوال]، رفعت الشكوى [رقم مرجعي] لدى وزارة العدل ومازالت تحت الإجراء. راسلوني: [البريد الإلكتروني]",
    );
    expect(r.removed).toEqual({ name: 1, national_id: 1, phone: 1, reference: 1, email: 1 });
  });
  it("English placeholders for English text, or when asked", () => {
    expect(a("My name is Ali, 0512345678")).toBe("My name is [name], [phone number]");
    expect(anonymise("جوالي 0512345678", { lang: "en" }).text).toBe("جوالي [phone number]");
  });
  it("its output is stable (what the publish check relies on); stillPersonal says when a text would change", () => {
    const samples = [
      "اسمي فهد ناصر الحربي، رقم هويتي ١٠٢٣٤٥٦٧٨٢ وجوالي ٠٥٥٥١٢٣٤٥٦",
      "My name is John Smith, mail john@x.com, ref: TK-9981",
      "رقم الطلب 23124 على www.x.sa",
    ];
    for (const s of samples) {
      const once = a(s, ["فهد"]);
      expect(a(once, ["فهد"])).toBe(once);
      expect(stillPersonal(once, ["فهد"])).toBe(false);
      expect(stillPersonal(s, ["فهد"])).toBe(true);
    }
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.stringMatching(/^[0-9٠-٩ +\-@.a-zابتمحدسعنه ]{0,60}$/), (x, y) => {
        const once = a(x + y);
        expect(a(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });
});
