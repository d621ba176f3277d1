import Holidays from "date-holidays";
import type { Holiday } from "./types.ts";
import { addDays } from "./zone.ts";

// date-holidays has no rules for Jordan or Oman, two of the seeds' countries, so the
// hub carries their public holidays here in the package's own rule syntax. Islamic
// dates follow the tabular calendar; the national unit corrects a sighting-dependent
// day with `holidays add`/`remove`.
const OWN_RULES: Record<string, { rule: string; ar: string; en: string }[]> = {
  JO: [
    { rule: "01-01", ar: "رأس السنة الميلادية", en: "New Year's Day" },
    { rule: "05-01", ar: "عيد العمال", en: "Labour Day" },
    { rule: "05-25", ar: "عيد الاستقلال", en: "Independence Day" },
    { rule: "12-25", ar: "عيد الميلاد المجيد", en: "Christmas Day" },
    { rule: "27 Rajab", ar: "ذكرى الإسراء والمعراج", en: "Isra and Mi'raj" },
    { rule: "1 Shawwal P3D", ar: "عيد الفطر", en: "Eid al-Fitr" },
    { rule: "9 Dhu al-Hijjah P5D", ar: "يوم عرفة وعيد الأضحى", en: "Arafat Day and Eid al-Adha" },
    { rule: "1 Muharram", ar: "رأس السنة الهجرية", en: "Islamic New Year" },
    { rule: "12 Rabi al-awwal", ar: "المولد النبوي الشريف", en: "Prophet's Birthday" },
  ],
  OM: [
    { rule: "01-11", ar: "يوم تولي السلطان مقاليد الحكم", en: "Accession Day" },
    { rule: "11-20 P2D", ar: "العيد الوطني", en: "National Day" },
    { rule: "27 Rajab", ar: "ذكرى الإسراء والمعراج", en: "Isra and Mi'raj" },
    { rule: "1 Shawwal P3D", ar: "عيد الفطر", en: "Eid al-Fitr" },
    { rule: "9 Dhu al-Hijjah P4D", ar: "يوم عرفة وعيد الأضحى", en: "Arafat Day and Eid al-Adha" },
    { rule: "1 Muharram", ar: "رأس السنة الهجرية", en: "Islamic New Year" },
    { rule: "12 Rabi al-awwal", ar: "المولد النبوي الشريف", en: "Prophet's Birthday" },
  ],
};

export const SUPPORTED_COUNTRIES = (): string[] => [...new Set([...Object.keys(new Holidays().getCountries()), ...Object.keys(OWN_RULES)])];

interface Entry {
  date: string;
  start: Date;
  end: Date;
  name: string;
  type: string;
  rule?: string;
}

function entries(country: string, year: number, lang: "ar" | "en"): Entry[] {
  const own = OWN_RULES[country];
  if (own) {
    const hd = new Holidays();
    for (const r of own) hd.setHoliday(r.rule, { name: { [lang]: r[lang] }, type: "public" });
    return hd.getHolidays(year, lang) as Entry[];
  }
  const hd = new Holidays(country, { languages: [lang] });
  return (hd.getHolidays(year, lang) || []) as Entry[];
}

/**
 * Public holidays (days off) of a country as local dates. Multi-day holidays are
 * expanded; their first day is the package's date (Islamic days begin at the previous
 * sunset, which the package's start instant shows and a day off does not).
 */
export function holidaysFromPackage(country: string, years: number[]): Holiday[] {
  if (!SUPPORTED_COUNTRIES().includes(country)) throw new RangeError(`no holiday rules for country "${country}"`);
  const out = new Map<string, Holiday>();
  for (const year of years) {
    const ar = entries(country, year, "ar").filter((h) => h.type === "public");
    const en = entries(country, year, "en").filter((h) => h.type === "public");
    ar.forEach((h, i) => {
      const days = Math.max(1, Math.round((h.end.getTime() - h.start.getTime()) / 86_400_000));
      const first = h.date.slice(0, 10);
      for (let k = 0; k < days; k++) {
        const date = addDays(first, k);
        if (!out.has(date)) out.set(date, { date, source: "package", nameAr: h.name, ...(en[i] ? { nameEn: en[i]!.name } : {}) });
      }
    });
  }
  return [...out.values()].sort((a, b) => a.date.localeCompare(b.date));
}
