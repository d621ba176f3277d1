// Message texts by template and language. SMS texts stay within one UCS-2 segment
// (70 characters) in Arabic: the reference alone takes 16.
type Payload = Record<string, unknown>;

export const SMS_TEMPLATES: Record<string, Record<"ar" | "en", (p: Payload) => string>> = {
  complaint_received: {
    ar: (p) => `استلمنا طلبك ${p.reference}. سنبلغك بكل جديد.`,
    en: (p) => `We received your request ${p.reference}. We will keep you informed.`,
  },
};

export function renderSms(template: string, lang: "ar" | "en", payload: Payload): string {
  const t = SMS_TEMPLATES[template];
  if (!t) throw new Error(`no SMS template "${template}"`);
  return t[lang](payload);
}

export const EMAIL_TEMPLATES: Record<string, Record<"ar" | "en", (p: Payload) => { subject: string; text: string }>> = {
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
};

export function renderEmail(template: string, lang: "ar" | "en", payload: Payload): { subject: string; text: string } {
  const t = EMAIL_TEMPLATES[template];
  if (!t) throw new Error(`no email template "${template}"`);
  return t[lang](payload);
}
