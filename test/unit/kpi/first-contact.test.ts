import { describe, expect, it } from "vitest";
import { isFirstContactResolution } from "../../../server/kpi/first-contact.ts";

describe("first-contact resolution", () => {
  const base = { actionType: "first_contact", outcome: "resolved", reopened: false, rated: null } as const;
  it("is a resolved close of a complaint classified resolved at first contact", () => {
    expect(isFirstContactResolution(base)).toBe(true);
    expect(isFirstContactResolution({ ...base, rated: "yes" })).toBe(true);
    expect(isFirstContactResolution({ ...base, rated: "partly" })).toBe(true);
  });
  it("excludes a close the citizen rated not resolved", () => {
    expect(isFirstContactResolution({ ...base, rated: "no" })).toBe(false);
  });
  it("excludes a reopened complaint, and other outcomes and classifications", () => {
    expect(isFirstContactResolution({ ...base, reopened: true })).toBe(false);
    expect(isFirstContactResolution({ ...base, outcome: "partially_resolved" })).toBe(false);
    expect(isFirstContactResolution({ ...base, actionType: "process" })).toBe(false);
  });
});
