import { describe, expect, it } from "vitest";
import Holidays from "date-holidays";
import {
  addWorkingDays,
  countWorkingDays,
  createCalendar,
  formatDate,
  holidaysFromPackage,
  IcsParseError,
  isWorkingDay,
  localDate,
  parseIcsHolidays,
} from "../../../server/calendar/index.ts";

describe("Saudi public holidays from date-holidays, 2026–2027", () => {
  const holidays = holidaysFromPackage("SA", [2026, 2027]);
  const cal = createCalendar({ holidays });

  it("every day off the package lists is a non-working day", () => {
    for (const year of [2026, 2027]) {
      for (const h of new Holidays("SA").getHolidays(year).filter((x) => x.type === "public")) {
        const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
        const first = h.date.slice(0, 10);
        for (let k = 0; k < days; k++) {
          const d = new Date(Date.UTC(+first.slice(0, 4), +first.slice(5, 7) - 1, +first.slice(8, 10) + k)).toISOString().slice(0, 10);
          expect(isWorkingDay(cal, d), `${d} (${h.name})`).toBe(false);
        }
      }
    }
  });

  it("knows Founding Day and National Day by name in both languages", () => {
    expect(holidays.find((h) => h.date === "2026-02-22")).toMatchObject({ nameAr: "يوم التأسيس", nameEn: "Founding Day" });
    expect(holidays.find((h) => h.date === "2026-09-23")).toMatchObject({ nameAr: "اليوم الوطني", nameEn: "National Day" });
    expect(holidays.filter((h) => h.nameEn?.includes("Eid al-Fitr") && h.date.startsWith("2026")).length).toBeGreaterThanOrEqual(3);
  });

  it("a deadline spanning Eid al-Adha is pushed out by exactly the working days the holiday removes", () => {
    const eid = holidays.filter((h) => h.date.startsWith("2026") && h.nameEn?.includes("Adha"));
    const from = new Date(`${eid[0]!.date}T12:00:00+03:00`);
    from.setUTCDate(from.getUTCDate() - 2);
    const plain = createCalendar();
    const removed = eid.filter((h) => isWorkingDay(plain, h.date)).length;
    expect(removed).toBeGreaterThan(0);
    const withEid = addWorkingDays(cal, from, 5);
    const without = addWorkingDays(plain, from, 5);
    // The plain calendar needs `removed` more working days to reach the same deadline.
    expect(withEid.toISOString()).toBe(addWorkingDays(plain, from, 5 + removed).toISOString());
    expect(withEid > without).toBe(true);
    expect(countWorkingDays(cal, from, withEid)).toBe(5);
  });
});

describe("Jordan and Oman", () => {
  it("have their public holidays although date-holidays has no rules for them", () => {
    const jo = holidaysFromPackage("JO", [2026]);
    expect(jo.find((h) => h.date === "2026-05-25")).toMatchObject({ nameEn: "Independence Day", nameAr: "عيد الاستقلال" });
    expect(jo.filter((h) => h.nameEn === "Eid al-Fitr")).toHaveLength(3);
    const om = holidaysFromPackage("OM", [2026, 2027]);
    expect(om.find((h) => h.date === "2026-11-20")).toMatchObject({ nameEn: "National Day" });
    expect(om.find((h) => h.date === "2027-11-21")).toMatchObject({ nameEn: "National Day" });
  });

  it("an unknown country is refused", () => {
    expect(() => holidaysFromPackage("XX", [2026])).toThrow(/no holiday rules/);
  });
});

describe("ICS import", () => {
  const ics = [
    "BEGIN:VCALENDAR",
    "VERSION:2.0",
    "BEGIN:VEVENT",
    "DTSTART;VALUE=DATE:20261201",
    "SUMMARY:Single day",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "DTSTART;VALUE=DATE:20261224",
    "DTEND;VALUE=DATE:20261227",
    "SUMMARY:A long clos",
    " ure\\, three days",
    "END:VEVENT",
    "BEGIN:VEVENT",
    "DTSTART:20261210T090000Z",
    "DTEND:20261210T110000Z",
    "SUMMARY:Two-hour meeting",
    "END:VEVENT",
    "END:VCALENDAR",
  ].join("\r\n");

  it("reads all-day events, expands multi-day ones, unfolds lines and skips timed events", () => {
    const h = parseIcsHolidays(ics);
    expect(h.map((x) => x.date)).toEqual(["2026-12-01", "2026-12-24", "2026-12-25", "2026-12-26"]);
    expect(h[1]).toMatchObject({ source: "ics", nameEn: "A long closure, three days" });
  });

  it("refuses text that is not a calendar, and names the line of a bad date", () => {
    expect(() => parseIcsHolidays("hello")).toThrow(IcsParseError);
    expect(() => parseIcsHolidays("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261332\nEND:VEVENT\nEND:VCALENDAR")).toThrow(
      /line 3/,
    );
    expect(() => parseIcsHolidays("BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261201\nEND:VCALENDAR")).toThrow(/not closed/);
  });
});

describe("dates shown to people", () => {
  it("appear in Gregorian and Hijri (Umm al-Qura), in Arabic and English", () => {
    const cal = createCalendar();
    const t = new Date("2026-11-24T21:00:00Z");
    const ar = formatDate(cal, t, "ar");
    const en = formatDate(cal, t, "en");
    expect(en.gregorian).toContain("2026");
    expect(en.gregorian).toContain("Wednesday");
    expect(en.hijri).toContain("1448");
    expect(ar.hijri).toMatch(/١٤٤٨|1448/);
    expect(ar.gregorian).not.toBe(en.gregorian);
    expect(localDate(cal, t)).toBe("2026-11-25");
  });
});
