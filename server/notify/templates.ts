// Message texts by template and language. SMS texts stay within two segments (134
// UCS-2 characters in Arabic, test/unit/notify/sms-length.test.ts); the reference alone
// takes 16. Deadlines are "by the end of" a day (حتى نهاية يوم): a deadline is the
// midnight that ends its last day, so "قبل" (before) the date would be a day short.
import { smsSegments } from "./sms-length.ts";
import { CALENDAR_EMAIL, CALENDAR_SMS } from "./calendar-templates.ts";

type Payload = Record<string, unknown>;

import { formatDay, ltr } from "../calendar/format.ts";

const DAY_FIELDS = ["due", "reopenUntil", "unitFrom"] as const;

/**
 * The payload as a message shows it, through the same formatter as the pages: the
 * local dates jobs store ("2026-12-08") in words, so a deadline reads the same on
 * the page, in the SMS and in the email; in Arabic, the reference and the dates sit
 * in isolates (dates in email only) so the Arabic sentence cannot reorder them. English keeps plain text:
 * an isolate is not a GSM-7 character and would turn a 160-character SMS into a
 * 70-character one. SMS takes the short date (no weekday, no Hijri) to stay in one
 * segment; email has room for both calendars.
 */
function present(payload: Payload, lang: "ar" | "en", channel: "sms" | "email"): Payload {
  const p: Payload = { ...payload };
  const iso = (s: string) => (lang === "ar" ? ltr(s) : s);
  if (typeof p.reference === "string") p.reference = iso(p.reference);
  for (const k of DAY_FIELDS) {
    const v = p[k];
    if (typeof v !== "string" || !/^\d{4}-\d{2}-\d{2}$/.test(v)) continue;
    const text = formatDay(v, lang, { short: channel === "sms" });
    // An Arabic SMS date needs no isolate: its month name is Arabic, so the day and
    // year numbers stay on either side of it; the two characters are kept for the text.
    p[k] = lang === "ar" && channel === "email" ? `\u2068${text}\u2069` : text;
  }
  if (channel === "sms" && lang === "ar" && typeof p.link === "string") p.link = ltr(p.link);
  return p;
}

/** How a close ended, in the citizen's words (seed 001: the closing message carries the result). */
export const OUTCOME_TEXT: Record<"ar" | "en", Record<string, string>> = {
  ar: {
    resolved: "تم الحل",
    partially_resolved: "حُل جزئيًا",
    not_resolvable: "تعذّر الحل",
    duplicate: "طلب مكرر",
    no_response: "لعدم ردك",
    withdrawn: "سحبته",
    answered: "أُجيب عن استفسارك",
    acknowledged: "وصل ثناؤك إلى الجهة، شكرًا لك",
  },
  en: {
    resolved: "resolved",
    partially_resolved: "partly resolved",
    not_resolvable: "could not be resolved",
    duplicate: "duplicate",
    no_response: "no reply from you",
    withdrawn: "withdrawn",
    answered: "your inquiry was answered",
    acknowledged: "your praise reached the agency, thank you",
  },
};
const outcomeText = (lang: "ar" | "en", o: unknown) => OUTCOME_TEXT[lang][String(o)] ?? String(o ?? "");

/** Most SMS segments a closing message may take before the summary gives way to a link. */
export const CLOSED_SMS_MAX_SEGMENTS = 2;

/**
 * The closing SMS: outcome, then the resolution itself when the whole message fits two
 * segments, else the link to read it (or "read it in the hub" with no link).
 */
function closedSms(lang: "ar" | "en", p: Payload): string {
  const ar = lang === "ar";
  const head = ar
    ? `أُغلق طلبك ${p.reference}: ${outcomeText(lang, p.outcome)}.`
    : `Your request ${p.reference} was closed: ${outcomeText(lang, p.outcome)}.`;
  const tail = p.reopenUntil ? (ar ? ` لإعادة فتحه حتى نهاية ${p.reopenUntil}.` : ` Reopen by the end of ${p.reopenUntil}.`) : "";
  const summary = typeof p.summary === "string" ? p.summary.replace(/\s+/g, " ").trim() : "";
  if (summary) {
    const full = `${head} ${summary}${tail}`;
    if (smsSegments(full).segments <= CLOSED_SMS_MAX_SEGMENTS) return full;
  }
  const link = typeof p.link === "string" && p.link ? p.link : null;
  const pointer = link ? (ar ? `الرد: ${link}` : `Answer: ${link}`) : ar ? "الرد في المنصة." : "Read the answer in the hub.";
  // A long link leaves no room for the reopening date: the linked page shows it.
  const withTail = `${head} ${pointer}${tail}`;
  return smsSegments(withTail).segments <= CLOSED_SMS_MAX_SEGMENTS ? withTail : `${head} ${pointer}`;
}

const KIND_TEXT: Record<"ar" | "en", Record<string, string>> = {
  ar: { complaint: "شكوى", inquiry: "استفسار", suggestion: "اقتراح", praise: "ثناء", report: "بلاغ" },
  en: { complaint: "complaint", inquiry: "inquiry", suggestion: "suggestion", praise: "praise", report: "report" },
};
const kindText = (lang: "ar" | "en", k: unknown) => KIND_TEXT[lang][String(k)] ?? KIND_TEXT[lang].complaint!;
// "A new complaint" agrees in gender in Arabic: شكوى is feminine, the other kinds masculine.
const newKind = (lang: "ar" | "en", k: unknown) =>
  lang === "ar"
    ? `${kindText("ar", k)} ${String(k) === "complaint" || !KIND_TEXT.ar[String(k)] ? "جديدة" : "جديد"}`
    : `new ${kindText("en", k)}`;

export const SMS_TEMPLATES: Record<string, Record<"ar" | "en", (p: Payload) => string>> = {
  ...CALENDAR_SMS,
  // The receipt says where to follow the request: many who get it (call-centre
  // callers) have no account, and /track needs only the reference and this number.
  complaint_received: {
    ar: (p) => `استلمنا طلبك ${p.reference}. تابعه: ${p.track}`,
    en: (p) => `We received your request ${p.reference}. Follow it at ${p.track}`,
  },
  complaint_accepted: {
    ar: (p) => `قبلت الجهة طلبك ${p.reference}، والرد قبل نهاية ${p.due}.`,
    en: (p) => `The agency accepted your request ${p.reference}; expect an answer by the end of ${p.due}.`,
  },
  info_requested: {
    // One segment with the warning the seeds require: 70 characters at the longest, with
    // the reference in isolates and the date in words ("30 نوفمبر 2026").
    ar: (p) => `نحتاج معلومات لـ${p.reference} حتى نهاية ${p.due} وإلا أُغلق.`,
    en: (p) => `The agency needs information for ${p.reference}. Send it in the hub by the end of ${p.due}, or the request will be closed.`,
  },
  // A transfer withdrew the agency's question (server/complaints/effects.ts, transfer).
  info_request_withdrawn: {
    ar: (p) => `أُحيل طلبك ${p.reference} إلى جهة أخرى، فسُحب طلب المعلومات ولا حاجة إلى الرد.`,
    en: (p) => `Your request ${p.reference} moved to another agency, so the information request is withdrawn: no reply needed.`,
  },
  complaint_closed: {
    ar: (p) => closedSms("ar", p),
    en: (p) => closedSms("en", p),
  },
  info_reminder: {
    ar: (p) => `تذكير: ردك على ${p.reference} حتى نهاية ${p.due} وإلا أُغلق.`,
    en: (p) => `Reminder: the agency awaits your answer on ${p.reference} by the end of ${p.due}, or the request will be closed.`,
  },
  // To liaison officers who chose SMS as well as email (server/notify/agency.ts).
  agency_new: {
    ar: (p) => `وصل إلى جهتكم طلب جديد (${kindText("ar", p.kind)}) ${p.reference}. قرروا الاختصاص في البوابة.`,
    en: (p) => `New ${kindText("en", p.kind)} ${p.reference} for your agency. Decide on jurisdiction in the portal.`,
  },
  agency_transferred_in: {
    ar: (p) => `أحالت وحدة الشكاوى الطلب ${p.reference} إلى جهتكم. راجعوه في البوابة.`,
    en: (p) => `The complaints unit transferred ${p.reference} to your agency. Review it in the portal.`,
  },
  agency_reopened: {
    ar: (p) => `أعاد المواطن فتح الطلب ${p.reference}. راجعوه في البوابة.`,
    en: (p) => `The citizen reopened ${p.reference}. Review it in the portal.`,
  },
  agency_answered: {
    ar: (p) => `ردّ المواطن على طلب المعلومات في ${p.reference}. استأنفوا المعالجة.`,
    en: (p) => `The citizen answered your question on ${p.reference}. Resume work on it.`,
  },
  agency_followup: {
    ar: (p) => `متابعة من وحدة الشكاوى على الطلب ${p.reference}. راجعوها في البوابة.`,
    en: (p) => `The complaints unit followed up on ${p.reference}. See it in the portal.`,
  },
  report_received: {
    ar: (p) => `استلمنا بلاغك ${p.reference}، والرد قبل نهاية ${p.due}.`,
    en: (p) => `We received your report ${p.reference}; the unit answers by the end of ${p.due}.`,
  },
  report_answered: {
    ar: (p) => `ردّت وحدة الشكاوى على بلاغك ${p.reference}. اطلع عليه في المنصة.`,
    en: (p) => `The complaints unit answered your report ${p.reference}. Read it in the hub.`,
  },
  report_closed: {
    ar: (p) => `أُغلق بلاغك ${p.reference}. اطلع على الرد في المنصة وقيّمه.`,
    en: (p) => `Your report ${p.reference} was closed. Read and rate the answer in the hub.`,
  },
  satisfaction_invite: {
    ar: (p) => `قيّم معالجة طلبك ${p.reference}: ${p.link}`,
    en: (p) => `Rate how ${p.reference} was handled: ${p.link}`,
  },
};

/**
 * The public tracking page as an SMS shows it: without "https://", which costs seven
 * characters of a 70-character Arabic segment (phones still link a bare host).
 */
export function trackAddress(publicUrl: string): string {
  return `${publicUrl.replace(/\/+$/, "").replace(/^https:\/\//, "")}/track`;
}

export function renderSms(template: string, lang: "ar" | "en", payload: Payload, ctx: { publicUrl?: string } = {}): string {
  const t = SMS_TEMPLATES[template];
  if (!t) throw new Error(`no SMS template "${template}"`);
  return t[lang](present({ ...payload, track: trackAddress(ctx.publicUrl ?? "") }, lang, "sms"));
}

/** An agency's name from a payload ({ ar, en }), or "another agency" when it has none. */
const agencyOr = (lang: "ar" | "en", a: unknown): string => {
  const n = a && typeof a === "object" ? (a as Record<string, unknown>)[lang] : undefined;
  return typeof n === "string" && n ? n : lang === "ar" ? "جهة أخرى" : "another agency";
};

export const EMAIL_TEMPLATES: Record<string, Record<"ar" | "en", (p: Payload) => { subject: string; text: string }>> = {
  ...CALENDAR_EMAIL,
  complaint_received: {
    ar: (p) => ({
      subject: `استلمنا طلبك ${p.reference}`,
      text: `استلمت منصة الشكاوى الحكومية طلبك برقم ${p.reference}.\nسنبلغك بكل جديد، ويمكنك متابعة طلبك في المنصة تحت «طلباتي».`,
    }),
    en: (p) => ({
      subject: `We received your request ${p.reference}`,
      text: `The government complaints hub received your request ${p.reference}.\nWe will keep you informed; follow it in the hub under "My requests".`,
    }),
  },
  complaint_accepted: {
    ar: (p) => ({
      subject: `قبلت الجهة طلبك ${p.reference}`,
      text: `قبلت الجهة المختصة النظر في طلبك ${p.reference}، وستردّ عليك قبل نهاية يوم ${p.due}.\nتابع طلبك في المنصة تحت «طلباتي».`,
    }),
    en: (p) => ({
      subject: `The agency accepted your request ${p.reference}`,
      text: `The responsible agency accepted your request ${p.reference} and will answer by the end of ${p.due}.\nFollow it in the hub under "My requests".`,
    }),
  },
  info_requested: {
    ar: (p) => ({
      subject: `مطلوب معلومات لطلبك ${p.reference}`,
      text: `تحتاج الجهة معلومات إضافية لمعالجة طلبك ${p.reference}.\nاقرأ الطلب وأرسل ردك من صفحة الطلب في المنصة حتى نهاية يوم ${p.due}، وإلا أُغلق الطلب لعدم الرد.`,
    }),
    en: (p) => ({
      subject: `Information needed for your request ${p.reference}`,
      text: `The agency needs more information to handle your request ${p.reference}.\nRead the question and answer it on the request's page in the hub by the end of ${p.due}; otherwise the request is closed for lack of a reply.`,
    }),
  },
  info_request_withdrawn: {
    ar: (p) => ({
      subject: `سُحب طلب المعلومات على طلبك ${p.reference}`,
      text: `أحالت وحدة الشكاوى الحكومية طلبك ${p.reference} إلى ${agencyOr("ar", p.toAgency)}، فسُحب طلب المعلومات الذي أرسلته الجهة السابقة ولا حاجة إلى الرد عليه.\nتتولى الجهة الجديدة طلبك، وقد تطلب منك ما تحتاجه بعد قبوله.`,
    }),
    en: (p) => ({
      subject: `The information request on ${p.reference} is withdrawn`,
      text: `The national complaints unit moved your request ${p.reference} to ${agencyOr("en", p.toAgency)}, so the previous agency's information request is withdrawn and needs no reply.\nThe new agency now handles your request and may ask for what it needs once it accepts it.`,
    }),
  },
  complaint_closed: {
    ar: (p) => ({
      subject: `أُغلق طلبك ${p.reference}: ${outcomeText("ar", p.outcome)}`,
      text: `أغلقت الجهة طلبك ${p.reference}، والنتيجة: ${outcomeText("ar", p.outcome)}.${p.summary ? `\nالرد: ${p.summary}` : ""}\nاطلع على الرد كاملًا ومرفقاته في صفحة الطلب في المنصة.${p.reopenUntil ? `\nإن لم يُحلّ طلبك يمكنك إعادة فتحه من الصفحة نفسها حتى نهاية يوم ${p.reopenUntil}.` : ""}`,
    }),
    en: (p) => ({
      subject: `Your request ${p.reference} was closed: ${outcomeText("en", p.outcome)}`,
      text: `The agency closed your request ${p.reference}; outcome: ${outcomeText("en", p.outcome)}.${p.summary ? `\nAnswer: ${p.summary}` : ""}\nRead the full answer and any attached files on the request's page in the hub.${p.reopenUntil ? `\nIf it was not resolved, you may reopen it from the same page until the end of ${p.reopenUntil}.` : ""}`,
    }),
  },
  info_reminder: {
    ar: (p) => ({
      subject: `تذكير: مطلوب ردك على الطلب ${p.reference}`,
      text: `ما زالت الجهة تنتظر المعلومات المطلوبة لطلبك ${p.reference}.\nأرسل ردك من صفحة الطلب حتى نهاية يوم ${p.due}، وإلا أُغلق الطلب لعدم الرد (ويمكنك إعادة فتحه بعد ذلك خلال المهلة).`,
    }),
    en: (p) => ({
      subject: `Reminder: your answer is needed on ${p.reference}`,
      text: `The agency is still waiting for the information it asked for on your request ${p.reference}.\nAnswer on the request's page by the end of ${p.due}; otherwise it is closed for lack of a reply (you may reopen it within the window afterwards).`,
    }),
  },
  satisfaction_invite: {
    ar: (p) => ({
      subject: `كيف كانت معالجة طلبك ${p.reference}؟`,
      text: `أُغلق طلبك ${p.reference}. نرجو تقييم المعالجة: هل حُلّت مشكلتك، وكم نجمة تعطي الخدمة؟\nالرابط صالح مرة واحدة لمدة 14 يومًا ولا يحتاج إلى تسجيل دخول.`,
    }),
    en: (p) => ({
      subject: `How was your request ${p.reference} handled?`,
      text: `Your request ${p.reference} was closed. Please rate how it was handled: was it resolved, and how many stars would you give?\nThe link works once, for 14 days, without signing in.`,
    }),
  },
  report_received: {
    ar: (p) => ({
      subject: `استلمنا بلاغك الرقمي ${p.reference}`,
      text: `استلمت وحدة الشكاوى الحكومية بلاغك الرقمي ${p.reference}، وسترد عليك قبل نهاية يوم ${p.due}.\nتابع البلاغ في المنصة تحت «بلاغاتي الرقمية».`,
    }),
    en: (p) => ({
      subject: `We received your digital report ${p.reference}`,
      text: `The national complaints unit received your digital report ${p.reference} and will answer by the end of ${p.due}.\nFollow it in the hub under "My digital reports".`,
    }),
  },
  report_answered: {
    ar: (p) => ({
      subject: `ردّت الوحدة على بلاغك ${p.reference}`,
      text: `ردّت وحدة الشكاوى الحكومية على بلاغك ${p.reference}. اقرأ الرد في صفحة البلاغ.`,
    }),
    en: (p) => ({
      subject: `The unit answered your report ${p.reference}`,
      text: `The national complaints unit answered your report ${p.reference}. Read the answer on the report's page.`,
    }),
  },
  report_closed: {
    ar: (p) => ({
      subject: `أُغلق بلاغك ${p.reference}`,
      text: `أغلقت وحدة الشكاوى الحكومية بلاغك ${p.reference}. اقرأ الرد في صفحة البلاغ وقيّمه.`,
    }),
    en: (p) => ({
      subject: `Your report ${p.reference} was closed`,
      text: `The national complaints unit closed your report ${p.reference}. Read and rate the answer on the report's page.`,
    }),
  },
  report_warning: {
    ar: (p) => ({
      subject: `تنبيه: يقترب موعد الرد على البلاغ ${p.reference}`,
      text: `ينتهي موعد رد الوحدة على البلاغ الرقمي ${p.reference} بنهاية يوم ${p.due}.`,
    }),
    en: (p) => ({
      subject: `Warning: report ${p.reference} is due soon`,
      text: `The unit's answer to digital report ${p.reference} is due by the end of ${p.due}.`,
    }),
  },
  report_overdue: {
    ar: (p) => ({
      subject: `تصعيد: تجاوز البلاغ ${p.reference} موعد الرد`,
      text: `تجاوز البلاغ الرقمي ${p.reference} موعد رد الوحدة (نهاية يوم ${p.due}) دون إغلاق، فصُعّد إلى رئيس الوحدة.`,
    }),
    en: (p) => ({
      subject: `Escalation: report ${p.reference} is overdue`,
      text: `Digital report ${p.reference} passed the unit's answer date (end of ${p.due}) without being closed, so it is escalated to the head of the unit.`,
    }),
  },
  followup_overdue: {
    ar: (p) => ({
      subject: `مطلوب رد الجهة على استيضاح البلاغ ${p.reference}`,
      text: `لم ترد الجهة على استيضاح وحدة الشكاوى الحكومية بشأن البلاغ ${p.reference} في موعده (نهاية يوم ${p.due}). نرجو الرد من بوابة ضابط الارتباط.`,
    }),
    en: (p) => ({
      subject: `Agency reply needed on report ${p.reference}`,
      text: `The agency has not answered the national unit's question on report ${p.reference} by its deadline (end of ${p.due}). Please reply from the liaison portal.`,
    }),
  },
  agency_new: {
    ar: (p) => ({
      subject: `${newKind("ar", p.kind)} لجهتكم: ${p.reference}`,
      text:
        String(p.kind) === "praise"
          ? `وصل إلى جهتكم ثناء جديد برقم ${p.reference}.${p.praisedStaff ? `\nالموظف المُثنى عليه: ${p.praisedStaff}` : ""}\nأبلغوه الثناء، ثم أكدوا استلامه في بوابة ضابط الارتباط.`
          : `وصل إلى جهتكم ${newKind("ar", p.kind)} برقم ${p.reference}.\nافتحوه في بوابة ضابط الارتباط وقرروا هل هو من اختصاصكم، ثم حددوا مدة المعالجة.`,
    }),
    en: (p) => ({
      subject: `New ${kindText("en", p.kind)} for your agency: ${p.reference}`,
      text:
        String(p.kind) === "praise"
          ? `New praise, ${p.reference}, has reached your agency.${p.praisedStaff ? `\nStaff member praised: ${p.praisedStaff}` : ""}\nPass it on, then acknowledge it in the liaison portal.`
          : `A new ${kindText("en", p.kind)}, ${p.reference}, has reached your agency.\nOpen it in the liaison portal, decide whether it is within your jurisdiction, then set the resolution period.`,
    }),
  },
  agency_transferred_in: {
    ar: (p) => ({
      subject: `أحيل إليكم الطلب ${p.reference}`,
      text: `أحالت وحدة الشكاوى الحكومية الطلب ${p.reference} إلى جهتكم${p.fromAgency ? ` من جهة أخرى` : ""}.${p.reason ? `\nسبب الإحالة: ${p.reason}` : ""}\nافتحوه في بوابة ضابط الارتباط وقرروا الاختصاص.`,
    }),
    en: (p) => ({
      subject: `${p.reference} was transferred to you`,
      text: `The national complaints unit transferred ${p.reference} to your agency${p.fromAgency ? " from another agency" : ""}.${p.reason ? `\nReason: ${p.reason}` : ""}\nOpen it in the liaison portal and decide on jurisdiction.`,
    }),
  },
  agency_reopened: {
    ar: (p) => ({
      subject: `أُعيد فتح الطلب ${p.reference}`,
      text: `أعاد المواطن فتح الطلب ${p.reference} بعد إغلاقه.${p.reason ? `\nالسبب: ${p.reason}` : ""}\nيُفضّل أن يراجعه موظف غير الذي أغلقه.`,
    }),
    en: (p) => ({
      subject: `${p.reference} was reopened`,
      text: `The citizen reopened ${p.reference} after it was closed.${p.reason ? `\nReason: ${p.reason}` : ""}\nPreferably someone other than the officer who closed it reviews it.`,
    }),
  },
  agency_answered: {
    ar: (p) => ({
      subject: `ردّ المواطن على الطلب ${p.reference}`,
      text: `أرسل المواطن المعلومات التي طلبتموها في الطلب ${p.reference}، واستؤنف احتساب مدة المعالجة.\nاقرؤوا الرد في بوابة ضابط الارتباط.`,
    }),
    en: (p) => ({
      subject: `The citizen answered on ${p.reference}`,
      text: `The citizen sent the information you asked for on ${p.reference}, and the resolution clock runs again.\nRead the answer in the liaison portal.`,
    }),
  },
  agency_followup: {
    ar: (p) => ({
      subject: `متابعة من وحدة الشكاوى: ${p.reference}`,
      text: `أرسلت وحدة الشكاوى الحكومية متابعة بشأن الطلب ${p.reference}.${p.note ? `\n${p.note}` : ""}${p.due ? `\nالموعد الجديد: حتى نهاية يوم ${p.due}.` : ""}`,
    }),
    en: (p) => ({
      subject: `Follow-up from the complaints unit: ${p.reference}`,
      text: `The national complaints unit followed up on ${p.reference}.${p.note ? `\n${p.note}` : ""}${p.due ? `\nNew deadline: by the end of ${p.due}.` : ""}`,
    }),
  },
  agency_digest: {
    ar: (p) => ({
      subject: `ملخص اليوم ${p.day}: ${p.waiting} بانتظار قرار الاختصاص`,
      text: `في جهتكم اليوم ${p.waiting} طلب بانتظار قرار الاختصاص، و${p.overdue} طلب تجاوز موعده.\nافتحوا صندوق الوارد في بوابة ضابط الارتباط.`,
    }),
    en: (p) => ({
      subject: `Daily summary ${p.day}: ${p.waiting} awaiting a jurisdiction decision`,
      text: `Your agency has ${p.waiting} requests awaiting a jurisdiction decision and ${p.overdue} past their deadline today.\nOpen the inbox in the liaison portal.`,
    }),
  },
  sla_warning: {
    ar: (p) => ({
      subject: `تنبيه: يقترب موعد معالجة الطلب ${p.reference}`,
      text: `ينتهي موعد معالجة الطلب ${p.reference} بنهاية يوم ${p.due}.\nأغلقه بالرد على المواطن قبل ذلك، أو اطلب منه المعلومات الناقصة؛ وإلا صُعّد إلى المستوى الأول.`,
    }),
    en: (p) => ({
      subject: `Warning: ${p.reference} is due soon`,
      text: `The resolution window of ${p.reference} ends at the end of ${p.due}.\nClose it with an answer to the citizen before then, or ask for missing information; otherwise it escalates to level 1.`,
    }),
  },
  sla_escalation: {
    ar: (p) => ({
      subject: `تصعيد (المستوى ${p.level}): تجاوز الطلب ${p.reference} موعده`,
      text: `تجاوز الطلب ${p.reference} موعد معالجته (نهاية يوم ${p.due}) دون إغلاق، فصُعّد إليكم بصفتكم المستوى ${p.level}.\nراجعوه مع ضابط الارتباط في الجهة واتخذوا الإجراء اللازم.`,
    }),
    en: (p) => ({
      subject: `Escalation (level ${p.level}): ${p.reference} is overdue`,
      text: `Request ${p.reference} passed its resolution date (end of ${p.due}) without being closed, so it is escalated to you as level ${p.level}.\nPlease review it with the agency's liaison officer and act on it.`,
    }),
  },
  sla_jurisdiction_overdue: {
    ar: (p) => ({
      subject: `تصعيد: لم يُبتّ في اختصاص الطلب ${p.reference}`,
      text: `لم تقبل الجهة الطلب ${p.reference} أو ترفضه في المدة المحددة لقرار الاختصاص، فصُعّد إليكم، ويظهر لوحدة الشكاوى الحكومية.\nاتخذوا قرار الاختصاص في البوابة.`,
    }),
    en: (p) => ({
      subject: `Escalation: no jurisdiction decision on ${p.reference}`,
      text: `The agency neither accepted nor rejected ${p.reference} within the time for a jurisdiction decision, so it is escalated to you and shown to the national complaints unit.\nPlease decide on jurisdiction in the portal.`,
    }),
  },
};

const escape = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

/**
 * Plain text and HTML from one template, each with the link to act on: staff templates
 * link to the staff page of the complaint, citizen templates to theirs (or to the link
 * the payload carries, such as the satisfaction form).
 */
export function renderEmail(
  template: string,
  lang: "ar" | "en",
  payload: Payload,
  ctx: { publicUrl?: string } = {},
): { subject: string; text: string; html: string } {
  const t = EMAIL_TEMPLATES[template];
  if (!t) throw new Error(`no email template "${template}"`);
  const { subject, text: body } = t[lang](present(payload, lang, "email"));
  // Which agency it is about, named in the reader's language.
  const agency = payload.agency as { ar?: string; en?: string } | undefined;
  const agencyName = agency?.[lang];
  const text = agencyName ? `${body}\n${lang === "ar" ? "الجهة" : "Agency"}: ${agencyName}` : body;
  const base = ctx.publicUrl ?? "";
  const page = template.startsWith("report_") ? "reports" : "complaints";
  const staffPage = template.startsWith("sla_") || template.startsWith("agency_");
  const link =
    typeof payload.link === "string"
      ? payload.link.startsWith("/")
        ? base + payload.link
        : payload.link
      : template === "agency_digest"
        ? `${base}/agency`
        : payload.reference
          ? `${base}${staffPage ? "/staff" : ""}/${page}/${payload.reference}`
          : null;
  const full = link ? `${text}\n\n${link}` : text;
  const dir = lang === "ar" ? "rtl" : "ltr";
  const paragraphs = text
    .split("\n")
    .map((l) => `<p>${escape(l)}</p>`)
    .join("");
  const html = `<!doctype html><html lang="${lang}" dir="${dir}"><body style="font-family:Tahoma,Arial,sans-serif">${paragraphs}${link ? `<p><a href="${escape(link)}">${escape(link)}</a></p>` : ""}</body></html>`;
  return { subject, text: full, html };
}
