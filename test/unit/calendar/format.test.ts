import { describe, expect, it } from "vitest";
import { createCalendar } from "../../../server/calendar/index.ts";
import { dateText, formatDay, formatNumber, formatRange, formatTime } from "../../../server/calendar/format.ts";
import { renderEmail, renderSms } from "../../../server/notify/templates.ts";
import { errorText } from "../../../views/i18n/errors.ts";
import { messages } from "../../../views/i18n/index.ts";

// The one formatter of dates and numbers people read (pages, SMS, email).

const ARABIC_INDIC = /[\u0660-\u0669\u06f0-\u06f9]/;
const riyadh = createCalendar({ timeZone: "Asia/Riyadh" });
const muscat = createCalendar({ timeZone: "Asia/Muscat" });

describe("the date and number formatter", () => {
  it("writes Latin digits in Arabic too: one digit system beside references and mobiles", () => {
    const ar = dateText(riyadh, "ar");
    for (const s of [
      ar.date("2026-12-08"),
      ar.at(new Date("2026-11-19T09:05:00Z")),
      ar.time(new Date("2026-11-19T09:05:00Z")),
      ar.number(12345),
      ar.range("2026-10-01", "2026-12-01"),
    ]) {
      expect(s).not.toMatch(ARABIC_INDIC);
      expect(s).toMatch(/\d/);
    }
    expect(ar.date("2026-12-08")).toBe("الثلاثاء، 8 ديسمبر 2026 (28 جمادى الآخرة 1448 هـ)");
    expect(formatNumber(12345, "ar")).toBe("12,345");
  });

  it("shows the Gregorian date with the Hijri (Umm al-Qura) date beside it, and the weekday once", () => {
    const en = dateText(riyadh, "en").date("2026-12-08");
    expect(en).toBe("Tuesday, 8 December 2026 (28 Jumada II 1448 AH)");
    expect(en.match(/Tuesday/g)).toHaveLength(1);
    expect(
      dateText(riyadh, "ar")
        .date("2026-12-08")
        .match(/الثلاثاء/g),
    ).toHaveLength(1);
  });

  it("always uses the deployment's zone, never the server's: 22:30 UTC is already the next day in Riyadh", () => {
    const late = new Date("2026-11-24T22:30:00Z");
    expect(dateText(riyadh, "en").at(late)).toBe("Wednesday, 25 November 2026 at 01:30 (15 Jumada II 1448 AH)");
    expect(formatTime(riyadh, late, "en")).toBe("01:30");
    expect(formatTime(muscat, late, "en")).toBe("02:30");
  });

  it("gives hours and minutes, never seconds", () => {
    const t = new Date("2026-11-19T09:05:59Z");
    expect(formatTime(riyadh, t, "ar")).toBe("12:05");
    expect(dateText(riyadh, "ar").at(t)).not.toMatch(/:\d\d:\d\d/);
  });

  it("reads a midnight deadline as the day it ends on", () => {
    // Midnight starting 9 December in Riyadh: the deadline is the end of 8 December.
    expect(dateText(riyadh, "en").deadline(new Date("2026-12-08T21:00:00Z"))).toBe(formatDay("2026-12-08", "en"));
  });

  it("keeps a period in order in Arabic: each date in its own isolate, from first", () => {
    const r = formatRange("2026-10-01", "2026-12-01", "ar");
    expect(r).toBe("\u20681 أكتوبر 2026\u2069 – \u20681 ديسمبر 2026\u2069");
    expect(r.indexOf("أكتوبر")).toBeLessThan(r.indexOf("ديسمبر"));
  });

  it("gives the same date on the page, in the SMS and in the email", () => {
    for (const lang of ["ar", "en"] as const) {
      const page = dateText(riyadh, lang).date("2026-12-08");
      const sms = renderSms("complaint_closed", lang, { reference: "CMP-2026-K3A8P4", reopenUntil: "2026-12-08" });
      const email = renderEmail("complaint_closed", lang, { reference: "CMP-2026-K3A8P4", reopenUntil: "2026-12-08" });
      expect(sms).toContain(formatDay("2026-12-08", lang, { short: true }));
      expect(page).toContain(formatDay("2026-12-08", lang, { short: true }));
      expect(email.text).toContain(page);
      expect(sms).not.toContain("2026-12-08");
    }
  });

  it("isolates the reference in Arabic messages, and leaves English SMS in GSM-7 (no isolate characters)", () => {
    expect(renderSms("complaint_received", "ar", { reference: "CMP-2026-K3A8P4" })).toContain("\u2066CMP-2026-K3A8P4\u2069");
    expect(renderSms("complaint_received", "en", { reference: "CMP-2026-K3A8P4" })).not.toMatch(/[\u2066-\u2069]/);
  });

  it("names a retry time in the hub's zone with the same digits", () => {
    const retryAt = new Date("2026-11-19T10:00:00Z");
    expect(errorText(messages("en"), "throttled", { retryAt, lang: "en", timeZone: "Asia/Riyadh" })).toBe(
      "Too many attempts. Try again after 13:00.",
    );
    expect(errorText(messages("ar"), "throttled", { retryAt, lang: "ar", timeZone: "Asia/Riyadh" })).toContain("13:00");
  });
});
