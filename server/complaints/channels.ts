// The channels a complaint arrives by, as data (issue 14 §8): each with its names, its
// service hours and its first-response target, in one table. Pure values: the first-
// response rule (server/kpi/first-response.ts) and the pages read them from here.
//
// The values are seed 000's (Balady, Saudi Arabia: the hub's default country and
// calendar) wherever seed 000 states one; seed 001 (Al Buraimi, Oman) states other
// values for some channels, kept beside them as `seed001` so the difference is on
// record in the one place (`channelTable("001")` is the table with seed 001's values).
//
//   channel        seed 000 (Balady)                          seed 001 (Al Buraimi)
//   call_centre    08:00–22:00 daily, Fri 14:00–22:00; 20 s   Sun–Thu 08:30–13:00; instant
//                                                             (its technical-support line: 24/7, instant)
//   email          24/7; 1 working day                        24/7; 24 hours
//   social_media   X (BALADY_CS): 24/7; 15 minutes            24/7; 30 minutes
//   sign_language  Sun–Thu 08:00–22:00; no target stated       not offered
//   chatbot        24/7; instant                              not offered
//   whatsapp       not offered                                Sun–Thu 08:30–13:00; instant
//
// Neither seed states hours or a target for the portal, the app, in-person visits, fax
// or the media (the unit finds a media item; nobody waits on that channel): those have
// `target: null` and their complaints are counted but never "within target".

import type { Weekday } from "../calendar/types.ts";

/** The channels a citizen uses themselves (submit.ts: the portal and the mobile app). */
export const SELF_SERVICE_CHANNELS = ["portal", "app"] as const;

// Seed 002 §5.2 and seed 003: the national unit registers complaints that arrive by
// phone, email, social media, in person, sign language, chatbot, WhatsApp, fax, or
// that the media reported (register-on-behalf.ts).
export const STAFF_CHANNELS = [
  "call_centre",
  "email",
  "social_media",
  "in_person",
  "sign_language",
  "chatbot",
  "whatsapp",
  "fax",
  "media",
] as const;

// Issue 18: a partner system files through the Open311 API (server/open311) on behalf
// of someone the hub has never verified: stored with identity_verified = false, like a
// media item, so staff see "identity not verified" and nothing links it to an account.
export const PARTNER_CHANNELS = ["open311"] as const;

/** The codes stored in complaints.channel. */
export const CHANNEL_CODES = [...SELF_SERVICE_CHANNELS, ...STAFF_CHANNELS, ...PARTNER_CHANNELS] as const;
export type ChannelCode = (typeof CHANNEL_CODES)[number];

/** When the channel is served: one window per group of days, local times "HH:MM" in the hub's zone. */
export interface ServiceWindow {
  days: readonly Weekday[];
  from: string;
  to: string;
}
/** "24/7", the windows of a week, or null where no seed states the hours. */
export type ServiceHours = "24/7" | readonly ServiceWindow[] | null;

/**
 * How soon the first response is due: clock seconds (instant = 0), or working days
 * counted on the hub calendar by the deadline contract (server/calendar/working-days.ts:
 * the day it arrives never counts).
 */
export type ResponseTarget = { seconds: number } | { workingDays: number };

export interface Channel {
  code: ChannelCode;
  nameAr: string;
  nameEn: string;
  hours: ServiceHours;
  target: ResponseTarget | null;
  /** Seed 001's values where they differ from the row's (seed 000's). */
  seed001?: { hours: ServiceHours; target: ResponseTarget | null };
}

const SUN_THU: Weekday[] = [0, 1, 2, 3, 4];
const MINUTE = 60;

export const CHANNELS: readonly Channel[] = [
  { code: "portal", nameAr: "البوابة الإلكترونية", nameEn: "Web portal", hours: "24/7", target: null },
  { code: "app", nameAr: "تطبيق الجوال", nameEn: "Mobile app", hours: "24/7", target: null },
  {
    code: "call_centre",
    nameAr: "مركز الاتصال",
    nameEn: "Call centre",
    // Seed 000: the unified number 040991, "08:00 to 22:00 all week, except Friday from 2 pm to 10 pm"; expected response 20 seconds.
    hours: [
      { days: [6, 0, 1, 2, 3, 4], from: "08:00", to: "22:00" },
      { days: [5], from: "14:00", to: "22:00" },
    ],
    target: { seconds: 20 },
    // Seed 001: the governorate's contact section, Sunday to Thursday 8:30 am to 1:00 pm, "instant".
    seed001: { hours: [{ days: SUN_THU, from: "08:30", to: "13:00" }], target: { seconds: 0 } },
  },
  {
    code: "email",
    nameAr: "البريد الإلكتروني",
    nameEn: "Email",
    // Seed 000: infocs@momoh.gov.sa, 24/7; expected response "one working day".
    hours: "24/7",
    target: { workingDays: 1 },
    // Seed 001: helpdesk@bur.gov.om, 24/7; "24 hours".
    seed001: { hours: "24/7", target: { seconds: 24 * 60 * MINUTE } },
  },
  {
    code: "social_media",
    nameAr: "وسائل التواصل الاجتماعي",
    nameEn: "Social media",
    // Seed 000: platform X (BALADY_CS), 24/7; instant chat on X answered in 15 minutes.
    hours: "24/7",
    target: { seconds: 15 * MINUTE },
    // Seed 001: the governorate's and the municipality's accounts, 24/7; 30 minutes.
    seed001: { hours: "24/7", target: { seconds: 30 * MINUTE } },
  },
  { code: "in_person", nameAr: "حضوريًا", nameEn: "In person", hours: null, target: null },
  {
    code: "sign_language",
    nameAr: "لغة الإشارة",
    nameEn: "Sign language",
    // Seed 000: "08:00 to 22:00 all week except Friday and Saturday"; its response table has no row for it.
    hours: [{ days: SUN_THU, from: "08:00", to: "22:00" }],
    target: null,
    seed001: { hours: null, target: null },
  },
  {
    code: "chatbot",
    nameAr: "المحادثة الآلية",
    nameEn: "Chatbot",
    // Seed 000: Chatbot, 24/7; "instant".
    hours: "24/7",
    target: { seconds: 0 },
    seed001: { hours: null, target: null },
  },
  {
    code: "whatsapp",
    nameAr: "واتساب",
    nameEn: "WhatsApp",
    // Seed 000 has no WhatsApp; seed 001: Sunday to Thursday 8:30 am to 1:00 pm, "instant".
    hours: null,
    target: null,
    seed001: { hours: [{ days: SUN_THU, from: "08:30", to: "13:00" }], target: { seconds: 0 } },
  },
  { code: "fax", nameAr: "الفاكس", nameEn: "Fax", hours: null, target: null },
  { code: "media", nameAr: "ما تنشره وسائل الإعلام", nameEn: "Media coverage", hours: null, target: null },
  // Neither seed has it: a partner's system files whenever it likes, no target stated.
  {
    code: "open311",
    nameAr: "تطبيق شريك (Open311، هوية غير موثقة)",
    nameEn: "Partner app (Open311, identity not verified)",
    hours: "24/7",
    target: null,
  },
];

/** The table with seed 000's values (the default) or seed 001's where it states other ones. */
export function channelTable(seed: "000" | "001" = "000"): readonly Channel[] {
  return seed === "000" ? CHANNELS : CHANNELS.map((c) => (c.seed001 ? { ...c, ...c.seed001 } : c));
}

/** A channel's row; a code the table does not know (an old row) gets no hours and no target. */
export function channelOf(code: string, table: readonly Channel[] = CHANNELS): Channel {
  return table.find((c) => c.code === code) ?? { code: code as ChannelCode, nameAr: code, nameEn: code, hours: null, target: null };
}
