import { describe, expect, it } from "vitest";
import { checkWebhookTarget, classifyAddress } from "../../../server/webhooks/target.ts";

// The SSRF guard (server/webhooks/target.ts): https to public addresses only, plain
// http to loopback only while the hub itself is not on https, and an admin setting for
// private receivers that never opens link-local or metadata addresses.
const prod = { publicUrlHttps: true, allowPrivate: false };
const dev = { publicUrlHttps: false, allowPrivate: false };
const privateOk = { publicUrlHttps: true, allowPrivate: true };
const PUBLIC = "203.0.113.10";

describe("classifyAddress", () => {
  it.each([
    ["8.8.8.8", "public"],
    ["203.0.113.10", "public"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["172.32.0.1", "public"],
    ["192.168.1.1", "private"],
    ["100.64.0.1", "private"],
    ["127.0.0.1", "loopback"],
    ["127.8.9.10", "loopback"],
    ["169.254.1.1", "link_local"],
    ["169.254.169.254", "metadata"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "reserved"],
    ["255.255.255.255", "reserved"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["::", "unspecified"],
    ["fc00::1", "private"],
    ["fd12:3456::1", "private"],
    ["fe80::1%eth0", "link_local"],
    ["fd00:ec2::254", "metadata"],
    ["::ffff:10.0.0.1", "private"],
    ["::ffff:127.0.0.1", "loopback"],
    ["::ffff:169.254.169.254", "metadata"],
    ["64:ff9b::a00:1", "private"],
    ["2606:4700::1111", "public"],
    ["ff02::1", "reserved"],
    ["not-an-ip", "reserved"],
  ])("%s is %s", (address, expected) => {
    expect(classifyAddress(address)).toBe(expected);
  });
});

describe("checkWebhookTarget", () => {
  it("takes an https URL whose every address is public", () => {
    expect(checkWebhookTarget("https://cases.agency.example/hub", [PUBLIC, "2606:4700::1111"], prod)).toEqual({ ok: true });
  });

  it("refuses plain http to a public host, in production and in development", () => {
    expect(checkWebhookTarget("http://cases.agency.example/hub", [PUBLIC], prod)).toEqual({ ok: false, error: "webhook_not_https" });
    expect(checkWebhookTarget("http://cases.agency.example/hub", [PUBLIC], dev)).toEqual({ ok: false, error: "webhook_not_https" });
    expect(checkWebhookTarget("ftp://cases.agency.example/", [PUBLIC], prod)).toEqual({ ok: false, error: "webhook_not_https" });
  });

  it("refuses a name with one inside address among public ones", () => {
    expect(checkWebhookTarget("https://mixed.example/", [PUBLIC, "10.0.0.7"], prod)).toEqual({
      ok: false,
      error: "webhook_private_target",
    });
  });

  it.each([
    "10.0.0.1",
    "192.168.0.10",
    "172.20.1.1",
    "fd00::5",
    "169.254.169.254",
    "169.254.10.10",
    "fe80::1",
    "0.0.0.0",
    "::",
    "127.0.0.1",
    "::1",
  ])("refuses %s in production", (address) => {
    expect(checkWebhookTarget("https://inside.example/", [address], prod)).toEqual({ ok: false, error: "webhook_private_target" });
  });

  it("lets loopback through, over http too, only while the hub is not on https", () => {
    for (const url of ["http://127.0.0.1:8080/hook", "http://localhost:8080/hook", "http://[::1]:8080/hook", "https://localhost/hook"])
      expect(checkWebhookTarget(url, [url.includes("::1") ? "::1" : "127.0.0.1"], dev), url).toEqual({ ok: true });
    expect(checkWebhookTarget("http://127.0.0.1:8080/hook", ["127.0.0.1"], prod)).toEqual({ ok: false, error: "webhook_not_https" });
    // "localhost" that resolves elsewhere is not loopback.
    expect(checkWebhookTarget("http://localhost/hook", ["10.0.0.1"], dev)).toEqual({ ok: false, error: "webhook_not_https" });
    expect(checkWebhookTarget("https://localhost/hook", ["10.0.0.1"], dev)).toEqual({ ok: false, error: "webhook_private_target" });
    // Development does not open private networks.
    expect(checkWebhookTarget("https://inside.example/", ["192.168.1.5"], dev)).toEqual({ ok: false, error: "webhook_private_target" });
  });

  it("WEBHOOKS_ALLOW_PRIVATE opens private and loopback addresses, never link-local, metadata or unspecified ones, and never http", () => {
    expect(checkWebhookTarget("https://inside.example/", ["10.0.0.1", "fd00::5"], privateOk)).toEqual({ ok: true });
    expect(checkWebhookTarget("https://inside.example/", ["127.0.0.1"], privateOk)).toEqual({ ok: true });
    for (const a of ["169.254.169.254", "fd00:ec2::254", "169.254.3.3", "fe80::1", "0.0.0.0"])
      expect(checkWebhookTarget("https://inside.example/", [a], privateOk), a).toEqual({ ok: false, error: "webhook_private_target" });
    expect(checkWebhookTarget("http://inside.example/", ["10.0.0.1"], privateOk)).toEqual({ ok: false, error: "webhook_not_https" });
  });

  it("refuses what is not a usable URL, credentials in it, and a name that resolved to nothing", () => {
    expect(checkWebhookTarget("not a url", [PUBLIC], prod)).toEqual({ ok: false, error: "webhook_url_invalid" });
    expect(checkWebhookTarget("https://user:pass@cases.example/", [PUBLIC], prod)).toEqual({ ok: false, error: "webhook_url_invalid" });
    expect(checkWebhookTarget("https://cases.example/#x", [PUBLIC], prod)).toEqual({ ok: false, error: "webhook_url_invalid" });
    expect(checkWebhookTarget("https://nowhere.example/", [], prod)).toEqual({ ok: false, error: "webhook_unresolvable" });
  });
});
