import { describe, expect, it } from "vitest";
import { safeNext } from "../../../server/web/language.ts";

// Browsers strip tabs and newlines from a Location and read a backslash as a slash, so
// a check on the raw string's first characters lets `/\t/evil.example` leave the site.
describe("safeNext: only same-origin paths", () => {
  const ESCAPES = [
    "//evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "https://evil.example/",
    "https:evil.example",
    "javascript:alert(1)",
    "data:text/html,x",
    "/\u0000/evil.example",
    "/%09/evil.example".replace("%09", "\t"),
    "///evil.example",
    "/ /evil.example",
    "/\u3000/evil.example",
  ];
  for (const v of ESCAPES) {
    it(`refuses ${JSON.stringify(v)}`, () => expect(safeNext(v)).toBe("/"));
  }

  it("keeps a local path with its query and fragment", () => {
    expect(safeNext("/complaints/CMP-2026-ABC?tab=events#x")).toBe("/complaints/CMP-2026-ABC?tab=events#x");
    expect(safeNext("/staff")).toBe("/staff");
  });

  it("keeps encoded characters encoded, so a browser cannot turn them into a host", () => {
    expect(safeNext("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(safeNext("/%5Cevil.example")).toBe("/%5Cevil.example");
  });

  it("falls back to the home page for nothing, or for something that is not a path", () => {
    expect(safeNext(undefined)).toBe("/");
    expect(safeNext("")).toBe("/");
    expect(safeNext("complaints")).toBe("/");
    expect(safeNext("/" + "a".repeat(3000))).toBe("/");
  });
});
