// Arabic is the hub's first language: this dictionary defines the keys, and every
// other language must provide exactly the same ones (checked by the type system).
export const ar = {
  dir: "rtl",
  hubName: "منصة الشكاوى الحكومية الموحدة",
  hubTagline: "قناة واحدة لتقديم الشكاوى والاستفسارات والمقترحات لجميع الجهات الحكومية",
  skipToContent: "تخطَّ إلى المحتوى",
  switchLanguage: "English",
  switchLanguageLabel: "Switch to English",
  demoBanner: "نسخة تجريبية: البيانات المعروضة تجريبية، ولا تُرسَل رسائل حقيقية.",
  home: "الرئيسية",
  howToTitle: "كيف تقدّم شكواك؟",
  howToSteps: [
    "سجّل برقمك الوطني، ونتحقق من هويتك من السجل المدني، ثم نرسل رمزًا من خمسة أرقام إلى جوالك لتأكيده.",
    "اكتب شكواك أو استفسارك أو اقتراحك أو ثناءك أو بلاغك، وحدد المدينة والجهة إن كنت تعرفها، وأرفق ما يدعمها.",
    "نوجّه طلبك إلى الجهة المختصة مباشرة، أو إلى وحدة الشكاوى الحكومية لتحدد الجهة المختصة، ويصلك رقم مرجعي برسالة نصية.",
    "يدرس ضابط الارتباط في الجهة طلبك ويحدد مدة معالجته بأيام العمل، وقد يطلب منك معلومات إضافية.",
    "نبلغك بالنتيجة برسالة نصية أو بريد إلكتروني، ويمكنك إعادة فتح الشكوى أو تقييم الخدمة.",
    "إذا تأخرت الجهة أو لم تُعالَج شكواك، يمكنك تصعيدها ببلاغ رقمي إلى وحدة الشكاوى الحكومية التي ترد خلال ٥ أيام عمل.",
  ],
  kindsTitle: "ما الذي يمكنك تقديمه؟",
  kinds: {
    complaint: "شكوى",
    inquiry: "استفسار",
    suggestion: "اقتراح",
    praise: "ثناء",
    report: "بلاغ",
  },
  kindsHelp: {
    complaint: "عدم رضا عن خدمة أو إجراء لجهة حكومية.",
    inquiry: "سؤال عن خدمة أو إجراء أو حالة معاملة.",
    suggestion: "فكرة لتحسين خدمة حكومية.",
    praise: "شكر لموظف أو جهة على خدمة متميزة.",
    report: "إبلاغ عن ضرر أو مخالفة تمس المصلحة العامة، ولو لم تكن متضررًا.",
  },
  agenciesTitle: "الجهات الحكومية وخدماتها",
  agenciesCount: (n: number) => `${n} جهة مرتبطة بالمنصة`,
  servicesCount: (n: number) => `${n} خدمة`,
  coverageNational: "على مستوى الدولة",
  coverageCities: (cities: string) => `تغطي: ${cities}`,
  slaSummary: (days: number) => `مدة المعالجة للشكوى: ${days} ${days === 1 ? "يوم عمل" : days === 2 ? "يوما عمل" : days <= 10 ? "أيام عمل" : "يوم عمل"}`,
  parentAgency: (name: string) => `تتبع: ${name}`,
  noAgencies: "لا توجد جهات في الدليل بعد.",
  footer: "تضمن المنصة سرية الشكاوى، وتُجمع البيانات الشخصية للأغراض المعلنة فقط.",
  notFoundTitle: "الصفحة غير موجودة",
  notFoundBody: "لم نجد الصفحة التي طلبتها. تحقق من الرابط أو عد إلى الصفحة الرئيسية.",
  errorTitle: "حدث خطأ غير متوقع",
  errorBody: "لم نتمكن من إكمال طلبك. لم يُفقد أي من بياناتك المحفوظة. حاول مرة أخرى بعد قليل.",
  errorReference: (id: string) => `رقم الخطأ للمراجعة: ${id}`,
  backHome: "العودة إلى الرئيسية",
};

export type Messages = {
  [K in keyof typeof ar]: (typeof ar)[K] extends (...args: infer A) => string
    ? (...args: A) => string
    : (typeof ar)[K] extends readonly string[]
      ? readonly string[]
      : (typeof ar)[K] extends string
        ? string
        : { [P in keyof (typeof ar)[K]]: string };
};
