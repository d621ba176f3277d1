import { describe, expect, it } from "vitest";
import { factsFrom, type AgencyRow, type ServiceRow } from "../../../server/directory/facts.ts";
import { namesFrom } from "../../../server/directory/names.ts";
import {
  fieldErrorArray,
  flattenBody,
  jurisdictionAccepted,
  localeLang,
  parseIsoDate,
  parseRequestsQuery,
  parseServiceCode,
  partnerFiling,
  publicStatus,
  serviceDefinition,
  servicesList,
  splitFormat,
  toRequest,
  type PublicComplaint,
} from "../../../server/open311/spec.ts";
import { messages } from "../../../views/i18n/index.ts";

// The Open311 mappings over a small directory: two agencies, one regional.

const agency = (code: string, ar: string, en: string, cities: string[] | null): AgencyRow =>
  ({ code, nameAr: ar, nameEn: en, cities, active: true }) as AgencyRow;
const service = (agencyCode: string, code: string, ar: string, en: string, over: Partial<ServiceRow> = {}): ServiceRow =>
  ({
    id: 1,
    agencyCode,
    code,
    nameAr: ar,
    nameEn: en,
    kinds: ["complaint", "inquiry", "report"],
    priorRefRequired: false,
    priorRefPattern: null,
    priorRefLabel: null,
    hints: { ar: ["حفرة", "أسفلت"], en: ["pothole", "asphalt"], examples: { ar: [], en: [] } },
    active: true,
    ...over,
  }) as ServiceRow;

const agencies = [
  agency("MOMAH", "وزارة البلديات", "Municipalities", null),
  agency("BURAIMI", "محافظة البريمي", "Al Buraimi", ["albureimi"]),
];
const services = [
  service("MOMAH", "ROADS", "الطرق", "Roads"),
  service("MOMAH", "PERMITS", "الرخص", "Permits", {
    kinds: ["inquiry"],
    priorRefRequired: true,
    priorRefPattern: "^\\d{8}$",
    priorRefLabel: { ar: "رقم الطلب", en: "Request number" },
  }),
  service("BURAIMI", "ROADS", "طرق البريمي", "Buraimi roads"),
];
const cities = [
  { code: "riyadh", ar: "الرياض", en: "Riyadh", active: true },
  { code: "albureimi", ar: "البريمي", en: "Al Buraimi", active: true },
  { code: "gone", ar: "قديمة", en: "Old town", active: false },
];
const names = namesFrom({
  agencies: agencies.map((a) => ({ code: a.code, ar: a.nameAr, en: a.nameEn, active: true })),
  services: [
    ...services.map((s) => ({ agencyCode: s.agencyCode, code: s.code, ar: s.nameAr, en: s.nameEn, active: true })),
    { agencyCode: "MOMAH", code: "OLD", ar: "قديمة", en: "Old", active: false },
  ],
  cities,
});
const facts = factsFrom({ cities: ["riyadh", "albureimi"], agencies, services });
const ar = messages("ar");
const en = messages("en");

describe("paths, languages and the jurisdiction", () => {
  it("splits the format off a path and reads a service code", () => {
    expect(splitFormat("MOMAH.ROADS.json")).toEqual({ id: "MOMAH.ROADS", format: "json" });
    expect(splitFormat("CMP-2026-ABC.xml")).toEqual({ id: "CMP-2026-ABC", format: "xml" });
    expect(splitFormat("x.txt")).toBeNull();
    expect(splitFormat(".json")).toBeNull();
    expect(parseServiceCode("MOMAH.ROADS")).toEqual({ agencyCode: "MOMAH", serviceCode: "ROADS" });
    for (const bad of ["MOMAH", "momah.roads", "MOMAH.ROADS.X", "A.B", ""]) expect(parseServiceCode(bad)).toBeNull();
  });
  it("takes locale first, then the caller's language, Arabic by default", () => {
    expect(localeLang("en", "ar")).toBe("en");
    expect(localeLang("en-GB", "ar")).toBe("en");
    expect(localeLang("ar_SA", "en")).toBe("ar");
    expect(localeLang("fr", "ar")).toBe("ar");
    expect(localeLang(undefined, "en")).toBe("en");
  });
  it("serves the public address's host and no other jurisdiction", () => {
    expect(jurisdictionAccepted(undefined, "https://hub.example.gov:8443/")).toBe(true);
    expect(jurisdictionAccepted("", "https://hub.example.gov")).toBe(true);
    expect(jurisdictionAccepted("HUB.example.gov", "https://hub.example.gov")).toBe(true);
    expect(jurisdictionAccepted("city.example.gov", "https://hub.example.gov")).toBe(false);
  });
});

describe("services", () => {
  it("lists the active services with the agency as group and the hints as keywords", () => {
    const list = servicesList(names, facts, en, "en");
    expect(list.map((s) => s.service_code)).toEqual(["MOMAH.ROADS", "MOMAH.PERMITS", "BURAIMI.ROADS"]);
    expect(list[0]).toEqual({
      service_code: "MOMAH.ROADS",
      service_name: "Roads",
      description: "A service of Municipalities. Accepts: Complaint, Inquiry, Report.",
      metadata: true,
      type: "realtime",
      keywords: "pothole, asphalt",
      group: "Municipalities",
    });
    expect(servicesList(names, facts, ar, "ar")[0]).toMatchObject({
      service_name: "الطرق",
      group: "وزارة البلديات",
      keywords: "حفرة, أسفلت",
    });
  });

  it("defines a service's attributes: kinds and cities as lists, the prior number where required", () => {
    const roads = serviceDefinition(names, facts, "MOMAH.ROADS", en, "en")!;
    expect(roads.service_code).toBe("MOMAH.ROADS");
    expect(roads.attributes.map((a) => [a.code, a.datatype, a.required, a.order])).toEqual([
      ["kind", "singlevaluelist", false, 1],
      ["city", "singlevaluelist", true, 2],
      ["district", "string", false, 3],
      ["title", "string", false, 4],
    ]);
    expect(roads.attributes[0]!.values).toEqual([
      { key: "complaint", name: "Complaint" },
      { key: "inquiry", name: "Inquiry" },
      { key: "report", name: "Report" },
    ]);
    // A national agency: every active city.
    expect(roads.attributes[1]!.values).toEqual([
      { key: "riyadh", name: "Riyadh" },
      { key: "albureimi", name: "Al Buraimi" },
    ]);
    // A regional one: its own.
    expect(serviceDefinition(names, facts, "BURAIMI.ROADS", ar, "ar")!.attributes[1]!.values).toEqual([
      { key: "albureimi", name: "البريمي" },
    ]);
    const permits = serviceDefinition(names, facts, "MOMAH.PERMITS", en, "en")!;
    expect(permits.attributes[0]!.required).toBe(true);
    expect(permits.attributes.at(-1)).toMatchObject({
      code: "prior_reference",
      required: true,
      datatype_description: "^\\d{8}$",
      description: "Request number",
    });
    expect(serviceDefinition(names, facts, "MOMAH.OLD", en, "en")).toBeNull();
    expect(serviceDefinition(names, facts, "nope", en, "en")).toBeNull();
  });
});

describe("the public list", () => {
  const row: PublicComplaint = {
    reference: "CMP-2026-ABC123",
    status: "in_progress",
    outcome: null,
    agencyCode: "MOMAH",
    serviceCode: "ROADS",
    city: "riyadh",
    lat: 24.713552,
    lng: 46.675296,
    createdAt: new Date("2026-11-19T09:00:00Z"),
    updatedAt: new Date("2026-11-20T09:00:00Z"),
    dueAt: new Date("2026-11-24T21:00:00Z"),
    jurisdictionDueAt: new Date("2026-11-20T21:00:00Z"),
  };

  it("maps the hub's statuses to open and closed", () => {
    for (const s of ["triage", "routed", "in_progress", "awaiting_citizen"]) expect(publicStatus(s)).toBe("open");
    for (const s of ["closed", "withdrawn"]) expect(publicStatus(s)).toBe("closed");
  });

  it("gives the spec's fields: status in words, the city as address, the point rounded, no text", () => {
    expect(toRequest(row, names, en, "en")).toEqual({
      service_request_id: "CMP-2026-ABC123",
      status: "open",
      status_notes: "Being handled by the agency",
      service_name: "Roads",
      service_code: "MOMAH.ROADS",
      description: null,
      agency_responsible: "Municipalities",
      service_notice: null,
      requested_datetime: "2026-11-19T09:00:00.000Z",
      updated_datetime: "2026-11-20T09:00:00.000Z",
      expected_datetime: "2026-11-24T21:00:00.000Z",
      address: "Riyadh",
      address_id: null,
      zipcode: null,
      lat: 24.71,
      long: 46.68,
      media_url: null,
    });
    // Before acceptance the jurisdiction decision is what is expected; closed, nothing.
    expect(toRequest({ ...row, status: "routed", dueAt: null }, names, en, "en").expected_datetime).toBe("2026-11-20T21:00:00.000Z");
    const closed = toRequest({ ...row, status: "closed", outcome: "resolved" }, names, ar, "ar");
    expect(closed).toMatchObject({ status: "closed", status_notes: `مغلق: ${ar.agency.outcomes.resolved}`, expected_datetime: null });
    // In triage: no agency or service yet.
    expect(
      toRequest({ ...row, status: "triage", agencyCode: null, serviceCode: null, lat: null, lng: null }, names, en, "en"),
    ).toMatchObject({
      service_code: null,
      service_name: null,
      agency_responsible: null,
      lat: null,
      long: null,
    });
  });

  const now = new Date("2026-11-19T12:00:00Z");
  const day = 86_400_000;
  it("defaults to the last 90 days, 50 a page, newest first", () => {
    const q = parseRequestsQuery({}, now, en);
    expect(q).toEqual({ ok: true, filter: { from: new Date(now.getTime() - 90 * day), to: now, limit: 50, offset: 0 } });
  });

  it("reads the spec's filters", () => {
    const q = parseRequestsQuery(
      {
        service_code: "MOMAH.ROADS,BURAIMI.ROADS",
        status: "open",
        start_date: "2026-11-01",
        end_date: "2026-11-10T23:59:59+03:00",
        limit: "10",
        page: "3",
      },
      now,
      en,
    );
    expect(q.ok && q.filter).toEqual({
      services: [
        { agencyCode: "MOMAH", serviceCode: "ROADS" },
        { agencyCode: "BURAIMI", serviceCode: "ROADS" },
      ],
      statuses: ["triage", "routed", "in_progress", "awaiting_citizen"],
      from: new Date("2026-11-01T00:00:00Z"),
      to: new Date("2026-11-10T20:59:59Z"),
      limit: 10,
      offset: 20,
    });
    // One end given: the window runs 90 days from it.
    const fromStart = parseRequestsQuery({ start_date: "2026-09-01T00:00:00Z" }, now, en);
    expect(fromStart.ok && fromStart.filter.to).toEqual(new Date(new Date("2026-09-01T00:00:00Z").getTime() + 90 * day));
    const toEnd = parseRequestsQuery({ end_date: "2026-10-01T00:00:00Z" }, now, en);
    expect(toEnd.ok && toEnd.filter.from).toEqual(new Date(new Date("2026-10-01T00:00:00Z").getTime() - 90 * day));
    // Ids pick their requests whatever else is asked.
    expect(parseRequestsQuery({ service_request_id: "CMP-1, CMP-2", status: "bogus" }, now, en)).toMatchObject({
      ok: true,
      filter: { references: ["CMP-1", "CMP-2"] },
    });
    expect(parseRequestsQuery({ status: "open,closed" }, now, en)).toMatchObject({
      ok: true,
      filter: { statuses: expect.arrayContaining(["closed", "withdrawn", "routed"]) },
    });
  });

  it("refuses bad parameters with the spec's 400 error, translated", () => {
    const refused = (q: Record<string, string>, t = en) => {
      const r = parseRequestsQuery(q, now, t);
      return r.ok ? null : r.errors;
    };
    expect(refused({ start_date: "yesterday" })).toEqual([
      { code: 400, description: "start_date: Dates are ISO 8601, such as 2026-11-19T09:00:00+03:00." },
    ]);
    expect(refused({ start_date: "2026-01-01", end_date: "2026-11-01" })).toEqual([
      { code: 400, description: "start_date and end_date may be at most 90 days apart." },
    ]);
    expect(refused({ start_date: "2026-11-10", end_date: "2026-11-01" })?.[0]!.code).toBe(400);
    expect(refused({ status: "pending" }, ar)).toEqual([{ code: 400, description: "status: الحالة open أو closed." }]);
    for (const limit of ["0", "1001", "abc", "1.5"]) expect(refused({ limit })?.[0]!.code, limit).toBe(400);
    expect(refused({ page: "0" })?.[0]!.code).toBe(400);
    expect(refused({ service_code: "roads" })?.[0]!.code).toBe(400);
  });

  it("reads ISO 8601 dates, a time without an offset as UTC", () => {
    expect(parseIsoDate("2026-11-19")).toEqual(new Date("2026-11-19T00:00:00Z"));
    expect(parseIsoDate("2026-11-19T09:00:00+0300")).toEqual(new Date("2026-11-19T06:00:00Z"));
    expect(parseIsoDate("2026-11-19T09:00")).toEqual(new Date("2026-11-19T09:00:00Z"));
    expect(parseIsoDate("2010-04-14T06:37:38-08:00")).toEqual(new Date("2010-04-14T14:37:38Z"));
    for (const bad of ["2026-13-01", "19/11/2026", "2026-11-19T25:00:00Z", "now"]) expect(parseIsoDate(bad), bad).toBeNull();
  });
});

describe("a partner's filing", () => {
  const form = (over: Record<string, string> = {}) => ({
    service_code: "MOMAH.ROADS",
    description: "A deep pothole on the main road",
    lat: "24.7",
    long: "46.6",
    first_name: "Zainab",
    last_name: "Hallaq",
    phone: "0551112233",
    email: "z@example.org",
    "attribute[city]": "riyadh",
    ...over,
  });

  it("flattens form and JSON bodies alike", () => {
    expect(flattenBody({ a: "1", "attribute[city]": "riyadh", n: 5, list: ["x", "y"], obj: { no: 1 } })).toEqual({
      a: "1",
      "attribute[city]": "riyadh",
      n: "5",
      list: "x",
    });
    expect(flattenBody({ attribute: { city: "riyadh", kind: ["report"] } })).toEqual({
      "attribute[city]": "riyadh",
      "attribute[kind]": "report",
    });
  });

  it("becomes the intake's input and an unverified contact", () => {
    const r = partnerFiling(form(), names, facts, "en", "open311:k");
    expect(r).toEqual({
      ok: true,
      filing: {
        input: {
          kind: "complaint",
          text: "A deep pothole on the main road",
          city: "riyadh",
          lat: "24.7",
          lng: "46.6",
          agencyCode: "MOMAH",
          serviceCode: "ROADS",
          notifyBy: "sms",
          clientKey: "open311:k",
        },
        contact: { name: "Zainab Hallaq", mobile: "+966551112233", email: "z@example.org", lang: "en" },
      },
    });
  });

  it("finds the city in the address, keeps the address for the agency, asks by email without a mobile", () => {
    const r = partnerFiling(
      form({ "attribute[city]": "", lat: "", long: "", address_string: "طريق الملك فهد، الرياض", phone: "" }),
      names,
      facts,
      "ar",
      "k",
    );
    expect(r.ok && r.filing.input).toMatchObject({ city: "riyadh", district: "طريق الملك فهد، الرياض", notifyBy: "email" });
    expect(r.ok && r.filing.contact).toEqual({ name: "Zainab Hallaq", email: "z@example.org", lang: "ar" });
    expect(r.ok && "lat" in r.filing.input).toBe(false);
  });

  it("names every problem at once, by the partner's field names", () => {
    const r = partnerFiling(
      form({ phone: "12", email: "not-an-email", lat: "24.7", long: "", "attribute[kind]": "praise", "attribute[city]": "atlantis" }),
      names,
      facts,
      "en",
      "k",
    );
    expect(r.ok).toBe(false);
    const fields = r.ok ? {} : r.fields;
    expect(fields).toEqual({
      phone: "mobile_invalid",
      email: "email_invalid",
      long: "required",
      "attribute[kind]": "value_not_listed",
      "attribute[city]": "value_not_listed",
    });
    expect(fieldErrorArray(fields, en)).toContainEqual({ code: 400, description: "email: Enter a valid email address." });
    expect(
      fieldErrorArray({ text: "text_too_short", serviceCode: "service_refuses_kind" }, ar).map((e) => e.description.split(":")[0]),
    ).toEqual(["description", "service_code"]);
  });

  it("refuses a city outside a regional agency, an unknown service, a missing location", () => {
    expect(partnerFiling(form({ service_code: "BURAIMI.ROADS" }), names, facts, "en", "k")).toEqual({
      ok: false,
      fields: { "attribute[city]": "value_not_listed" },
    });
    expect(partnerFiling(form({ service_code: "MOMAH.OLD" }), names, facts, "en", "k")).toEqual({
      ok: false,
      fields: { service_code: "service_not_found" },
    });
    expect(partnerFiling(form({ lat: "", long: "" }), names, facts, "en", "k")).toEqual({
      ok: false,
      fields: { lat: "location_required" },
    });
    // A service that takes no complaints needs its kind named.
    expect(partnerFiling(form({ service_code: "MOMAH.PERMITS" }), names, facts, "en", "k")).toEqual({
      ok: false,
      fields: { "attribute[kind]": "required" },
    });
  });
});
