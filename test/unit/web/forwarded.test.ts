import { describe, expect, it } from "vitest";
import { forwardedClient } from "../../../server/web/session.ts";
import { parseConfig } from "../../../server/config.ts";

describe("the client address behind N proxies", () => {
  it("takes the N-th entry from the right, ignoring what the client wrote before it", () => {
    expect(forwardedClient("6.6.6.6, 203.0.113.7", 1, "10.0.0.1")).toBe("203.0.113.7");
    expect(forwardedClient("6.6.6.6, 203.0.113.7, 10.0.0.2", 2, "10.0.0.1")).toBe("203.0.113.7");
    expect(forwardedClient("203.0.113.7", 3, "10.0.0.1")).toBe("203.0.113.7");
  });
  it("uses the socket's address when no proxy is trusted, or the entry is not an address", () => {
    expect(forwardedClient("6.6.6.6", 0, "10.0.0.1")).toBe("10.0.0.1");
    expect(forwardedClient("a".repeat(4000), 1, "10.0.0.1")).toBe("10.0.0.1");
    expect(forwardedClient(undefined, 1, "10.0.0.1")).toBe("10.0.0.1");
  });
  it("TRUST_PROXY is a hop count; true means one", () => {
    expect(parseConfig({ TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(parseConfig({ TRUST_PROXY: "true" }).trustProxy).toBe(1);
    expect(parseConfig({}).trustProxy).toBe(0);
  });
});
