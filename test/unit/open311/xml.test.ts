import { describe, expect, it } from "vitest";
import { escapeXml, toXml } from "../../../server/open311/xml.ts";

describe("the Open311 XML writer", () => {
  it("writes the spec's services document", () => {
    expect(toXml("services", [{ service_code: "001", service_name: "Cans left out 24x7", metadata: true, keywords: "lorem, ipsum" }])).toBe(
      [
        '<?xml version="1.0" encoding="utf-8"?>',
        "<services>",
        "  <service>",
        "    <service_code>001</service_code>",
        "    <service_name>Cans left out 24x7</service_name>",
        "    <metadata>true</metadata>",
        "    <keywords>lorem, ipsum</keywords>",
        "  </service>",
        "</services>",
        "",
      ].join("\n"),
    );
  });

  it("nests arrays by their singular name and writes null as an empty element", () => {
    const xml = toXml("service_definition", {
      service_code: "DMV66",
      attributes: [{ code: "WHISHETN", datatype_description: null, values: [{ key: 123, name: "Ford" }] }],
    });
    expect(xml).toContain(
      "<attributes>\n    <attribute>\n      <code>WHISHETN</code>\n      <datatype_description></datatype_description>",
    );
    expect(xml).toContain(
      "<values>\n        <value>\n          <key>123</key>\n          <name>Ford</name>\n        </value>\n      </values>",
    );
    expect(toXml("service_requests", [])).toBe('<?xml version="1.0" encoding="utf-8"?>\n<service_requests></service_requests>\n');
    expect(toXml("errors", [{ code: 404, description: "x" }])).toContain("<errors>\n  <error>\n    <code>404</code>");
  });

  it("escapes markup and drops what XML cannot hold", () => {
    expect(escapeXml(`<a href="x">Tom & 'Jerry'</a>`)).toBe("&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;");
    expect(escapeXml("a\u0000b\u0007c\td\ne\uFFFEf\uD800g")).toBe("abc\td\nefg");
    // Arabic and a well-formed surrogate pair stay.
    expect(escapeXml("حفرة 😀")).toBe("حفرة 😀");
    expect(toXml("services", [{ service_name: "</service><x>" }])).toContain("<service_name>&lt;/service&gt;&lt;x&gt;</service_name>");
  });

  it("refuses an element name that is not one", () => {
    expect(() => toXml("services", [{ "bad name": 1 }])).toThrow();
  });
});
