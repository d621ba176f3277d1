import { describe, expect, it } from "vitest";
import { factsFrom, type AgencyRow, type ServiceRow } from "../../../server/directory/facts.ts";
import { agencyNamed, namesFrom } from "../../../server/directory/names.ts";
import { decideRoute, type RouteInput } from "../../../server/routing/decide.ts";
import type { Suggestion } from "../../../server/routing/suggest.ts";

// The routing decision over directory facts and ranked suggestions: no database, no router.

const agency = (code: string, active = true) => ({ code, nameAr: `جهة ${code}`, nameEn: `Agency ${code}`, active }) as AgencyRow;
let id = 0;
const service = (agencyCode: string, code: string, over: Partial<ServiceRow> = {}) =>
  ({
    id: ++id,
    agencyCode,
    code,
    nameAr: code,
    nameEn: code,
    kinds: ["complaint", "inquiry"],
    jurisdictionDays: 2,
    priorRefRequired: false,
    priorRefPattern: null,
    active: true,
    ...over,
  }) as ServiceRow;

const facts = factsFrom({
  cities: ["riyadh", "albureimi"],
  agencies: [agency("MOMAH"), agency("WATER"), agency("MOI"), agency("OLD", false)],
  services: [
    service("MOMAH", "ROADS"),
    service("MOMAH", "PRAISE_ONLY", { kinds: ["praise"] }),
    service("WATER", "SUPPLY"),
    service("MOI", "VISA", { priorRefRequired: true, priorRefPattern: "^V-\\d{6}$" }),
    service("OLD", "GONE"),
  ],
});

const s = (agencyCode: string, serviceCode: string, score: number, first: Suggestion["evidence"][number]["kind"] = "word"): Suggestion => ({
  agencyCode,
  serviceCode,
  score,
  evidence: [{ kind: first, value: "x" }],
  spans: [],
});

const input = (over: Partial<RouteInput> = {}): RouteInput => ({ kind: "complaint", text: "a hole in the road", city: "riyadh", ...over });
const THRESHOLD = 0.5;

describe("the routing decision", () => {
  it("refuses an unknown city, agency or service, a service that does not take the kind, and a switched-off agency", () => {
    expect(decideRoute(facts, input({ city: "atlantis" }), [], THRESHOLD)).toEqual({
      ok: false,
      error: "invalid",
      fields: { city: "city_unknown" },
    });
    expect(decideRoute(facts, input({ agencyCode: "NOPE" }), [], THRESHOLD)).toMatchObject({ fields: { agencyCode: "agency_unknown" } });
    expect(decideRoute(facts, input({ serviceCode: "ROADS" }), [], THRESHOLD)).toMatchObject({ fields: { agencyCode: "agency_unknown" } });
    expect(decideRoute(facts, input({ agencyCode: "OLD", serviceCode: "GONE" }), [], THRESHOLD)).toMatchObject({
      fields: { agencyCode: "agency_unknown" },
    });
    expect(decideRoute(facts, input({ agencyCode: "MOMAH", serviceCode: "NOPE" }), [], THRESHOLD)).toMatchObject({
      fields: { serviceCode: "service_unknown" },
    });
    expect(decideRoute(facts, input({ agencyCode: "MOMAH", serviceCode: "PRAISE_ONLY" }), [], THRESHOLD)).toMatchObject({
      fields: { serviceCode: "service_refuses_kind" },
    });
  });

  it("does not rank the text for a refused submission", () => {
    let ranked = 0;
    decideRoute(facts, input({ city: "atlantis" }), () => (ranked++, []), THRESHOLD);
    expect(ranked).toBe(0);
  });

  it("a chosen service wins over any suggestion: routed by the citizen, no score", () => {
    const d = decideRoute(facts, input({ agencyCode: "WATER", serviceCode: "SUPPLY" }), [s("MOMAH", "ROADS", 0.99)], THRESHOLD);
    expect(d).toMatchObject({ ok: true, routedBy: "citizen", score: null, target: { agencyCode: "WATER", code: "SUPPLY" } });
    // The suggestions are still kept for triage and the reports.
    expect(d.ok && d.suggestions.map((x) => x.serviceCode)).toEqual(["ROADS"]);
  });

  it("a service that needs the agency's own request number: required, and in its pattern", () => {
    const visa = { agencyCode: "MOI", serviceCode: "VISA" };
    expect(decideRoute(facts, input(visa), [], THRESHOLD)).toMatchObject({ fields: { priorReference: "prior_reference_required" } });
    expect(decideRoute(facts, input({ ...visa, priorReference: "12345" }), [], THRESHOLD)).toMatchObject({
      fields: { priorReference: "prior_reference_invalid" },
    });
    expect(decideRoute(facts, input({ ...visa, priorReference: "V-123456" }), [], THRESHOLD)).toMatchObject({
      ok: true,
      routedBy: "citizen",
      target: { code: "VISA" },
    });
  });

  it("from the text at or above the threshold, by location when that is the first evidence; below it, triage", () => {
    expect(decideRoute(facts, input(), [s("MOMAH", "ROADS", 0.5)], THRESHOLD)).toMatchObject({
      ok: true,
      routedBy: "text",
      score: 0.5,
      target: { code: "ROADS" },
    });
    expect(decideRoute(facts, input(), [s("MOMAH", "ROADS", 0.7, "location")], THRESHOLD)).toMatchObject({
      routedBy: "location",
      score: 0.7,
    });
    expect(decideRoute(facts, input(), [s("MOMAH", "ROADS", 0.49)], THRESHOLD)).toMatchObject({
      ok: true,
      routedBy: "triage",
      score: null,
      target: null,
    });
    expect(decideRoute(facts, input(), [], THRESHOLD)).toMatchObject({ routedBy: "triage", target: null });
  });

  it("skips suggestions whose service does not take the kind or is not in the directory", () => {
    const d = decideRoute(
      facts,
      input({ kind: "praise" }),
      [s("WATER", "SUPPLY", 0.9), s("OLD", "GONE", 0.9), s("MOMAH", "PRAISE_ONLY", 0.6)],
      THRESHOLD,
    );
    expect(d).toMatchObject({ routedBy: "text", score: 0.6, target: { code: "PRAISE_ONLY" } });
    // The best accepting one is below the threshold: triage, not the next one down.
    expect(decideRoute(facts, input(), [s("MOMAH", "PRAISE_ONLY", 0.9), s("WATER", "SUPPLY", 0.4)], THRESHOLD)).toMatchObject({
      routedBy: "triage",
    });
  });

  it("never guesses a service that needs a request number", () => {
    expect(decideRoute(facts, input(), [s("MOI", "VISA", 0.95)], THRESHOLD)).toMatchObject({ routedBy: "triage", target: null });
  });

  it("an agency named without a service: only its own services are candidates", () => {
    const ranked = [s("WATER", "SUPPLY", 0.9), s("MOMAH", "ROADS", 0.6)];
    expect(decideRoute(facts, input({ agencyCode: "MOMAH" }), ranked, THRESHOLD)).toMatchObject({
      routedBy: "text",
      target: { agencyCode: "MOMAH", code: "ROADS" },
    });
    expect(decideRoute(facts, input({ agencyCode: "MOMAH" }), [s("WATER", "SUPPLY", 0.9)], THRESHOLD)).toMatchObject({
      routedBy: "triage",
    });
  });

  it("praise naming an agency goes to it even when the text says nothing: its best-ranked praise service, else the first by code", () => {
    const praise = (over: Partial<RouteInput> = {}) => input({ kind: "praise", text: "thank you, Khalid", agencyCode: "MOMAH", ...over });
    // Below the threshold, but ranked: that service.
    expect(decideRoute(facts, praise(), [s("MOMAH", "PRAISE_ONLY", 0.1)], THRESHOLD)).toMatchObject({
      routedBy: "citizen",
      score: null,
      target: { agencyCode: "MOMAH", code: "PRAISE_ONLY" },
    });
    // Nothing ranked: the agency's first service that takes praise (ROADS does not).
    expect(decideRoute(facts, praise(), [], THRESHOLD)).toMatchObject({ routedBy: "citizen", target: { code: "PRAISE_ONLY" } });
    // An agency with no service taking praise: the unit's triage, as before.
    expect(decideRoute(facts, praise({ agencyCode: "WATER" }), [], THRESHOLD)).toMatchObject({ routedBy: "triage", target: null });
    // Other kinds naming only an agency still need the text to point somewhere.
    expect(decideRoute(facts, input({ agencyCode: "MOMAH" }), [], THRESHOLD)).toMatchObject({ routedBy: "triage" });
  });
});

describe("names from the directory in memory", () => {
  it("names agencies switched off too (a complaint they still hold keeps its name) for messages, while routing ignores them", () => {
    const names = namesFrom({
      agencies: [
        { code: "MOMAH", ar: "جهة MOMAH", en: "Agency MOMAH", active: true },
        { code: "OLD", ar: "جهة OLD", en: "Agency OLD", active: false },
      ],
      services: [{ agencyCode: "WATER", code: "SUPPLY", ar: "SUPPLY", en: "SUPPLY", active: true }],
      cities: [],
    });
    expect(agencyNamed(names, "MOMAH")).toEqual({ ar: "جهة MOMAH", en: "Agency MOMAH" });
    expect(agencyNamed(names, "OLD")).toEqual({ ar: "جهة OLD", en: "Agency OLD" });
    expect(agencyNamed(names, "NOPE")).toBeNull();
    expect(agencyNamed(names, null)).toBeNull();
    expect(names.service("WATER", "SUPPLY")?.en).toBe("SUPPLY");
    expect(names.service("OLD", "GONE")).toBeNull();
    // Routing never goes to a switched-off agency.
    expect(facts.agency("OLD")).toBeNull();
  });
});
