/** Where a citizen hears from the hub: email if they chose it and have one, else SMS. */
export function citizenChannel(
  p: { mobile: string; email: string | null; lang: "ar" | "en" },
  notifyBy: string,
): { channel: "sms" | "email"; recipient: string; lang: "ar" | "en" } {
  return notifyBy === "email" && p.email
    ? { channel: "email", recipient: p.email, lang: p.lang }
    : { channel: "sms", recipient: p.mobile, lang: p.lang };
}
