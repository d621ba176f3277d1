import { describe, expect, it } from "vitest";
import { ttlCache } from "../../../server/kpi/ttl-cache.ts";

describe("the public figures' cache", () => {
  it("computes once per key while fresh, again when stale, and shares a computation in flight", async () => {
    const cache = ttlCache<number>(600_000, 10);
    let loads = 0;
    const load = async () => ++loads;
    const [a, b] = await Promise.all([cache("q4", 0, load), cache("q4", 0, load)]);
    expect([a, b, loads]).toEqual([1, 1, 1]);
    expect(await cache("q4", 599_999, load)).toBe(1);
    expect(await cache("q3", 599_999, load)).toBe(2);
    expect(await cache("q4", 600_000, load)).toBe(3);
  });
  it("forgets failures and keeps at most the given number of entries, dropping the oldest", async () => {
    const cache = ttlCache<string>(600_000, 2);
    await expect(cache("k", 0, async () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    expect(await cache("k", 1, async () => "ok")).toBe("ok");
    await cache("a", 2, async () => "a");
    await cache("b", 3, async () => "b"); // "k" is now the oldest of three: dropped
    expect(await cache("k", 4, async () => "again")).toBe("again");
    expect(await cache("b", 5, async () => "not reloaded")).toBe("b");
  });
});
