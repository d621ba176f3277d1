// Open311 GeoReport v2 (wiki.open311.org/GeoReport_v2) over the hub's own model: pure
// mappings, no I/O, tested in test/unit/open311/. The routes (server/web/open311.ts)
// load what these need (the directory held in memory, a page of complaints) and the
// store (./store.ts) runs the SQL.
//
// How the hub's model meets the spec's:
// - service_code: "AGENCY.SERVICE". A service code is unique only within its agency
//   (directory codes are UPPER_SNAKE, so the dot never occurs inside one).
// - service_request_id and token: the complaint's reference (CMP-2026-…). The hub files
//   synchronously, so a token is just the reference it answered with.
// - status: open while triage, routed, in_progress or awaiting_citizen; closed when
//   closed or withdrawn. status_notes says which, in words, never the complaint's text.
// - The public list carries no personal data: no name, number, mobile or email, and no
//   description (the hub's public pages never show a complaint's text: /track shows only
//   status and timeline, /transparency only counts). The address is the city's name; the
//   location is rounded to two decimals (about a kilometre), a neighbourhood and not a door.

import { z } from "zod";
import { KINDS, type Kind } from "../directory/schema.ts";
import type { DirectoryFacts } from "../directory/facts.ts";
import { inLang, type DirectoryNames } from "../directory/names.ts";
import { matchCity } from "../routing/cities.ts";
import { mobileField } from "../fields.ts";
import { errorText } from "../../views/i18n/errors.ts";
import type { Lang, Messages } from "../../views/i18n/index.ts";

export type Format = "json" | "xml";

export interface Open311Error {
  code: number;
  description: string;
}

export const errorArray = (code: number, description: string): Open311Error[] => [{ code, description }];

/** "file.json" / "file.xml" as the spec's paths end, or null for any other ending. */
export function splitFormat(file: string): { id: string; format: Format } | null {
  const m = /^(.+)\.(json|xml)$/.exec(file);
  return m ? { id: m[1]!, format: m[2] as Format } : null;
}

/** The language asked for: `locale` (ar, en, en-GB…) first, else what the caller's headers say. */
export function localeLang(locale: string | undefined, fallback: Lang): Lang {
  const tag = (locale ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return tag === "ar" || tag === "en" ? tag : fallback;
}

/**
 * The one jurisdiction this hub serves: its public address's host name. A caller may
 * omit jurisdiction_id (the spec's single-jurisdiction case) or name this one.
 */
export function jurisdictionOf(publicUrl: string): string {
  return new URL(publicUrl).hostname.toLowerCase();
}

export function jurisdictionAccepted(asked: string | undefined, publicUrl: string): boolean {
  return asked === undefined || asked.trim() === "" || asked.trim().toLowerCase() === jurisdictionOf(publicUrl);
}

// --- services ------------------------------------------------------------------------

export const serviceCodeOf = (agencyCode: string, serviceCode: string) => `${agencyCode}.${serviceCode}`;

export function parseServiceCode(code: string): { agencyCode: string; serviceCode: string } | null {
  const m = /^([A-Z][A-Z0-9_]{1,31})\.([A-Z][A-Z0-9_]{1,31})$/.exec(code.trim());
  return m ? { agencyCode: m[1]!, serviceCode: m[2]! } : null;
}

export interface Open311Service {
  service_code: string;
  service_name: string;
  description: string;
  metadata: boolean;
  type: "realtime";
  keywords: string;
  group: string;
}

/** The services a partner may file with: active ones of active agencies, in the directory's order. */
export function servicesList(names: DirectoryNames, facts: DirectoryFacts, t: Messages, lang: Lang): Open311Service[] {
  const out: Open311Service[] = [];
  for (const s of names.services) {
    const row = facts.service(s.agencyCode, s.code);
    const agency = names.agency(s.agencyCode);
    if (!s.active || !row || !agency) continue;
    const agencyName = inLang(agency, lang);
    out.push({
      service_code: serviceCodeOf(s.agencyCode, s.code),
      service_name: inLang(s, lang),
      description: t.open311.serviceDescription(
        agencyName,
        row.kinds.map((k) => t.kinds[k as Kind] ?? k).join(lang === "ar" ? "، " : ", "),
      ),
      // Every service has attributes: at least the kind of submission and the city.
      metadata: true,
      type: "realtime",
      keywords: (lang === "ar" ? row.hints.ar : row.hints.en).join(", "),
      group: agencyName,
    });
  }
  return out;
}

export interface Open311Attribute {
  variable: boolean;
  code: string;
  datatype: "string" | "number" | "datetime" | "text" | "singlevaluelist" | "multivaluelist";
  required: boolean;
  datatype_description: string | null;
  order: number;
  description: string;
  values?: { key: string; name: string }[];
}

export interface ServiceDefinition {
  service_code: string;
  attributes: Open311Attribute[];
}

/** The cities a service's agency serves (all active ones for a national agency), as list values. */
function cityValues(names: DirectoryNames, facts: DirectoryFacts, agencyCode: string, lang: Lang) {
  const covered = facts.agency(agencyCode)?.cities ?? null;
  return names.cities
    .filter((c) => c.active && (!covered || covered.includes(c.code)))
    .map((c) => ({ key: c.code, name: inLang(c, lang) }));
}

/**
 * The attributes a partner sends as attribute[CODE]: the directory has no per-service
 * questions beyond the prior request number, so these are the hub's own intake fields
 * (what the portal's form asks): the kind of submission and the city as lists of the
 * service's values, a district, a title, and the agency's request number where the
 * service requires one.
 */
export function serviceDefinition(
  names: DirectoryNames,
  facts: DirectoryFacts,
  code: string,
  t: Messages,
  lang: Lang,
): ServiceDefinition | null {
  const key = parseServiceCode(code);
  const row = key && facts.service(key.agencyCode, key.serviceCode);
  if (!key || !row || !names.agency(key.agencyCode)) return null;
  const a = t.open311.attribute;
  const attributes: Open311Attribute[] = [
    {
      variable: true,
      code: "kind",
      datatype: "singlevaluelist",
      // Without it a complaint is filed, where the service takes complaints.
      required: !row.kinds.includes("complaint"),
      datatype_description: null,
      order: 1,
      description: a.kind,
      values: row.kinds.map((k) => ({ key: k, name: t.kinds[k as Kind] ?? k })),
    },
    {
      variable: true,
      code: "city",
      datatype: "singlevaluelist",
      // Required by the hub; a city named in address_string does as well.
      required: true,
      datatype_description: null,
      order: 2,
      description: a.city,
      values: cityValues(names, facts, key.agencyCode, lang),
    },
    {
      variable: true,
      code: "district",
      datatype: "string",
      required: false,
      datatype_description: null,
      order: 3,
      description: a.district,
    },
    { variable: true, code: "title", datatype: "string", required: false, datatype_description: null, order: 4, description: a.title },
  ];
  if (row.priorRefRequired) {
    attributes.push({
      variable: true,
      code: "prior_reference",
      datatype: "string",
      required: true,
      datatype_description: row.priorRefPattern,
      order: 5,
      description: row.priorRefLabel ? inLang(row.priorRefLabel, lang) : "prior_reference",
    });
  }
  return { service_code: serviceCodeOf(key.agencyCode, key.serviceCode), attributes };
}

// --- requests (the public list) ------------------------------------------------------

export const OPEN_STATUSES = ["triage", "routed", "in_progress", "awaiting_citizen"] as const;
export const CLOSED_STATUSES = ["closed", "withdrawn"] as const;
export type HubStatus = (typeof OPEN_STATUSES)[number] | (typeof CLOSED_STATUSES)[number];

export function publicStatus(status: string): "open" | "closed" {
  return (CLOSED_STATUSES as readonly string[]).includes(status) ? "closed" : "open";
}

/** What the public list reads of a complaint: nothing that names or reaches a person. */
export interface PublicComplaint {
  reference: string;
  status: string;
  outcome: string | null;
  agencyCode: string | null;
  serviceCode: string | null;
  city: string;
  lat: number | null;
  lng: number | null;
  createdAt: Date;
  updatedAt: Date;
  dueAt: Date | null;
  jurisdictionDueAt: Date | null;
}

export interface Open311Request {
  service_request_id: string;
  status: "open" | "closed";
  status_notes: string;
  service_name: string | null;
  service_code: string | null;
  description: null;
  agency_responsible: string | null;
  service_notice: null;
  requested_datetime: string;
  updated_datetime: string;
  expected_datetime: string | null;
  address: string;
  address_id: null;
  zipcode: null;
  lat: number | null;
  long: number | null;
  media_url: null;
}

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

export function toRequest(c: PublicComplaint, names: DirectoryNames, t: Messages, lang: Lang): Open311Request {
  const status = publicStatus(c.status);
  const agency = c.agencyCode ? names.agency(c.agencyCode) : null;
  const service = c.agencyCode && c.serviceCode ? names.service(c.agencyCode, c.serviceCode) : null;
  const city = names.city(c.city);
  const note = t.open311.status[c.status as HubStatus] ?? c.status;
  const outcome = c.status === "closed" && c.outcome ? (t.agency.outcomes as Record<string, string>)[c.outcome] : undefined;
  return {
    service_request_id: c.reference,
    status,
    status_notes: outcome ? `${note}: ${outcome}` : note,
    service_name: service ? inLang(service, lang) : null,
    service_code: c.agencyCode && c.serviceCode ? serviceCodeOf(c.agencyCode, c.serviceCode) : null,
    description: null,
    agency_responsible: agency ? inLang(agency, lang) : null,
    service_notice: null,
    requested_datetime: c.createdAt.toISOString(),
    updated_datetime: c.updatedAt.toISOString(),
    // The date the agency works to: the resolution's due date once accepted, else the
    // jurisdiction decision's; none once closed.
    expected_datetime: status === "open" ? ((c.dueAt ?? c.jurisdictionDueAt)?.toISOString() ?? null) : null,
    address: city ? inLang(city, lang) : c.city,
    address_id: null,
    zipcode: null,
    lat: round2(c.lat),
    long: round2(c.lng),
    media_url: null,
  };
}

export interface RequestsFilter {
  references?: string[];
  services?: { agencyCode: string; serviceCode: string }[];
  statuses?: HubStatus[];
  from: Date;
  to: Date;
  limit: number;
  offset: number;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;
const DAY_MS = 86_400_000;
export const WINDOW_DAYS = 90;
const MAX_PAGE = 1000;

// W3C / ISO 8601 as the spec writes it: a date, or a date and time with an offset (a time
// without one is read as UTC).
const ISO = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/i;

export function parseIsoDate(s: string): Date | null {
  const v = s.trim();
  if (!ISO.test(v)) return null;
  const withZone = v.length > 10 && !/(?:Z|[+-]\d{2}:?\d{2})$/i.test(v) ? `${v}Z` : v;
  const d = new Date(withZone.replace(" ", "T").replace(/([+-]\d{2})(\d{2})$/, "$1:$2"));
  return Number.isNaN(d.getTime()) ? null : d;
}

const list = (s: string | undefined) =>
  (s ?? "")
    .split(",")
    .map((x) => x.trim())
    .filter(Boolean);

/**
 * GET requests' parameters as the spec gives them. service_request_id (comma list)
 * picks those requests whatever the other filters say; otherwise the window is
 * start_date..end_date, at most 90 days, the last 90 days when neither is given.
 * `limit` (default 50, at most 1000) and `page` (from 1) page through it, newest first.
 */
export function parseRequestsQuery(
  q: Record<string, string | undefined>,
  now: Date,
  t: Messages,
): { ok: true; filter: RequestsFilter } | { ok: false; errors: Open311Error[] } {
  const e = t.open311.errors;
  const bad = (description: string) => ({ ok: false as const, errors: errorArray(400, description) });
  const limit = q.limit === undefined || q.limit === "" ? DEFAULT_LIMIT : Number(q.limit);
  const page = q.page === undefined || q.page === "" ? 1 : Number(q.page);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) return bad(`limit: ${e.limit_invalid}`);
  if (!Number.isInteger(page) || page < 1 || page > MAX_PAGE) return bad(`page: ${e.limit_invalid}`);

  const references = list(q.service_request_id);
  if (references.length) {
    if (references.length > MAX_LIMIT) return bad(`service_request_id: ${e.limit_invalid}`);
    return { ok: true, filter: { references, from: new Date(0), to: now, limit: MAX_LIMIT, offset: 0 } };
  }

  const services: { agencyCode: string; serviceCode: string }[] = [];
  for (const code of list(q.service_code)) {
    const key = parseServiceCode(code);
    if (!key) return bad(`service_code: ${e.service_not_found}`);
    services.push(key);
  }
  const statuses: HubStatus[] = [];
  for (const s of list(q.status)) {
    if (s.toLowerCase() === "open") statuses.push(...OPEN_STATUSES);
    else if (s.toLowerCase() === "closed") statuses.push(...CLOSED_STATUSES);
    else return bad(`status: ${e.status_invalid}`);
  }
  const start = q.start_date ? parseIsoDate(q.start_date) : undefined;
  const end = q.end_date ? parseIsoDate(q.end_date) : undefined;
  if (start === null) return bad(`start_date: ${e.date_invalid}`);
  if (end === null) return bad(`end_date: ${e.date_invalid}`);
  const window = WINDOW_DAYS * DAY_MS;
  const to = end ?? (start ? new Date(start.getTime() + window) : now);
  const from = start ?? new Date(to.getTime() - window);
  if (to.getTime() - from.getTime() > window) return bad(e.range_too_long);
  if (to < from) return bad(`end_date: ${e.date_invalid}`);
  return {
    ok: true,
    filter: {
      ...(services.length ? { services } : {}),
      ...(statuses.length ? { statuses: [...new Set(statuses)] } : {}),
      from,
      to,
      limit,
      offset: (page - 1) * limit,
    },
  };
}

// --- POST requests: a partner's filing -----------------------------------------------

/** A POST's fields, flattened: `attribute[city]=…` and JSON's `{"attribute": {"city": …}}` alike. */
export function flattenBody(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const scalar = (v: unknown) => (typeof v === "string" ? v : typeof v === "number" || typeof v === "boolean" ? String(v) : undefined);
  for (const [k, v] of Object.entries(body)) {
    if (k === "attribute" && v && typeof v === "object" && !Array.isArray(v)) {
      for (const [ak, av] of Object.entries(v as Record<string, unknown>)) {
        const s = scalar(Array.isArray(av) ? av[0] : av);
        if (s !== undefined) out[`attribute[${ak}]`] = s;
      }
      continue;
    }
    // A field sent twice (a form's repeated key) counts once: its first value.
    const s = scalar(Array.isArray(v) ? v[0] : v);
    if (s !== undefined) out[k] = s;
  }
  return out;
}

/** The hub's intake fields by the names a partner sent them under. */
const PARTNER_FIELD: Record<string, string> = {
  text: "description",
  city: "attribute[city]",
  district: "attribute[district]",
  title: "attribute[title]",
  kind: "attribute[kind]",
  priorReference: "attribute[prior_reference]",
  agencyCode: "service_code",
  serviceCode: "service_code",
  praisedAgency: "service_code",
  praisedStaff: "description",
  lat: "lat",
  lng: "long",
  notifyBy: "email",
  _form: "request",
};

/** Field codes (the intake's, keyed by its field names) as the spec's 400 error array, in the caller's language. */
export function fieldErrorArray(fields: Record<string, string>, t: Messages): Open311Error[] {
  return Object.entries(fields).map(([name, code]) => ({
    code: 400,
    description: `${PARTNER_FIELD[name] ?? name}: ${(t.open311.errors as Record<string, string>)[code] ?? errorText(t, code)}`,
  }));
}

const text = (max: number) => z.string().trim().max(max, "too_long").optional();

const partnerSchema = z.object({
  service_code: z.string().trim().min(1, "required"),
  description: z.string().optional(),
  lat: z.string().optional(),
  long: z.string().optional(),
  address_string: text(100),
  address_id: text(100),
  // An empty field is one not given (a form's blank input).
  email: z
    .string()
    .optional()
    .transform((s) => s?.trim() || undefined)
    .pipe(z.email({ error: "email_invalid" }).max(254, "too_long").optional()),
  phone: z
    .string()
    .optional()
    .transform((s) => s?.trim() || undefined)
    .pipe(mobileField.optional()),
  first_name: text(100),
  last_name: text(100),
  "attribute[kind]": z.string().trim().optional(),
  "attribute[city]": z.string().trim().optional(),
  "attribute[district]": text(100),
  "attribute[title]": text(200),
  "attribute[prior_reference]": text(64),
});

export interface PartnerFiling {
  /** The intake's own input (server/complaints/submit.ts submissionSchema). */
  input: {
    kind: Kind;
    text: string;
    title?: string;
    city: string;
    district?: string;
    lat?: string;
    lng?: string;
    agencyCode: string;
    serviceCode: string;
    priorReference?: string;
    notifyBy: "sms" | "email";
    clientKey: string;
  };
  contact: { name?: string; mobile?: string; email?: string; lang: Lang };
}

/**
 * A partner's POST as the intake's input and the unverified filer's contact. What the
 * spec knows and the hub does not (address_id, device_id, account_id, media_url) is
 * ignored; what the hub needs and the spec lacks (kind, city) comes from the service's
 * attributes, the city also from address_string when it names one. The intake checks
 * the rest (text length, the service and its kinds, the prior request number) and its
 * field codes come back through fieldErrorArray.
 */
export function partnerFiling(
  fields: Record<string, string>,
  names: DirectoryNames,
  facts: DirectoryFacts,
  lang: Lang,
  clientKey: string,
): { ok: true; filing: PartnerFiling } | { ok: false; fields: Record<string, string> } {
  const parsed = partnerSchema.safeParse(fields);
  const problems: Record<string, string> = {};
  if (!parsed.success) {
    for (const i of parsed.error.issues) {
      const f = String(i.path[0] ?? "request");
      problems[f] ??= /^[a-z_]+$/.test(i.message) ? i.message : i.code === "invalid_type" ? "required" : "invalid";
    }
  }
  // The checks below run on what was sent even when a field above failed, so one answer
  // names every problem; nothing is filed unless all pass.
  const v = parsed.success ? parsed.data : (fields as z.output<typeof partnerSchema>);
  const key = parseServiceCode(v.service_code);
  const service = key ? facts.service(key.agencyCode, key.serviceCode) : null;
  if (!key || !service) problems.service_code ??= "service_not_found";

  const hasPoint = !!v.lat?.trim() && !!v.long?.trim();
  if ((v.lat?.trim() || v.long?.trim()) && !hasPoint) problems[v.lat?.trim() ? "long" : "lat"] = "required";
  else if (!hasPoint && !v.address_string && !v.address_id) problems.lat = "location_required";

  const kindRaw = v["attribute[kind]"] || (service?.kinds.includes("complaint") ? "complaint" : "");
  const kind = (KINDS as readonly string[]).includes(kindRaw) ? (kindRaw as Kind) : null;
  // Without a known service there are no kinds to choose from: only the service is wrong.
  if (!kindRaw) {
    if (service) problems["attribute[kind]"] = "required";
  } else if (!kind || (service && !service.kinds.includes(kind))) problems["attribute[kind]"] = "value_not_listed";

  // The city: the attribute, else a city the address names ("King Fahd Rd, Riyadh").
  const cities = names.cities.filter((c) => c.active).map((c) => ({ code: c.code, nameAr: c.ar, nameEn: c.en }));
  const cityRaw = v["attribute[city]"];
  let city: string | undefined;
  if (cityRaw) {
    city = matchCity(cities, cityRaw);
    if (!city) problems["attribute[city]"] = "value_not_listed";
  } else if (v.address_string) {
    for (const part of [v.address_string, ...v.address_string.split(/[,،\n]/)]) {
      city = matchCity(cities, part);
      if (city) break;
    }
  }
  if (!city && !problems["attribute[city]"]) problems["attribute[city]"] = "city_required";
  const covered = key ? (facts.agency(key.agencyCode)?.cities ?? null) : null;
  if (city && covered && !covered.includes(city)) problems["attribute[city]"] = "value_not_listed";

  if (!parsed.success || Object.keys(problems).length || !key || !kind || !city) return { ok: false, fields: problems };
  const name = [v.first_name, v.last_name].filter(Boolean).join(" ") || undefined;
  return {
    ok: true,
    filing: {
      input: {
        kind,
        text: v.description ?? "",
        ...(v["attribute[title]"] ? { title: v["attribute[title]"] } : {}),
        city,
        // The street address goes with the complaint for the agency's staff, as the
        // portal's district field does; it is never in the public list.
        ...((v["attribute[district]"] ?? v.address_string) ? { district: v["attribute[district]"] ?? v.address_string } : {}),
        ...(hasPoint ? { lat: v.lat!.trim(), lng: v.long!.trim() } : {}),
        agencyCode: key.agencyCode,
        serviceCode: key.serviceCode,
        ...(v["attribute[prior_reference]"] ? { priorReference: v["attribute[prior_reference]"] } : {}),
        // The filer hears by SMS when a mobile was given, else by email (server/complaints/submit.ts).
        notifyBy: v.phone ? "sms" : v.email ? "email" : "sms",
        clientKey,
      },
      contact: { ...(name ? { name } : {}), ...(v.phone ? { mobile: v.phone } : {}), ...(v.email ? { email: v.email } : {}), lang },
    },
  };
}

/** POST's answer: the reference, and what happens next in words. */
export function filingNotice(
  r: { status: "routed" | "triage"; agencyCode: string | null },
  names: DirectoryNames,
  t: Messages,
  lang: Lang,
): string {
  const agency = r.agencyCode ? names.agency(r.agencyCode) : null;
  const next = r.status === "routed" && agency ? t.open311.notice.routed(inLang(agency, lang)) : t.open311.notice.triage;
  return `${next} ${t.open311.notice.unverified}`;
}
