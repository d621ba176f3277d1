// Citizen messages of the calendars and the escalation ladder (issues 17 and 14 §4),
// kept in their own file and spread into templates.ts so the lifecycle's messages can
// change beside them. SMS fit two UCS-2 segments in Arabic (test/unit/notify).
type Payload = Record<string, unknown>;

const movedWhy = (p: Payload, lang: "ar" | "en"): string => {
  const name = (lang === "ar" ? p.holidayAr : p.holidayEn) ?? p.holidayAr ?? p.holidayEn;
  const day = p.holidayDate ? String(p.holidayDate) : "";
  // A digital report counts on the national unit's calendar, a complaint on its agency's.
  const calAr = p.which === "report" ? "تقويم وحدة الشكاوى" : "تقويم الجهة";
  const calEn = p.which === "report" ? "the complaints unit's calendar" : "the agency's calendar";
  switch (p.why) {
    case "holiday_added":
      return lang === "ar"
        ? `أُضيفت عطلة رسمية${name ? ` (${name})` : ""}${day ? ` يوم ${day}` : ""} إلى ${calAr}.`
        : `A public holiday${name ? ` (${name})` : ""}${day ? ` on ${day}` : ""} was added to ${calEn}.`;
    case "holiday_removed":
      return lang === "ar"
        ? `أُلغيت عطلة${name ? ` (${name})` : ""}${day ? ` يوم ${day}` : ""} من ${calAr}.`
        : `A holiday${name ? ` (${name})` : ""}${day ? ` on ${day}` : ""} was removed from ${calEn}.`;
    default:
      return lang === "ar"
        ? "تغيّر تقويم عمل الجهة (أيام العمل أو العطل)."
        : "The agency's working calendar (working days or holidays) changed.";
  }
};

const beyondWhy = (p: Payload, lang: "ar" | "en"): string =>
  p.reason === "jurisdiction"
    ? lang === "ar"
      ? "لم تبتّ الجهة في اختصاصها بطلبك رغم التصعيد إلى المستوى الثالث"
      : "the agency did not decide whether the request is theirs, even after escalation to level 3"
    : lang === "ar"
      ? "لم تعالج الجهة طلبك في موعده رغم التصعيد إلى المستوى الثالث"
      : "the agency did not resolve the request in time, even after escalation to level 3";

export const CALENDAR_SMS: Record<string, Record<"ar" | "en", (p: Payload) => string>> = {
  citizen_delay: {
    ar: (p) =>
      `${p.stage === "jurisdiction" ? "لم يُبتّ بطلبك" : "تجاوز طلبك"} ${p.reference} موعده فصُعّد داخل الجهة، وإن لم يعالج بنهاية ${p.unitFrom} تتولاه وحدة الشكاوى. لك تقديم بلاغ الآن.`,
    en: (p) =>
      `${p.reference} passed its date (${p.due}) and was escalated inside the agency; if not dealt with by the end of ${p.unitFrom}, the complaints unit takes it. You may file a report now.`,
  },

  deadline_moved: {
    ar: (p) =>
      p.which === "report"
        ? `تغيّر موعد رد وحدة الشكاوى على بلاغك ${p.reference} بسبب تعديل التقويم، وأصبح نهاية ${p.due}.`
        : `تغيّر موعد طلبك ${p.reference} بسبب تعديل تقويم الجهة، وأصبح نهاية ${p.due}.`,
    en: (p) =>
      p.which === "report"
        ? `The complaints unit's answer to your report ${p.reference} moved with the calendar: now the end of ${p.due}.`
        : `The date of your request ${p.reference} moved with the agency's calendar: now the end of ${p.due}.`,
  },
  beyond_agency: {
    ar: (p) =>
      `طلبك ${p.reference} ${p.reason === "jurisdiction" ? "لم تبتّ الجهة في اختصاصه" : "تأخرت الجهة في معالجته"}، فأحيل لوحدة الشكاوى والرد بنهاية ${p.due}. لك تقديم بلاغ بالمنصة.`,
    en: (p) =>
      `${p.reference}: ${p.reason === "jurisdiction" ? "the agency did not decide on it" : "the agency is late"}, so the complaints unit took it; answer by the end of ${p.due}. You may file a report in the hub.`,
  },
};

export const CALENDAR_EMAIL: Record<string, Record<"ar" | "en", (p: Payload) => { subject: string; text: string }>> = {
  citizen_delay: {
    ar: (p) => ({
      subject: `تأخر الرد على طلبك ${p.reference}`,
      text: `${p.stage === "jurisdiction" ? "لم تبتّ الجهة في اختصاصها بطلبك" : "لم تعالج الجهة طلبك"} ${p.reference} حتى نهاية يوم ${p.due}، وهو الموعد المحدد، فصُعّد إلى المستوى الأول داخل الجهة لمتابعته.\nإن لم تعالجه الجهة حتى نهاية يوم ${p.unitFrom} تتولاه وحدة الشكاوى الحكومية وتبلغك بموعد الرد.\nيمكنك من الآن تقديم بلاغ رقمي عن التأخر من الرابط أدناه.`,
    }),
    en: (p) => ({
      subject: `Your request ${p.reference} is late`,
      text: `The agency did not ${p.stage === "jurisdiction" ? "decide whether your request is theirs" : "resolve your request"} ${p.reference} by the end of ${p.due}, its set date, so it was escalated to level 1 inside the agency.\nIf the agency has not dealt with it by the end of ${p.unitFrom}, the national complaints unit takes it over and tells you when to expect an answer.\nYou may already file a digital report about the delay at the link below.`,
    }),
  },
  deadline_moved: {
    ar: (p) => ({
      subject: `تغيّر موعد طلبك ${p.reference}`,
      text: `${movedWhy(p, "ar")}\nلذلك أصبح موعد ${p.which === "report" ? "رد وحدة الشكاوى الحكومية على بلاغك" : `${p.which === "jurisdiction" ? "قرار الجهة في اختصاص" : p.which === "info" ? "ردك على" : "معالجة"} طلبك`} ${p.reference} نهاية يوم ${p.due}${p.was ? ` بدلاً من ${p.was}` : ""}.`,
    }),
    en: (p) => ({
      subject: `The date of your request ${p.reference} changed`,
      text: `${movedWhy(p, "en")}\nSo the ${p.which === "report" ? "national complaints unit's answer to your report" : `${p.which === "jurisdiction" ? "agency's jurisdiction decision on" : p.which === "info" ? "deadline for your answer on" : "resolution date of"} your request`} ${p.reference} is now the end of ${p.due}${p.was ? ` instead of ${p.was}` : ""}.`,
    }),
  },
  beyond_agency: {
    ar: (p) => ({
      subject: `أحيل طلبك ${p.reference} إلى وحدة الشكاوى الحكومية`,
      text: `${beyondWhy(p, "ar")}، فأحيل إلى وحدة الشكاوى الحكومية لمتابعته.\nالموعد المتوقع للرد: نهاية يوم ${p.due}.\nيمكنك أيضاً تقديم بلاغ رقمي عن تأخر الجهة من الرابط أدناه.`,
    }),
    en: (p) => ({
      subject: `Your request ${p.reference} went to the national complaints unit`,
      text: `${beyondWhy(p, "en").replace(/^./, (c) => c.toUpperCase())}, so the national complaints unit now follows it.\nExpected answer: by the end of ${p.due}.\nYou may also file a digital report about the agency's delay at the link below.`,
    }),
  },
};
