import { describe, expect, it } from "vitest";
import { createCalendar } from "../../../server/calendar/index.ts";
import { CHANNEL_CODES, CHANNELS, STAFF_CHANNELS, channelOf, channelTable } from "../../../server/complaints/channels.ts";
import { channelFigures, firstResponse, isFirstResponse, openingAt } from "../../../server/kpi/first-response.ts";

// The hub calendar: Riyadh, Friday and Saturday off. 2026-11-19 is a Thursday.
const cal = createCalendar();
const t = (local: string) => new Date(`${local}+03:00`);
const LATER = t("2027-01-01T00:00:00");

describe("the channel table", () => {
  it("has one row for every code the hub stores, staff channels included, with both names", () => {
    expect(CHANNELS.map((c) => c.code)).toEqual([...CHANNEL_CODES]);
    for (const s of STAFF_CHANNELS) expect(CHANNEL_CODES).toContain(s);
    for (const c of CHANNELS) expect(c.nameAr && c.nameEn).toBeTruthy();
  });
  it("holds seed 000's targets, and seed 001's where that seed states other ones", () => {
    const target = (seed: "000" | "001") => Object.fromEntries(channelTable(seed).map((c) => [c.code, c.target]));
    expect(target("000")).toMatchObject({
      call_centre: { seconds: 20 },
      email: { workingDays: 1 },
      social_media: { seconds: 900 },
      chatbot: { seconds: 0 },
      whatsapp: null,
      sign_language: null,
      portal: null,
    });
    expect(target("001")).toMatchObject({
      call_centre: { seconds: 0 },
      email: { seconds: 86_400 },
      social_media: { seconds: 1800 },
      chatbot: null,
      whatsapp: { seconds: 0 },
    });
  });
});

describe("the first response", () => {
  const base = { type: "accepted", actorKind: "staff", visibleToCitizen: true } as const;
  it("is a staff action the citizen sees that answers them: taken on, details asked for, or closed", () => {
    for (const type of ["accepted", "info_requested", "closed"]) expect(isFirstResponse({ ...base, type })).toBe(true);
  });
  it("is not the automatic receipt, a move between agencies, a citizen's own step or an internal note", () => {
    for (const type of ["filed", "routed_by_triage", "rejected", "transferred", "pushed_back", "reopened", "answered"])
      expect(isFirstResponse({ ...base, type })).toBe(false);
    expect(isFirstResponse({ ...base, actorKind: "system", type: "closed" })).toBe(false);
    expect(isFirstResponse({ ...base, actorKind: "citizen", type: "closed" })).toBe(false);
    expect(isFirstResponse({ ...base, visibleToCitizen: false })).toBe(false);
  });
});

describe("first-response time against the channel's target", () => {
  it("call centre (seed 000: 20 seconds): 20 s meets it, 21 s misses it", () => {
    const at = t("2026-11-19T10:00:00");
    expect(firstResponse("call_centre", at, t("2026-11-19T10:00:20"), LATER, cal)).toMatchObject({ seconds: 20, status: "met" });
    expect(firstResponse("call_centre", at, t("2026-11-19T10:00:21"), LATER, cal)).toMatchObject({ seconds: 21, status: "missed" });
  });
  it("a call-centre complaint registered after 22:00 on Thursday counts from Friday's 14:00 opening", () => {
    const r = firstResponse("call_centre", t("2026-11-19T22:30:00"), t("2026-11-20T14:00:10"), LATER, cal);
    expect(r.start).toEqual(t("2026-11-20T14:00:00"));
    expect(r).toMatchObject({ seconds: 10, status: "met", due: t("2026-11-20T14:00:20") });
  });
  it("email (seed 000: 1 working day) across the weekend: Thursday's email is due when Sunday ends", () => {
    const at = t("2026-11-19T16:00:00");
    const sunday = firstResponse("email", at, t("2026-11-22T13:00:00"), LATER, cal);
    expect(sunday).toMatchObject({ due: t("2026-11-23T00:00:00"), status: "met", seconds: (3 * 24 - 3) * 3600 });
    expect(firstResponse("email", at, t("2026-11-23T09:00:00"), LATER, cal).status).toBe("missed");
  });
  it("social media (seed 000: 15 minutes)", () => {
    const at = t("2026-11-21T03:00:00"); // a Saturday night: the channel is open 24/7
    expect(firstResponse("social_media", at, t("2026-11-21T03:15:00"), LATER, cal).status).toBe("met");
    expect(firstResponse("social_media", at, t("2026-11-21T03:15:01"), LATER, cal).status).toBe("missed");
  });
  it("chatbot (seed 000: instant): within the same second only", () => {
    const at = t("2026-11-19T10:00:00");
    expect(firstResponse("chatbot", at, at, LATER, cal)).toMatchObject({ seconds: 0, status: "met" });
    expect(firstResponse("chatbot", at, t("2026-11-19T10:00:01"), LATER, cal).status).toBe("missed");
  });
  it("WhatsApp (seed 001: instant, Sunday to Thursday 08:30-13:00) counts from the next opening", () => {
    const whatsapp = channelOf("whatsapp", channelTable("001"));
    const r = firstResponse(whatsapp, t("2026-11-19T14:00:00"), t("2026-11-22T08:30:00"), LATER, cal);
    expect(r).toMatchObject({ start: t("2026-11-22T08:30:00"), seconds: 0, status: "met" });
  });
  it("channels no seed gives a target (portal, app, in person, fax, media, sign language, seed 000's WhatsApp) have none", () => {
    for (const code of ["portal", "app", "in_person", "fax", "media", "sign_language", "whatsapp", "an_old_code"]) {
      const r = firstResponse(code, t("2026-11-19T10:00:00"), t("2026-11-19T11:00:00"), LATER, cal);
      expect(r).toMatchObject({ status: "no_target", due: null, seconds: 3600 });
    }
  });
  it("no response yet: pending until the target passes, then missed", () => {
    const at = t("2026-11-19T16:00:00");
    expect(firstResponse("email", at, null, t("2026-11-22T23:59:59"), cal)).toMatchObject({ seconds: null, status: "pending" });
    expect(firstResponse("email", at, null, t("2026-11-23T00:00:01"), cal)).toMatchObject({ seconds: null, status: "missed" });
    expect(firstResponse("portal", at, null, LATER, cal).status).toBe("no_target");
  });
  it("the opening of a channel with hours: inside a window is now, on the window's close is the next one", () => {
    const hours = channelOf("call_centre").hours;
    expect(openingAt(hours, t("2026-11-19T09:00:00"), cal.timeZone)).toEqual(t("2026-11-19T09:00:00"));
    expect(openingAt(hours, t("2026-11-19T22:00:00"), cal.timeZone)).toEqual(t("2026-11-20T14:00:00"));
    expect(openingAt(hours, t("2026-11-20T03:00:00"), cal.timeZone)).toEqual(t("2026-11-20T14:00:00"));
    expect(openingAt(hours, t("2026-11-21T07:59:00"), cal.timeZone)).toEqual(t("2026-11-21T08:00:00"));
    expect(openingAt("24/7", t("2026-11-21T03:00:00"), cal.timeZone)).toEqual(t("2026-11-21T03:00:00"));
  });
});

describe("figures per channel", () => {
  it("counts, takes the median of the answered and the share within target over those decided", () => {
    const at = t("2026-11-19T10:00:00");
    const after = (s: number) => new Date(at.getTime() + s * 1000);
    const rows = [
      { channel: "social_media", receivedAt: at, respondedAt: after(60) },
      { channel: "social_media", receivedAt: at, respondedAt: after(600) },
      { channel: "social_media", receivedAt: at, respondedAt: after(3600) },
      { channel: "social_media", receivedAt: at, respondedAt: null }, // missed: now is past 15 minutes
      { channel: "portal", receivedAt: at, respondedAt: after(7200) },
      { channel: "email", receivedAt: at, respondedAt: null }, // pending: due when Sunday ends
    ];
    const out = channelFigures(rows, t("2026-11-19T12:00:00"), cal);
    expect(out.map((r) => r.channel.code)).toEqual(["portal", "email", "social_media"]); // the table's order
    expect(out.find((r) => r.channel.code === "social_media")).toMatchObject({
      received: 4,
      responded: 3,
      medianSeconds: 600,
      met: 2,
      missed: 2,
      pending: 0,
      withinTarget: 0.5,
    });
    expect(out.find((r) => r.channel.code === "portal")).toMatchObject({ received: 1, medianSeconds: 7200, withinTarget: null });
    expect(out.find((r) => r.channel.code === "email")).toMatchObject({ received: 1, pending: 1, medianSeconds: null, withinTarget: null });
  });
});
