/** SMS texts: short enough for one UCS-2 segment (70 characters) in Arabic. */
export function codeSms(code: string, lang: "ar" | "en"): string {
  return lang === "ar"
    ? `رمز التحقق في منصة الشكاوى: ${code}. صالح 5 دقائق. لا تشاركه.`
    : `Complaint Hub code: ${code}. Valid 5 minutes. Do not share it.`;
}
