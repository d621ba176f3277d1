// Complaints the media published (seed 002 §5.2): the item on the complaint's pages, the
// national unit's reply to the outlet, and the unit's list of media complaints.
import { arabicCount } from "./plural.ts";

export const mediaAr = {
  media: {
    title: "التغطية الإعلامية",
    outlet: "الوسيلة الإعلامية",
    publishedOn: "تاريخ النشر",
    link: "رابط المادة المنشورة",
    linkExternal: "(موقع خارجي، يفتح في نافذة جديدة)",
    clipping: "نص القصاصة",
    reply: "الرد على الوسيلة الإعلامية",
    replyAwaiting: "لم يُسجَّل الرد على الوسيلة الإعلامية بعد. تُبلغ وحدة الشكاوى الوسيلة بالحل أو بالإجراءات المتخذة بعد إغلاق الطلب.",
    replyPending: "يُرد على الوسيلة الإعلامية بعد إغلاق الطلب.",
    replied: (day: string, means: string, name: string) => `رُدّ عليها في ${day} — ${means}${name ? ` — سجّله ${name}` : ""}`,
    formTitle: "تسجيل الرد على الوسيلة الإعلامية",
    formHint: "سجّل هنا ما أُبلغت به الوسيلة الإعلامية التي نشرت الشكوى: الحل أو الإجراءات أو المقترحات. لا يظهر للمواطن.",
    repliedOn: "تاريخ الرد",
    repliedOnHint: "بصيغة 2026-11-26.",
    means: "طريقة الرد",
    meansNames: {
      letter: "خطاب رسمي",
      email: "بريد إلكتروني",
      press_statement: "بيان صحفي",
      phone: "اتصال هاتفي",
      meeting: "لقاء",
    },
    text: "ملخص الرد",
    textHint: "ما قيل للوسيلة: الحل أو الإجراءات المتخذة أو المقترحات.",
    submit: "تسجيل الرد",
    listTitle: "الشكاوى الإعلامية",
    listLink: "الشكاوى الإعلامية والرد على الوسائل",
    listIntro:
      "الشكاوى التي رصدتها الوحدة في وسائل الإعلام وسجّلتها. بعد إغلاق الطلب تُبلغ الوحدة الوسيلة الإعلامية بالحل أو بالإجراءات، ثم تسجّل الرد في صفحة الطلب.",
    tabs: { awaiting: "بانتظار الرد على الوسيلة", open: "قيد المعالجة", answered: "رُدّ عليها" },
    empty: {
      awaiting: "لا توجد شكوى إعلامية مغلقة بانتظار الرد على الوسيلة.",
      open: "لا توجد شكوى إعلامية قيد المعالجة.",
      answered: "لم يُسجَّل رد على أي وسيلة إعلامية بعد.",
    },
    colReference: "الرقم المرجعي",
    colOutlet: "الوسيلة",
    colPublished: "تاريخ النشر",
    colAgency: "الجهة",
    colSubject: "الموضوع",
    colStatus: "الحالة",
    colClosed: "أُغلق في",
    colOutcome: "النتيجة",
    colReplied: "الرد",
    colWaiting: "مدة الانتظار",
    waitingDays: (n: number) => (n === 0 ? "اليوم" : arabicCount(n, "يوم واحد", "يومان", "أيام", "يومًا")),
  },
};
