import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadDirectory } from "../../../server/directory/load.ts";
import { evaluate, parseCases } from "../../../server/routing/evaluate.ts";
import { routableServices } from "../../../server/routing/from-directory.ts";
import { buildIndex, suggest, type RoutingIndex } from "../../../server/routing/suggest.ts";

let index: RoutingIndex;
beforeAll(async () => {
  index = buildIndex(routableServices(await loadDirectory("agencies")));
});

const top = (text: string, city?: string) => {
  const [s] = suggest(index, { text, city });
  return s ? `${s.agencyCode}/${s.serviceCode}` : null;
};

describe("routing suggestions", () => {
  it("a pothole in a city Al Buraimi covers goes to BURAIMI; the same text from Riyadh goes to MOMAH", () => {
    const text = "فيه حفرة عميقة في الطريق قدام المدرسة";
    expect(top(text, "albureimi")).toBe("BURAIMI/BUR_POTHOLES");
    expect(top(text, "riyadh")).toBe("MOMAH/ROADS_POTHOLES");
    const [s] = suggest(index, { text, city: "albureimi" });
    expect(s!.evidence[0]).toEqual({ kind: "location", value: "albureimi" });
  });

  it("a complaint Al Buraimi has no service for still goes to the national agency from there", () => {
    expect(top("النت مقطوع من الصبح", "albureimi")).toBe("CST/INTERNET_SERVICE");
  });

  it("understands Gulf and Levantine words and misspellings", () => {
    expect(top("المويه مقطوعه من امس", "riyadh")).toBe("WATER/WATER_SUPPLY");
    expect(top("المي مقطوعة عنا من يومين", "jeddah")).toBe("WATER/WATER_SUPPLY");
    expect(top("الكهربا طافيه", "riyadh")).toBe("ELEC/POWER_OUTAGE");
  });

  it("ranks with scores between 0 and 1, highest first, with the matched evidence", () => {
    const list = suggest(index, { text: "my car insurance claim was rejected after the accident", city: "jeddah" });
    expect(list[0]!.agencyCode).toBe("IA");
    for (let i = 1; i < list.length; i++) expect(list[i]!.score).toBeLessThanOrEqual(list[i - 1]!.score);
    expect(list.every((s) => s.score > 0 && s.score < 1)).toBe(true);
    expect(list[0]!.evidence.length).toBeGreaterThan(0);
  });

  it("text with nothing to go on gets no suggestion", () => {
    expect(suggest(index, { text: "السلام عليكم" })).toEqual([]);
  });

  it("keeps its accuracy on the original held-out complaints (top-1 ≥ 85%, top-3 ≥ 95%)", () => {
    const cases = parseCases(readFileSync("test/fixtures/routing/heldout.tsv", "utf8")).filter((c) => c.style === "legacy");
    const r = evaluate((c) => suggest(index, { text: c.text, city: c.city || null }, 3), cases);
    expect(r.total).toBeGreaterThanOrEqual(75);
    expect(r.top1 / r.total).toBeGreaterThanOrEqual(0.85);
    expect(r.top3 / r.total).toBeGreaterThanOrEqual(0.95);
  });
});
