import { describe, expect, it } from "vitest";
import { messages } from "../../../views/i18n/index.ts";
import { SuggestionBox } from "../../../views/pages/citizen/complaints.tsx";
import type { Suggestion } from "../../../server/routing/suggest.ts";

// Issue 11 item 5: the routing explanation shows only the citizen's own words,
// highlighted, with the reader's punctuation.
const text = "The street lights are off and the street is dark";
const s: Suggestion & { label: string } = {
  agencyCode: "MOMAH",
  serviceCode: "STREET_LIGHTING",
  score: 0.9,
  label: "Street lighting",
  // Evidence values as an old router gave them (directory phrases) must not be shown.
  evidence: [
    { kind: "phrase", value: "lamp post" },
    { kind: "word", value: "lights" },
  ],
  spans: [
    { start: 11, end: 17 },
    { start: 44, end: 48 },
  ],
};

const html = (lang: "ar" | "en") => String(<SuggestionBox t={messages(lang)} suggestions={[s]} text={text} />);

describe("the suggestion's explanation", () => {
  it("highlights the citizen's words in <mark>, never the directory's phrases", () => {
    const out = html("en");
    expect(out).toContain("<mark>lights</mark>");
    expect(out).toContain("<mark>dark</mark>");
    expect(out).not.toContain("lamp post");
  });
  it("joins them with the reader's list separator", () => {
    expect(html("en")).toContain("<mark>lights</mark>, <mark>dark</mark>");
    expect(html("en")).not.toContain("،");
    expect(html("ar")).toContain("<mark>lights</mark>، <mark>dark</mark>");
  });
});
