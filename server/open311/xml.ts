// The spec's XML answers, written by hand: a list root (<services>, <service_requests>,
// <errors>…) of items, each a flat record whose arrays nest by a singular name
// (<attributes><attribute>…, <values><value>…). Pure; test/unit/open311/xml.test.ts.

/** Characters XML 1.0 cannot carry at all, even escaped: dropped. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(s: string): string {
  return s
    .replace(NOT_XML, "")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&apos;");
}

/** An array's items are named by the singular of the array's name. */
const SINGULAR: Record<string, string> = {
  attributes: "attribute",
  values: "value",
  services: "service",
  service_requests: "request",
  errors: "error",
  endpoints: "endpoint",
  formats: "format",
};

// Element names come from the hub's own keys, never from input; checked all the same.
const NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

function element(name: string, value: unknown, indent: string): string {
  if (!NAME.test(name)) throw new Error(`not an XML name: ${name}`);
  if (value === null || value === undefined) return `${indent}<${name}></${name}>`;
  if (Array.isArray(value)) {
    const item = SINGULAR[name] ?? "item";
    const inner = value.map((v) => element(item, v, indent + "  ")).join("\n");
    return value.length ? `${indent}<${name}>\n${inner}\n${indent}</${name}>` : `${indent}<${name}></${name}>`;
  }
  if (typeof value === "object") {
    const inner = Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => element(k, v, indent + "  "))
      .join("\n");
    return `${indent}<${name}>\n${inner}\n${indent}</${name}>`;
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>`;
}

/** A whole document: `root` holding `value` (an array of items or one record). */
export function toXml(root: string, value: unknown): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, "")}\n`;
}
