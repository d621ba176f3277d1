import { describe, expect, it } from "vitest";
import { smsSegments } from "../../../server/notify/sms-length.ts";
import { CLOSED_SMS_MAX_SEGMENTS, EMAIL_TEMPLATES, SMS_TEMPLATES, renderEmail, renderSms } from "../../../server/notify/templates.ts";
import { AGENCY_EVENTS } from "../../../server/notify/agency.ts";
import { formatDay, ltr } from "../../../server/calendar/format.ts";

// What the seeds ask the messages to say (000, 001): the information request gives the
// exact last day and warns that the request is closed without an answer; the closing
// message carries the outcome and, when it fits, the answer itself.

const REF = "CMP-2026-WXYZ23";
// Arabic texts hold the reference in isolates and show dates in words, through the one
// formatter the pages use (server/calendar/format.ts).
const AR_REF = ltr(REF);
const AR_DAY = formatDay("2026-11-30", "ar", { short: true });
const EN_DAY = formatDay("2026-11-30", "en", { short: true });

describe("information request and reminder", () => {
  for (const template of ["info_requested", "info_reminder"]) {
    it(`"${template}" gives the last day as "by the end of" it and warns of closure, in both languages`, () => {
      const ar = renderSms(template, "ar", { reference: REF, due: "2026-11-30" });
      expect(ar).toContain(`حتى نهاية ${AR_DAY}`);
      expect(ar).toContain("وإلا أُغلق");
      // "قبل" a date means the day before it: the deadline is the end of that day.
      expect(ar).not.toContain("قبل");
      expect(smsSegments(ar).segments).toBe(1);
      const en = renderSms(template, "en", { reference: REF, due: "2026-11-30" });
      expect(en).toContain(`by the end of ${EN_DAY}`);
      expect(en).toContain("closed");
      const mailAr = renderEmail(template, "ar", { reference: REF, due: "2026-11-30" });
      expect(mailAr.text).toContain(`حتى نهاية يوم \u2068${formatDay("2026-11-30", "ar")}\u2069`);
      expect(mailAr.text).toContain("وإلا أُغلق الطلب");
      expect(renderEmail(template, "en", { reference: REF, due: "2026-11-30" }).text).toContain(
        `by the end of ${formatDay("2026-11-30", "en")}; otherwise`,
      );
    });
  }
});

describe("the closing message", () => {
  const link = `https://shakawa.gov.example/complaints/${REF}`;
  it("carries the outcome and a short answer whole, within two segments", () => {
    const ar = renderSms("complaint_closed", "ar", {
      reference: REF,
      outcome: "resolved",
      summary: "رُدمت الحفرة وأعيد الرصف.",
      link,
      reopenUntil: "2026-11-30",
    });
    expect(ar).toBe(`أُغلق طلبك ${AR_REF}: تم الحل. رُدمت الحفرة وأعيد الرصف. لإعادة فتحه حتى نهاية ${AR_DAY}.`);
    expect(smsSegments(ar).segments).toBeLessThanOrEqual(CLOSED_SMS_MAX_SEGMENTS);
    const en = renderSms("complaint_closed", "en", {
      reference: REF,
      outcome: "not_resolvable",
      summary: "The road belongs to the ministry of transport.",
      link,
      reopenUntil: "2026-11-30",
    });
    expect(en).toBe(
      `Your request ${REF} was closed: could not be resolved. The road belongs to the ministry of transport. Reopen by the end of ${EN_DAY}.`,
    );
    expect(smsSegments(en).segments).toBeLessThanOrEqual(CLOSED_SMS_MAX_SEGMENTS);
  });

  it("gives a link instead of an answer too long for two segments", () => {
    const long =
      "رُدمت الحفرة وأعيد رصف المسار بالكامل بعد التنسيق مع المقاول وإدارة المرور، وسيُراقب الموقع أسبوعين للتأكد من عدم تكرار الهبوط.";
    const ar = renderSms("complaint_closed", "ar", {
      reference: REF,
      outcome: "partially_resolved",
      summary: long,
      link,
      reopenUntil: "2026-11-30",
    });
    expect(ar).toContain("حُل جزئيًا");
    expect(ar).toContain(link);
    expect(ar).not.toContain("رُدمت");
    expect(smsSegments(ar).segments).toBeLessThanOrEqual(CLOSED_SMS_MAX_SEGMENTS);
    const en = renderSms("complaint_closed", "en", {
      reference: REF,
      outcome: "resolved",
      summary: "x ".repeat(200),
      link,
      reopenUntil: "2026-11-30",
    });
    expect(en).toContain(`Answer: ${link}`);
    expect(smsSegments(en).segments).toBeLessThanOrEqual(CLOSED_SMS_MAX_SEGMENTS);
    // No link known: it points to the hub.
    expect(renderSms("complaint_closed", "ar", { reference: REF, outcome: "resolved", summary: long })).toContain("الرد في المنصة");
  });

  it("the email's subject and text carry the outcome and the answer in both languages", () => {
    const ar = renderEmail("complaint_closed", "ar", {
      reference: REF,
      outcome: "resolved",
      summary: "رُدمت الحفرة",
      reopenUntil: "2026-11-30",
    });
    expect(ar.subject).toBe(`أُغلق طلبك ${AR_REF}: تم الحل`);
    expect(ar.text).toContain("الرد: رُدمت الحفرة");
    const en = renderEmail("complaint_closed", "en", { reference: REF, outcome: "duplicate", summary: "Same as CMP-2026-AAAAAA" });
    expect(en.subject).toBe(`Your request ${REF} was closed: duplicate`);
    expect(en.text).toContain("Answer: Same as CMP-2026-AAAAAA");
  });
});

describe("liaison officers' messages", () => {
  for (const event of AGENCY_EVENTS) {
    it(`"${event}" exists in both languages by email and SMS, links to the staff page, and fits two SMS segments`, () => {
      expect(EMAIL_TEMPLATES[event]).toBeDefined();
      expect(SMS_TEMPLATES[event]).toBeDefined();
      for (const lang of ["ar", "en"] as const) {
        const mail = renderEmail(
          event,
          lang,
          { reference: REF, kind: "complaint", reason: "سبب", note: "ملاحظة", due: "2026-11-30" },
          { publicUrl: "https://hub.example" },
        );
        expect(mail.text).toContain(REF);
        expect(mail.text).toContain(`https://hub.example/staff/complaints/${REF}`);
        expect(mail.text).not.toContain("undefined");
        const sms = renderSms(event, lang, { reference: REF, kind: "suggestion" });
        expect(sms).toContain(REF);
        expect(smsSegments(sms).segments).toBeLessThanOrEqual(2);
      }
    });
  }

  it("names a new complaint with the right gender in Arabic", () => {
    expect(renderEmail("agency_new", "ar", { reference: REF, kind: "complaint" }).subject).toBe(`شكوى جديدة لجهتكم: ${AR_REF}`);
    expect(renderEmail("agency_new", "ar", { reference: REF, kind: "inquiry" }).subject).toBe(`استفسار جديد لجهتكم: ${AR_REF}`);
    expect(renderEmail("agency_new", "en", { reference: REF, kind: "praise" }).subject).toBe(`New praise for your agency: ${REF}`);
  });

  it("the daily digest links to the inbox", () => {
    const d = renderEmail("agency_digest", "en", { day: "2026-11-22", waiting: 4, overdue: 1 }, { publicUrl: "https://hub.example" });
    expect(d.subject).toBe("Daily summary 2026-11-22: 4 awaiting a jurisdiction decision");
    expect(d.text).toContain("https://hub.example/agency");
  });
});

describe("the citizen's delay notice (seed 002 §5.1.11: the reasons for a delay and when an answer can come)", () => {
  const payload = (stage: string) => ({
    reference: REF,
    stage,
    due: "2026-11-19",
    unitFrom: "2026-11-30",
    link: `/reports/new?complaint=${REF}`,
  });
  for (const stage of ["resolution", "jurisdiction"]) {
    it(`${stage}: the SMS names the request, the unit's day and the report, in two segments, in both languages`, () => {
      const ar = renderSms("citizen_delay", "ar", payload(stage));
      expect(ar).toContain(AR_REF);
      expect(ar).toContain(AR_DAY);
      expect(ar).toContain("وحدة الشكاوى");
      expect(ar).toContain("بلاغ");
      expect(ar).toContain(stage === "jurisdiction" ? "لم يُبتّ" : "تجاوز");
      const en = renderSms("citizen_delay", "en", payload(stage));
      expect(en).toContain(REF);
      expect(en).toContain(EN_DAY);
      expect(en).toContain("complaints unit");
      for (const text of [ar, en]) expect(smsSegments(text).segments, text).toBeLessThanOrEqual(2);
    });
  }
  it("the email gives the missed date, the reason, the unit's day and the digital report's link", () => {
    const ar = renderEmail("citizen_delay", "ar", payload("jurisdiction"), { publicUrl: "https://hub.example" });
    expect(ar.subject).toContain(REF);
    expect(ar.text).toContain("لم تبتّ الجهة في اختصاصها");
    expect(ar.text).toContain(`https://hub.example/reports/new?complaint=${REF}`);
    const en = renderEmail("citizen_delay", "en", payload("resolution"), { publicUrl: "https://hub.example" });
    expect(en.text).toContain("did not resolve your request");
    expect(en.text).toContain(formatDay("2026-11-19", "en"));
    expect(en.text).toContain(formatDay("2026-11-30", "en"));
    expect(en.text).toContain(`https://hub.example/reports/new?complaint=${REF}`);
  });
});
