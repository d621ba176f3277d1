import { describe, expect, it } from "vitest";
import { databaseFault, DatabaseUnavailableError, isDriverFault } from "../../server/db-faults.ts";

describe("database faults", () => {
  it("reads the driver's connection errors through drizzle's and tRPC's wrapping", () => {
    const closed = Object.assign(new Error("write CONNECTION_CLOSED"), { code: "CONNECTION_CLOSED" });
    const wrapped = new Error("Failed query: select 1", { cause: new Error("trpc", { cause: closed }) });
    expect(databaseFault(wrapped)).toBe("unreachable");
    expect(databaseFault(Object.assign(new Error("x"), { code: "ECONNREFUSED", syscall: "connect" }))).toBe("unreachable");
    expect(databaseFault(Object.assign(new Error("x"), { code: "08006" }))).toBe("unreachable");
    expect(databaseFault(Object.assign(new Error("x"), { code: "57P01" }))).toBe("unreachable");
    expect(databaseFault(new DatabaseUnavailableError("no answer"))).toBe("unreachable");
    expect(databaseFault(Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" }))).toBe("timeout");
  });

  it("leaves the request's own errors alone", () => {
    expect(databaseFault(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBeUndefined();
    expect(databaseFault(new TypeError("x is undefined"))).toBeUndefined();
    expect(databaseFault("text")).toBeUndefined();
    expect(databaseFault(null)).toBeUndefined();
  });

  it("recognises an error thrown from inside postgres.js, and nothing else, as a driver fault", () => {
    // porsager/postgres#1208: nextWrite on a socket closed() has just dropped.
    const nextWrite = new TypeError("Cannot read properties of null (reading 'write')");
    nextWrite.stack =
      "TypeError: Cannot read properties of null (reading 'write')\n    at nextWrite (file:///app/node_modules/postgres/src/connection.js:255:22)\n    at process.processImmediate (node:internal/timers:483:21)";
    expect(isDriverFault(nextWrite)).toBe(true);
    // A socket error event nobody listened to.
    expect(isDriverFault(Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET", syscall: "read" }))).toBe(true);
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')");
    bug.stack = "TypeError: Cannot read properties of undefined (reading 'id')\n    at handler (file:///app/server/web/home.tsx:12:3)";
    expect(isDriverFault(bug)).toBe(false);
    expect(isDriverFault(Object.assign(new Error("duplicate key"), { code: "23505" }))).toBe(false);
    expect(isDriverFault(undefined)).toBe(false);
  });
});
