import { describe, expect, it } from "vitest";
import { smsSegments } from "../../../server/notify/sms-length.ts";
import { SMS_TEMPLATES, renderSms, trackAddress } from "../../../server/notify/templates.ts";

// The longest values each placeholder takes in production.
const WORST = {
  reference: "CMP-2026-WXYZ23",
  due: "2026-11-30",
  reopenUntil: "2026-11-30",
  outcome: "partially_resolved",
  link: "https://shakawa.gov.example/rate/abcdefghijklmnopqrstuvwxyz234567",
  code: "12345",
  unitFrom: "2026-11-30",
};
// The deployment's address, which the receipt SMS names (/track).
const SITE = { publicUrl: "https://shakawa.gov.example" };

describe("SMS length", () => {
  it("counts GSM-7 and UCS-2 segments", () => {
    expect(smsSegments("a".repeat(160))).toEqual({ encoding: "gsm7", units: 160, segments: 1 });
    expect(smsSegments("a".repeat(161))).toEqual({ encoding: "gsm7", units: 161, segments: 2 });
    expect(smsSegments("€".repeat(80))).toMatchObject({ units: 160, segments: 1 });
    expect(smsSegments("ب".repeat(70))).toEqual({ encoding: "ucs2", units: 70, segments: 1 });
    expect(smsSegments("ب".repeat(71))).toEqual({ encoding: "ucs2", units: 71, segments: 2 });
    expect(smsSegments("ب".repeat(134))).toMatchObject({ segments: 2 });
    expect(smsSegments("ب".repeat(135))).toMatchObject({ segments: 3 });
  });

  for (const template of Object.keys(SMS_TEMPLATES)) {
    it(`"${template}" fits two segments in Arabic and in English`, () => {
      for (const lang of ["ar", "en"] as const) {
        const text = renderSms(template, lang, WORST, SITE);
        expect(text).not.toContain("undefined");
        expect(smsSegments(text).segments, `${lang}: ${text} (${text.length})`).toBeLessThanOrEqual(2);
      }
    });
  }

  it("the Arabic messages the citizen gets most often fit one segment", () => {
    for (const t of ["complaint_received", "complaint_accepted", "info_requested", "info_reminder"]) {
      const text = renderSms(t, "ar", WORST, SITE);
      expect(smsSegments(text).segments, `${t}: ${text} (${text.length})`).toBe(1);
    }
  });

  it("the receipt tells how to follow the request without an account: the /track address and the reference, in both languages", () => {
    expect(trackAddress("https://shakawa.gov.example/")).toBe("shakawa.gov.example/track");
    expect(trackAddress("http://localhost:3000")).toBe("http://localhost:3000/track");
    for (const lang of ["ar", "en"] as const) {
      const text = renderSms("complaint_received", lang, WORST, SITE);
      expect(text).toContain(WORST.reference);
      expect(text).toContain("shakawa.gov.example/track");
      expect(smsSegments(text).segments, `${lang}: ${text}`).toBe(1);
    }
  });
});
