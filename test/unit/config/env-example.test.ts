import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../../server/config.ts";

// .env.example is the deployment's checklist (issue 18 item 4): it must name every
// variable the hub reads, and its values must be ones the hub accepts, so copying it
// and replacing the CHANGE-ME secrets gives a configuration that starts.
const example = readFileSync(new URL("../../../.env.example", import.meta.url), "utf8");
const read = [...readFileSync(new URL("../../../server/config.ts", import.meta.url), "utf8").matchAll(/^ {2}([A-Z][A-Z0-9_]+):/gm)].map(
  (m) => m[1]!,
);

function entries(text: string, commented: boolean): Record<string, string> {
  const line = commented ? /^#?\s*([A-Z][A-Z0-9_]+)=(.*)$/ : /^([A-Z][A-Z0-9_]+)=(.*)$/;
  return Object.fromEntries(
    text
      .split("\n")
      .map((l) => line.exec(l))
      .filter((m): m is RegExpExecArray => !!m)
      .map((m) => [m[1]!, m[2]!]),
  );
}

describe(".env.example", () => {
  it("names every variable server/config.ts reads", () => {
    expect(read.length).toBeGreaterThan(30);
    const named = Object.keys(entries(example, true));
    expect(read.filter((v) => !named.includes(v))).toEqual([]);
    expect(named.filter((v) => !read.includes(v))).toEqual([]);
  });

  it("holds values the hub accepts", () => {
    expect(() => parseConfig(entries(example, false))).not.toThrow();
  });
});
