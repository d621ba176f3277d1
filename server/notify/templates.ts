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
