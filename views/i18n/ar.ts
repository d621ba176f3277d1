import { kpiAr } from "./kpi.ar.ts";
import { calendarAr } from "./calendar.ar.ts";
import { trackAr } from "./track.ar.ts";
import { reportsAr } from "./reports.ar.ts";
// Arabic is the hub's first language: this dictionary defines the keys, and every
// other language must provide exactly the same ones (checked by the type system).
import { citizenAr } from "./citizen.ar.ts";
import { staffAr } from "./staff.ar.ts";
import { agencyAr } from "./agency.ar.ts";
import { arabicCount } from "./plural.ts";
export { arabicCount };

/** Arabic counted nouns: one and two have their own forms, 3–10 take the plural, 11+ the singular. */
export const ar = {
  dir: "rtl",
  hubName: "منصة الشكاوى الحكومية الموحدة",
  hubTagline: "قناة واحدة لتقديم الشكاوى والاستفسارات والمقترحات لجميع الجهات الحكومية",
  skipToContent: "تخطَّ إلى المحتوى",
  errorSummaryTitle: "يوجد خطأ في ما أدخلته",
  /** Before the page title while a form shows errors, so the first thing a screen reader reads says so. */
  errorTitlePrefix: "خطأ: ",
  switchLanguage: "English",
  switchLanguageLabel: "Switch to English",
  demoBanner: "نسخة تجريبية: البيانات المعروضة تجريبية، ولا تُرسَل رسائل حقيقية.",
  demoAccountsLink: "حسابات التجربة وكلمات المرور",
  home: "الرئيسية",
  ctaRegister: "أنشئ حسابًا وقدّم شكواك",
  footerPrivacy: "سياسة الاستخدام والخصوصية",
  footerStaff: "دخول الموظفين",
  navStaffPortal: "لوحة الموظف",
  navMyAccount: "حسابي",
  navSignOut: "تسجيل الخروج",
  navSignIn: "تسجيل الدخول",
  /** The header's menu button on small screens, and the navigation's name. */
  navMenu: "القائمة",
  navMainLabel: "القائمة الرئيسية",
  navFileComplaint: "قدّم شكوى",
  navRegister: "إنشاء حساب",
  demoBannerLabel: "إعلان النسخة التجريبية",
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
  agenciesCount: (n: number) => `${arabicCount(n, "جهة واحدة", "جهتان", "جهات", "جهة")} مرتبطة بالمنصة`,
  servicesCount: (n: number) => arabicCount(n, "خدمة واحدة", "خدمتان", "خدمات", "خدمة"),
  coverageNational: "على مستوى الدولة",
  coverageCities: (cities: string) => `تغطي: ${cities}`,
  slaSummary: (days: number) => `مدة المعالجة للشكوى: ${arabicCount(days, "يوم عمل واحد", "يوما عمل", "أيام عمل", "يوم عمل")}`,
  parentAgency: (name: string) => `تتبع: ${name}`,
  noAgencies: "لا توجد جهات في الدليل بعد.",
  footer: "تضمن المنصة سرية الشكاوى، وتُجمع البيانات الشخصية للأغراض المعلنة فقط.",
  notFoundTitle: "الصفحة غير موجودة",
  notFoundBody: "لم نجد الصفحة التي طلبتها. تحقق من الرابط أو عد إلى الصفحة الرئيسية.",
  errorTitle: "حدث خطأ غير متوقع",
  errorBody: "لم نتمكن من إكمال طلبك. لم يُفقد أي من بياناتك المحفوظة. حاول مرة أخرى بعد قليل.",
  errorReference: (id: string) => `رقم الخطأ للمراجعة: ${id}`,
  backHome: "العودة إلى الرئيسية",
  forbiddenTitle: "طلب مرفوض",
  forbiddenBody: "رفضنا هذا الطلب لأنه لم يصدر من صفحات المنصة. حدّث الصفحة وحاول مرة أخرى.",
  // Error codes returned by use cases (server/*), shared by the pages and the API.
  errors: {
    invalid: "القيمة غير صحيحة.",
    required: "هذا الحقل مطلوب.",
    too_long: "النص أطول من المسموح.",
    national_id_invalid: "رقم الهوية الوطنية يتكون من 8 إلى 12 رقمًا.",
    mobile_invalid: "أدخل رقم جوال صحيحًا مثل 0512345678 أو مع رمز الدولة مثل ⁦+966512345678⁩.",
    email_invalid: "أدخل بريدًا إلكترونيًا صحيحًا.",
    date_invalid: "أدخل تاريخًا صحيحًا.",
    address_too_short: "اكتب العنوان بتفصيل أكثر.",
    password_too_short: "كلمة المرور 8 أحرف على الأقل.",
    password_too_long: "كلمة المرور 128 حرفًا على الأكثر.",
    password_mismatch: "كلمتا المرور غير متطابقتين.",
    policy_required: "يجب الموافقة على سياسة الاستخدام والخصوصية.",
    email_needed_for_notifications: "أضف بريدك الإلكتروني لتصلك الإشعارات عليه.",
    identity_mismatch: "تعذّر التحقق من هويتك بالبيانات المدخلة. راجع رقم الهوية والاسم الرباعي وتاريخ الميلاد كما في السجل المدني.",
    registry_unavailable: "خدمة السجل المدني غير متاحة الآن. لم يُنشأ حسابك؛ حاول مرة أخرى بعد قليل.",
    already_registered: "يوجد حساب بهذا الرقم الوطني. سجّل الدخول أو استعد كلمة المرور.",
    invalid_credentials: "البيانات المدخلة غير صحيحة.",
    sms_failed: "تعذّر إرسال الرسالة النصية الآن. حاول مرة أخرى بعد قليل.",
    throttled: "محاولات كثيرة. حاول مرة أخرى بعد {time}.",
    code_wrong: "الرمز غير صحيح. عدد المحاولات المتبقية: {n}.",
    code_expired: "انتهت صلاحية الرمز. اطلب رمزًا جديدًا.",
    code_locked: "أُوقف هذا الرمز بعد محاولات خاطئة كثيرة. ابدأ من جديد.",
    code_used: "استُخدم هذا الرمز من قبل.",
    code_not_found: "هذا الطلب غير موجود أو انتهى. ابدأ من جديد.",
    email_taken: "هذا البريد مستخدم لحساب موظف آخر.",
    invite_invalid: "رابط تعيين كلمة المرور غير صالح أو مستخدم أو منتهي الصلاحية. اطلب رابطًا جديدًا من مدير النظام.",
    totp_required: "أدخل رمز التحقق من تطبيق المصادقة.",
    totp_wrong: "رمز التحقق من تطبيق المصادقة غير صحيح.",
    totp_not_enrolled: "يتطلب حسابك التحقق بخطوتين. اطلب من مدير النظام رابطًا جديدًا لتفعيله.",
    role_required: "اختر دورًا واحدًا على الأقل.",
    role_unknown: "دور غير معروف.",
    role_needs_agency: "هذا الدور يتطلب تحديد الجهة.",
    role_is_national: "هذا الدور لوحدة الشكاوى الحكومية ولا يرتبط بجهة.",
    agency_unknown: "جهة غير معروفة.",
    origin_refused: "طلب مرفوض: لم يصدر من صفحات المنصة.",
    attachments_too_many: "يمكنك إرفاق 5 ملفات على الأكثر.",
    attachment_empty: "أحد الملفات المرفقة فارغ.",
    attachment_too_large: "حجم الملف الواحد 10 ميغابايت على الأكثر.",
    attachment_type: "المرفقات المقبولة: صور JPEG أو PNG أو ملفات PDF فقط.",
    too_large: "الطلب أكبر من المسموح.",
    kind_invalid: "اختر نوع الطلب: شكوى أو استفسار أو اقتراح أو ثناء أو بلاغ.",
    text_too_short: "اكتب وصفًا من 10 أحرف على الأقل.",
    text_too_long: "الوصف أطول من 5000 حرف.",
    city_unknown: "اختر المدينة من القائمة.",
    service_unknown: "هذه الخدمة غير موجودة لدى الجهة المختارة.",
    service_refuses_kind: "هذه الخدمة لا تستقبل هذا النوع من الطلبات. اختر خدمة أخرى أو نوعًا آخر.",
    prior_reference_required: "هذه الخدمة تتطلب رقم طلبك السابق لدى الجهة.",
    prior_reference_invalid: "رقم الطلب السابق ليس بالصيغة المطلوبة.",
    not_found: "لم نجد هذا الطلب.",
    too_short: "النص قصير جدًا: اكتب 5 أحرف على الأقل.",
    days_invalid: "مدة المعالجة عدد صحيح من أيام العمل بين 1 و365.",
    extension_reason_required: "المدة أطول من المدة المعتمدة للخدمة: اذكر السبب.",
    outcome_invalid: "اختر نتيجة الإغلاق.",
    staff_unknown: "اختر موظفًا من موظفي الجهة.",
    conflict: "تغيّر هذا الطلب للتو (ربما عالجه زميل). أعد تحميل الصفحة لترى حالته الآن.",
    not_now: "لا يمكن تنفيذ هذا الإجراء والطلب في حالته الحالية. أعد تحميل الصفحة.",
    reopen_closed: "انتهت مهلة إعادة فتح هذا الطلب. يمكنك تقديم طلب جديد أو تصعيده.",
    info_not_due: "لم تنتهِ مهلة رد المواطن بعد.",
    forbidden: "لا تملك صلاحية هذا الإجراء.",
    report_type_invalid: "اختر نوع البلاغ.",
    no_complaint: "هذا البلاغ لا يتعلق بطلب يمكن إعادته إلى الجهة.",
    reference_invalid: "الرقم المرجعي بالصيغة \u2066CMP-2026-7K3Q9X\u2069.",
  },
  ...citizenAr,
  ...staffAr,
  ...agencyAr,
  ...reportsAr,
  ...kpiAr,
  ...calendarAr,
  ...trackAr,
};

// Every other language must give the same shape with its own strings.
type Widen<T> = T extends (...args: infer A) => string
  ? (...args: A) => string
  : T extends readonly string[]
    ? readonly string[]
    : T extends string
      ? string
      : { [K in keyof T]: Widen<T[K]> };

export type Messages = Widen<typeof ar>;
