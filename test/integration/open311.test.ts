import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { serve, type ServerType } from "@hono/node-server";
import { eq, sql } from "drizzle-orm";
import { apiClientUses, apiClients, citizens, complaints, outbox } from "../../schema/index.ts";
import { createApiClient } from "../../server/api-clients/store.ts";
import { submitComplaint } from "../../server/complaints/submit.ts";
import { seedDemoComplaints } from "../../server/demo/complaints.ts";
import { loadDirectory } from "../../server/directory/load.ts";
import { hubFixture } from "../support/hub-fixture.ts";
import { freePort } from "../support/server-process.ts";

// Issue 18 item 1: Open311 GeoReport v2 over real HTTP (the app served on a port and
// called with fetch, as a partner's server calls it: no cookie, no Origin). Shapes are
// the spec's own examples' (wiki.open311.org/GeoReport_v2).

const f = hubFixture();
let server: ServerType;
let base: string;
let partnerKey: string;
let partnerId: string;
let agencyKey: string;

const SERVICE = "MOMAH.ROADS_POTHOLES";
const PERSON = { first: "Zainab", last: "Hallaq", phone: "0551112233", email: "zainab.hallaq@example.org" };
const TEXT = "A deep pothole in front of the school gate on our street";

beforeAll(async () => {
  const port = await freePort();
  server = serve({ fetch: f.h.app.fetch, port, hostname: "127.0.0.1" });
  base = `http://127.0.0.1:${port}/open311/v2`;
  const now = f.h.deps.clock.now();
  const partner = await createApiClient(f.database.db, { kind: "partner", name: "civic app", rateLimit: 50 }, now);
  partnerKey = partner.key;
  partnerId = partner.client.id;
  agencyKey = (await createApiClient(f.database.db, { kind: "agency", agencyCode: "MOMAH", name: "case system" }, now)).key;
  // Complaints in every state, with names, national numbers and mobiles on them.
  await seedDemoComplaints(f.h.deps);
  const filed = await submitComplaint(f.h.deps, f.citizenId, {
    kind: "complaint",
    text: "Street light broken near my house for two weeks now",
    city: "riyadh",
    agencyCode: "MOMAH",
    serviceCode: "STREET_LIGHTING",
    notifyBy: "sms",
    clientKey: "open311-test-citizen",
  });
  expect(filed.ok).toBe(true);
});
afterAll(async () => {
  await new Promise((r) => server?.close(r));
});
beforeEach(async () => {
  await f.database.db.execute(sql`truncate rate_limits`);
});

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${base}/${path}`, { headers });
const postForm = (path: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
  fetch(`${base}/${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
    body: new URLSearchParams(fields).toString(),
  });
const postJson = (path: string, body: unknown) =>
  fetch(`${base}/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

const filing = (over: Record<string, string> = {}) => ({
  api_key: partnerKey,
  service_code: SERVICE,
  description: TEXT,
  lat: "24.713552",
  long: "46.675296",
  address_string: "King Fahd Road, Riyadh",
  email: PERSON.email,
  first_name: PERSON.first,
  last_name: PERSON.last,
  phone: PERSON.phone,
  ...over,
});

const keysOf = (o: object) => Object.keys(o).sort();

describe("services", () => {
  it("lists one service per directory service, as the spec's services.json, in Arabic by default", async () => {
    const res = await get("services.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/application\/json/);
    const list = (await res.json()) as Record<string, unknown>[];
    const directory = await loadDirectory("agencies");
    expect(list.length).toBe(directory.agencies.reduce((n, a) => n + a.services.length, 0));
    const potholes = list.find((s) => s.service_code === SERVICE)!;
    expect(keysOf(potholes)).toEqual(["description", "group", "keywords", "metadata", "service_code", "service_name", "type"]);
    expect(potholes).toMatchObject({
      service_name: "الحفر وتلف الأسفلت",
      metadata: true,
      type: "realtime",
      group: "وزارة البلديات والإسكان",
    });
    expect(potholes.keywords).toContain("حفرة");
  });

  it("speaks English when asked by locale or Accept-Language", async () => {
    for (const res of [await get("services.json?locale=en"), await get("services.json", { "accept-language": "en-GB,en;q=0.9" })]) {
      const potholes = ((await res.json()) as Record<string, unknown>[]).find((s) => s.service_code === SERVICE)!;
      expect(potholes).toMatchObject({ service_name: "Potholes and damaged asphalt", group: "Ministry of Municipalities and Housing" });
      expect(potholes.keywords).toContain("pothole");
    }
  });

  it("answers services.xml with the spec's elements", async () => {
    const res = await get("services.xml?locale=en");
    expect(res.headers.get("content-type")).toMatch(/text\/xml/);
    const xml = await res.text();
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<services>\n  <service>\n    <service_code>')).toBe(true);
    expect(xml).toContain(`<service_code>${SERVICE}</service_code>`);
    expect(xml).toContain("<type>realtime</type>");
    expect(xml).toContain("<metadata>true</metadata>");
    expect(xml.trimEnd().endsWith("</services>")).toBe(true);
  });

  it("gives a service's definition with the hub's intake fields as attributes", async () => {
    const res = await get(`services/${SERVICE}.json?locale=en`);
    expect(res.status).toBe(200);
    const def = (await res.json()) as { service_code: string; attributes: Record<string, unknown>[] };
    expect(def.service_code).toBe(SERVICE);
    const kind = def.attributes.find((a) => a.code === "kind")!;
    expect(keysOf(kind)).toEqual(["code", "datatype", "datatype_description", "description", "order", "required", "values", "variable"]);
    expect(kind).toMatchObject({ variable: true, datatype: "singlevaluelist", required: false, order: 1 });
    expect(kind.values).toContainEqual({ key: "complaint", name: "Complaint" });
    const city = def.attributes.find((a) => a.code === "city")!;
    expect(city).toMatchObject({ datatype: "singlevaluelist", required: true });
    expect(city.values).toContainEqual({ key: "riyadh", name: "Riyadh" });

    const xml = await (await get(`services/${SERVICE}.xml`)).text();
    expect(xml).toContain("<service_definition>");
    expect(xml).toContain("<attributes>\n    <attribute>\n      <variable>true</variable>\n      <code>kind</code>");
    expect(xml).toContain("<values>");
    expect(xml).toContain("<value>\n          <key>complaint</key>");
  });

  it("asks for the agency's request number where the service needs it", async () => {
    const list = (await (await get("services.json")).json()) as { service_code: string }[];
    const needing = [];
    for (const s of list.filter((x) => x.service_code.startsWith("MOMAH."))) {
      const def = (await (await get(`services/${s.service_code}.json`)).json()) as { attributes: { code: string; required: boolean }[] };
      if (def.attributes.some((a) => a.code === "prior_reference" && a.required)) needing.push(s.service_code);
    }
    expect(needing.length).toBeGreaterThan(0);
  });

  it("answers an unknown service with the spec's 404 error array", async () => {
    for (const code of ["MOMAH.NOPE", "NOPE", "momah.roads_potholes", "%3Cx%3E"]) {
      const res = await get(`services/${code}.json`);
      expect(res.status).toBe(404);
      const body = (await res.json()) as unknown[];
      expect(body).toEqual([{ code: 404, description: expect.any(String) }]);
    }
    const xml = await get("services/NOPE.xml?locale=en");
    expect(xml.status).toBe(404);
    expect(await xml.text()).toContain(
      "<errors>\n  <error>\n    <code>404</code>\n    <description>There is no service with this code.</description>",
    );
  });
});

describe("filing a request (POST requests)", () => {
  it("refuses without a partner's api_key: 403 with the spec's error array", async () => {
    for (const key of [undefined, "", "hub_pt_wrong", agencyKey]) {
      const fields = filing();
      if (key === undefined) delete (fields as Record<string, string>).api_key;
      else fields.api_key = key;
      const res = await postForm("requests.json", fields);
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual([{ code: 403, description: "مفتاح api_key مفقود أو غير صالح أو ملغى." }]);
    }
    // The agency key's refused use is on record.
    const [agency] = await f.database.db.select().from(apiClients).where(eq(apiClients.kind, "agency"));
    const uses = await f.database.db.select().from(apiClientUses).where(eq(apiClientUses.clientId, agency!.id));
    expect(uses.map((u) => u.status)).toEqual([403]);
  });

  it("files a form-encoded request through the portal's intake, as an unverified partner filing, and answers per spec", async () => {
    const res = await postForm("requests.json", filing({ "attribute[city]": "riyadh" }));
    expect(res.status).toBe(201);
    const body = (await res.json()) as Record<string, unknown>[];
    expect(body).toHaveLength(1);
    expect(keysOf(body[0]!)).toEqual(["account_id", "service_notice", "service_request_id", "token"]);
    const reference = body[0]!.service_request_id as string;
    expect(reference).toMatch(/^CMP-2026-/);
    expect(body[0]!.service_notice).toContain("وزارة البلديات والإسكان");

    const [row] = await f.database.db.select().from(complaints).where(eq(complaints.reference, reference));
    expect(row).toMatchObject({
      channel: "open311",
      identityVerified: false,
      citizenId: null,
      registeredBy: null,
      status: "routed",
      agencyCode: "MOMAH",
      serviceCode: "ROADS_POTHOLES",
      routedBy: "citizen",
      kind: "complaint",
      city: "riyadh",
      district: "King Fahd Road, Riyadh",
      text: TEXT,
      notifyBy: "sms",
      contact: { name: `${PERSON.first} ${PERSON.last}`, mobile: "+966551112233", email: PERSON.email, lang: "ar" },
    });
    expect(row!.lat).toBeCloseTo(24.713552, 6);
    // The reference goes to the mobile given, as after a portal filing.
    const sent = await f.database.db.select().from(outbox).where(eq(outbox.template, "complaint_received")).orderBy(outbox.id);
    expect(sent.at(-1)).toMatchObject({ channel: "sms", recipient: "+966551112233", payload: expect.objectContaining({ reference }) });
    // The key's use is on record, with the reference.
    const uses = await f.database.db.select().from(apiClientUses).where(eq(apiClientUses.clientId, partnerId)).orderBy(apiClientUses.id);
    expect(uses.at(-1)).toMatchObject({ method: "POST", path: "/open311/v2/requests.json", status: 201, reference });
  });

  it("reaches the agency's liaison officer like any filing, marked as not verified", async () => {
    const [answer] = (await (await postForm("requests.json", filing({ "attribute[city]": "riyadh" }))).json()) as {
      service_request_id: string;
    }[];
    const liaison = await f.staff("liaison.momah");
    const page = await liaison.get(`/staff/complaints/${answer!.service_request_id}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain("الهوية غير موثقة");
    expect(html).toContain(TEXT);
  });

  it("accepts JSON with nested attributes, finds the city in address_string, and answers XML on requests.xml", async () => {
    const json = await postJson("requests.json?locale=en", {
      ...filing({ address_string: "Olaya Street, Riyadh", phone: "", email: PERSON.email }),
      attribute: { kind: "report" },
    });
    expect(json.status).toBe(201);
    const [answer] = (await json.json()) as { service_request_id: string; service_notice: string }[];
    expect(answer!.service_notice).toContain("Ministry of Municipalities and Housing");
    const [row] = await f.database.db.select().from(complaints).where(eq(complaints.reference, answer!.service_request_id));
    expect(row).toMatchObject({ kind: "report", city: "riyadh", notifyBy: "email", contact: { email: PERSON.email, lang: "en" } });

    const xml = await postForm("requests.xml", filing({ "attribute[city]": "Riyadh" }));
    expect(xml.status).toBe(201);
    const text = await xml.text();
    expect(text).toMatch(/<service_requests>\n {2}<request>\n {4}<service_request_id>CMP-2026-[A-Z0-9]+<\/service_request_id>/);
    expect(text).toContain("<account_id></account_id>");
  });

  it("refuses bad fields with 400 and the spec's error array, each problem in the caller's language", async () => {
    const res = await postForm("requests.json?locale=en", filing({ description: "short", phone: "12", "attribute[city]": "atlantis" }));
    expect(res.status).toBe(400);
    const errors = (await res.json()) as { code: number; description: string }[];
    expect(errors.every((e) => e.code === 400)).toBe(true);
    expect(errors.map((e) => e.description)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^phone: Enter a valid mobile number/),
        "attribute[city]: The value is not one of the values listed for this attribute.",
      ]),
    );
    // The intake's own checks come back the same way (the text is checked once the rest is right).
    const short = await postForm("requests.json", filing({ description: "short" }));
    expect(short.status).toBe(400);
    expect(await short.json()).toEqual([{ code: 400, description: "description: اكتب وصفًا من 10 أحرف على الأقل." }]);
    const noPlace = await postForm("requests.json?locale=en", filing({ lat: "", long: "", address_string: "" }));
    expect(await noPlace.json()).toEqual([
      { code: 400, description: "lat: Send the location: lat and long together, or address_string." },
      {
        code: 400,
        description: "attribute[city]: Give the city in attribute[city] from the service's values, or name it in address_string.",
      },
    ]);
    const prior = await postForm("requests.json?locale=en", filing({ service_code: "MOMAH.NOPE" }));
    expect(await prior.json()).toEqual([{ code: 400, description: "service_code: There is no service with this code." }]);
    const uses = await f.database.db.select().from(apiClientUses).where(eq(apiClientUses.clientId, partnerId)).orderBy(apiClientUses.id);
    expect(uses.at(-1)).toMatchObject({ status: 400, reference: null });
  });

  it("never answers a 500 to bad input", async () => {
    const bodies: [string, string][] = [
      ["application/json", "{not json"],
      ["application/json", "[1,2]"],
      ["application/json", JSON.stringify({ api_key: partnerKey, service_code: ["x"], attribute: [1], lat: { a: 1 } })],
      ["text/plain", "hello"],
      ["application/x-www-form-urlencoded", `api_key=${partnerKey}&service_code=&lat=abc&long=999`],
      [
        "application/x-www-form-urlencoded",
        `api_key=${partnerKey}&service_code=${SERVICE}&lat=91&long=0&attribute[city]=riyadh&description=${"x".repeat(6000)}`,
      ],
    ];
    for (const [type, body] of bodies) {
      const res = await fetch(`${base}/requests.json`, { method: "POST", headers: { "content-type": type }, body });
      expect(res.status, body.slice(0, 40)).toBeGreaterThanOrEqual(400);
      expect(res.status, body.slice(0, 40)).toBeLessThan(500);
      expect(Array.isArray(await res.json())).toBe(true);
    }
  });

  it("limits each key to its requests per minute", async () => {
    const now = f.h.deps.clock.now();
    const slow = await createApiClient(f.database.db, { kind: "partner", name: "slow app", rateLimit: 2 }, now);
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await postForm("requests.json", filing({ api_key: slow.key, description: "short" }))).status);
    expect(statuses).toEqual([400, 400, 429]);
  });

  it("maps a token to its request (the hub files synchronously: the token is the reference)", async () => {
    const [answer] = (await (await postForm("requests.json", filing({ "attribute[city]": "riyadh" }))).json()) as { token: string }[];
    const res = await get(`tokens/${answer!.token}.json`);
    expect(await res.json()).toEqual([{ service_request_id: answer!.token, token: answer!.token }]);
    expect((await get("tokens/CMP-2026-NOPE.json")).status).toBe(404);
  });
});

describe("the public list (GET requests)", () => {
  it("gives the spec's fields and no personal data", async () => {
    // Its own filing with a position, so the rounding check below never depends on test order.
    expect((await postForm("requests.json", filing({ "attribute[city]": "riyadh" }))).status).toBe(201);
    const res = await get("requests.json?limit=1000");
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    const list = (await res.json()) as Record<string, unknown>[];
    expect(list.length).toBeGreaterThanOrEqual(8);
    for (const r of list) {
      expect(keysOf(r)).toEqual(
        [
          "service_request_id",
          "status",
          "status_notes",
          "service_name",
          "service_code",
          "description",
          "agency_responsible",
          "service_notice",
          "requested_datetime",
          "updated_datetime",
          "expected_datetime",
          "address",
          "address_id",
          "zipcode",
          "lat",
          "long",
          "media_url",
        ].sort(),
      );
      expect(["open", "closed"]).toContain(r.status);
      expect(r.description).toBeNull();
    }
    // Nothing any complaint's filer gave: names, numbers, mobiles, emails, texts, addresses.
    const body = JSON.stringify(list) + (await (await get("requests.xml?limit=1000")).text());
    const rows = await f.database.db
      .select({ contact: complaints.contact, text: complaints.text, district: complaints.district })
      .from(complaints);
    const people = await f.database.db.select().from(citizens);
    const secrets = [
      ...rows.flatMap((r) => [r.text, r.district, r.contact?.name, r.contact?.nationalId, r.contact?.mobile, r.contact?.email]),
      ...people.flatMap((p) => [p.nationalId, p.mobile, p.email, p.firstName, p.familyName]),
      PERSON.first,
      PERSON.last,
      PERSON.email,
      "551112233",
    ].filter((s): s is string => !!s && s.length > 3);
    expect(secrets.length).toBeGreaterThan(20);
    for (const s of secrets) expect(body, s).not.toContain(s);
    // The location is a neighbourhood, not a door.
    const filed = list.find((r) => r.lat !== null)!;
    expect(String(filed.lat)).toMatch(/^\d+(\.\d{1,2})?$/);
  });

  it("gives one request by id, with its agency, service, dates and status", async () => {
    const [answer] = (await (await postForm("requests.json", filing({ "attribute[city]": "riyadh" }))).json()) as {
      service_request_id: string;
    }[];
    const id = answer!.service_request_id;
    const res = await get(`requests/${id}.json?locale=en`);
    const [r] = (await res.json()) as Record<string, unknown>[];
    expect(r).toMatchObject({
      service_request_id: id,
      status: "open",
      status_notes: "Awaiting the agency's decision on jurisdiction",
      service_name: "Potholes and damaged asphalt",
      service_code: SERVICE,
      agency_responsible: "Ministry of Municipalities and Housing",
      address: "Riyadh",
      lat: 24.71,
      long: 46.68,
      requested_datetime: new Date("2026-11-19T12:00:00+03:00").toISOString(),
    });
    expect(new Date(r!.expected_datetime as string).getTime()).toBeGreaterThan(new Date(r!.requested_datetime as string).getTime());
    const xml = await (await get(`requests/${id}.xml`)).text();
    expect(xml).toContain(`<service_request_id>${id}</service_request_id>`);
    expect(xml).toContain("<description></description>");
    expect((await get("requests/CMP-2026-NOPE.json")).status).toBe(404);
  });

  it("filters by ids, service, status and dates as the spec says", async () => {
    const all = (await (await get("requests.json?limit=1000")).json()) as {
      service_request_id: string;
      status: string;
      service_code: string | null;
    }[];
    const two = all.slice(0, 2).map((r) => r.service_request_id);
    const byId = (await (await get(`requests.json?service_request_id=${two.join(",")}`)).json()) as { service_request_id: string }[];
    expect(byId.map((r) => r.service_request_id).sort()).toEqual([...two].sort());

    const byService = (await (await get(`requests.json?service_code=${SERVICE}&limit=1000`)).json()) as { service_code: string }[];
    expect(byService.length).toBeGreaterThan(0);
    expect(byService.every((r) => r.service_code === SERVICE)).toBe(true);

    const closed = (await (await get("requests.json?status=closed&limit=1000")).json()) as { status: string }[];
    expect(closed.length).toBeGreaterThan(0);
    expect(closed.every((r) => r.status === "closed")).toBe(true);
    expect(closed.length + all.filter((r) => r.status === "open").length).toBe(all.length);

    expect(await (await get("requests.json?start_date=2026-11-20T00:00:00Z")).json()).toEqual([]);
    expect(((await (await get("requests.json?start_date=2026-11-01&end_date=2026-11-30&limit=1000")).json()) as unknown[]).length).toBe(
      all.length,
    );
    expect(((await (await get("requests.json?limit=2")).json()) as unknown[]).length).toBe(2);
    const page2 = (await (await get("requests.json?limit=2&page=2")).json()) as { service_request_id: string }[];
    expect(page2.map((r) => r.service_request_id)).toEqual(all.slice(2, 4).map((r) => r.service_request_id));
  });

  it("refuses bad parameters with 400 and the spec's error array", async () => {
    for (const q of [
      "start_date=yesterday",
      "start_date=2026-01-01&end_date=2026-11-01",
      "status=pending",
      "limit=0",
      "limit=5000",
      "page=-1",
      "service_code=roads",
    ]) {
      const res = await get(`requests.json?${q}`);
      expect(res.status, q).toBe(400);
      const body = (await res.json()) as { code: number }[];
      expect(body[0]!.code, q).toBe(400);
    }
  });
});

describe("jurisdiction and unknown paths", () => {
  it("accepts the hub's own jurisdiction_id and refuses others with 404", async () => {
    expect((await get("services.json?jurisdiction_id=localhost")).status).toBe(200);
    const other = await get("services.json?jurisdiction_id=city.example.gov");
    expect(other.status).toBe(404);
    expect(((await other.json()) as { code: number }[])[0]!.code).toBe(404);
    expect((await postForm("requests.json", filing({ jurisdiction_id: "city.example.gov" }))).status).toBe(404);
  });

  it("answers an unknown path under the API with the spec's error array, not the portal's page", async () => {
    for (const path of ["nothing.json", "services/x.txt", "requests/x"]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toMatch(/json/);
    }
    const res = await fetch(`${base}/requests.json`, { method: "DELETE" });
    expect(res.status).toBe(404);
  });

  it("answers 503 in the spec's error array while the database is unreachable", async () => {
    const database = f.h.deps.database;
    const available = database.available;
    database.available = () => false;
    try {
      const res = await get("requests.json?locale=en");
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).toBe("5");
      expect(((await res.json()) as { code: number; description: string }[])[0]).toMatchObject({
        code: 503,
        description: expect.stringContaining("database"),
      });
      expect(await (await get("services.xml")).text()).toContain("<code>503</code>");
    } finally {
      database.available = available;
    }
  });

  it("offers the discovery document", async () => {
    const d = (await (await get("discovery.json")).json()) as { endpoints: { url: string; formats: string[] }[] };
    expect(d.endpoints[0]).toMatchObject({ url: "http://localhost/open311/v2", formats: ["application/json", "text/xml"] });
  });
});
