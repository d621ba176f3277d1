import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../../server/config.ts";

describe("configuration", () => {
  it("runs embedded with demo data, in Riyadh time with a Friday+Saturday weekend, when nothing is set", () => {
    const c = parseConfig({});
    expect(c.databaseUrl).toBeUndefined();
    expect(c.demo).toBe(true);
    expect(c.port).toBe(3000);
    expect(c.calendar).toEqual({ timeZone: "Asia/Riyadh", weekend: [5, 6], holidayCountry: "SA", workingHours: { start: 450, end: 870 } });
  });

  it("bounds the waits on PostgreSQL by default, and each bound is settable (0 turns it off)", () => {
    expect(parseConfig({}).databaseTimeouts).toEqual({ connectTimeoutS: 5, statementTimeoutMs: 60_000, idleTimeoutS: 60 });
    const c = parseConfig({ DATABASE_CONNECT_TIMEOUT_S: "2", DATABASE_STATEMENT_TIMEOUT_MS: "0", DATABASE_IDLE_TIMEOUT_S: "300" });
    expect(c.databaseTimeouts).toEqual({ connectTimeoutS: 2, statementTimeoutMs: 0, idleTimeoutS: 300 });
    expect(() => parseConfig({ DATABASE_CONNECT_TIMEOUT_S: "soon" })).toThrow(/DATABASE_CONNECT_TIMEOUT_S:/);
  });

  it("measures first responses against seed 000's channel targets unless HUB_CHANNEL_TARGETS=001", () => {
    expect(parseConfig({}).channelTargets).toBe("000");
    expect(parseConfig({ HUB_CHANNEL_TARGETS: "001" }).channelTargets).toBe("001");
    expect(() => parseConfig({ HUB_CHANNEL_TARGETS: "002" })).toThrow(/HUB_CHANNEL_TARGETS: must be "000" or "001"/);
  });

  it("a real database gets no demo data unless HUB_DEMO=1", () => {
    const secret = "x".repeat(32);
    expect(parseConfig({ DATABASE_URL: "postgres://h/db", HUB_SECRET: secret }).demo).toBe(false);
    expect(parseConfig({ DATABASE_URL: "postgres://h/db", HUB_SECRET: secret, HUB_DEMO: "1" }).demo).toBe(true);
  });

  it("instances sharing PostgreSQL must be given the same secret, and http adapters their URL", () => {
    expect(() => parseConfig({ DATABASE_URL: "postgres://h/db" })).toThrow(/HUB_SECRET: is required when DATABASE_URL is set/);
    expect(() => parseConfig({ CIVIL_REGISTRY: "http", SMS_GATEWAY: "http" })).toThrow(
      /REGISTRY_URL: is required[\s\S]*SMS_URL: is required/,
    );
  });

  it("keeps attachments in the database unless ATTACHMENTS_S3_URL names a bucket, and says what is wrong with one without repeating its secret", () => {
    expect(parseConfig({}).attachmentsS3).toBeNull();
    expect(
      parseConfig({
        ATTACHMENTS_S3_URL: "https://AKIA%2FX:se%40cret@s3.me-south-1.amazonaws.com/hub-files/prod/2026?region=me-south-1&forcePathStyle=0",
      }).attachmentsS3,
    ).toEqual({
      endpoint: "https://s3.me-south-1.amazonaws.com",
      bucket: "hub-files",
      prefix: "prod/2026/",
      region: "me-south-1",
      forcePathStyle: false,
      credentials: { accessKeyId: "AKIA/X", secretAccessKey: "se@cret" },
    });
    // No credentials: the SDK's own chain (AWS_ACCESS_KEY_ID, an instance role); path style and us-east-1 by default.
    expect(parseConfig({ ATTACHMENTS_S3_URL: "http://127.0.0.1:9000/attachments" }).attachmentsS3).toEqual({
      endpoint: "http://127.0.0.1:9000",
      bucket: "attachments",
      prefix: "",
      region: "us-east-1",
      forcePathStyle: true,
    });
    const wrong = (url: string) => {
      try {
        parseConfig({ ATTACHMENTS_S3_URL: url });
      } catch (e) {
        expect((e as Error).message).not.toContain("TOPSECRET");
        return (e as Error).message;
      }
      throw new Error(`${url} was accepted`);
    };
    expect(wrong("s3://KEY:TOPSECRET@host/bucket")).toContain("ATTACHMENTS_S3_URL: must start with https:// or http://");
    expect(wrong("https://KEY:TOPSECRET@host")).toContain("ATTACHMENTS_S3_URL: names no bucket");
    expect(wrong("https://KEY:TOPSECRET@host/Bad_Bucket")).toContain("names a bucket S3 does not allow");
    expect(wrong("https://KEY@host/bucket")).toContain("both the access key and the secret");
    expect(wrong("https://KEY:TOPSECRET@host/bucket?regoin=x")).toContain('unknown setting "regoin"');
    expect(wrong("https://KEY:TOPSECRET@host/bucket?forcePathStyle=yes")).toContain("forcePathStyle that is not 0 or 1");
  });

  it("takes a read replica only beside a PostgreSQL primary, and only as a postgres:// URL", () => {
    const primary = { DATABASE_URL: "postgres://h/db", HUB_SECRET: "x".repeat(32) };
    expect(parseConfig({ ...primary, DATABASE_READ_URL: "postgresql://replica/db" }).databaseReadUrl).toBe("postgresql://replica/db");
    expect(parseConfig(primary).databaseReadUrl).toBeUndefined();
    expect(() => parseConfig({ ...primary, DATABASE_READ_URL: "mysql://replica/db" })).toThrow(
      /DATABASE_READ_URL: must start with postgres:\/\//,
    );
    expect(() => parseConfig({ DATABASE_READ_URL: "postgres://replica/db" })).toThrow(/DATABASE_READ_URL: needs DATABASE_URL/);
  });

  it("reads Jordan's and Oman's settings", () => {
    const c = parseConfig({ HUB_TIMEZONE: "Asia/Muscat", HUB_HOLIDAY_COUNTRY: "OM", HUB_WEEKEND: "Fri, Sat" });
    expect(c.calendar).toEqual({ timeZone: "Asia/Muscat", weekend: [5, 6], holidayCountry: "OM", workingHours: { start: 450, end: 870 } });
  });

  it("names every wrong variable in one message", () => {
    let err: unknown;
    try {
      parseConfig({
        PORT: "eighty",
        HUB_HOLIDAY_COUNTRY: "XX",
        HUB_TIMEZONE: "Mars/Olympus",
        DATABASE_URL: "mysql://x",
        HUB_WEEKEND: "sun,mon,tue,wed,thu,fri,sat",
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const msg = (err as Error).message;
    for (const v of ["PORT", "HUB_HOLIDAY_COUNTRY", "HUB_TIMEZONE", "DATABASE_URL", "HUB_WEEKEND"]) expect(msg).toContain(`${v}:`);
    expect(msg).toContain("at least one day of the week must be a working day");
  });
});
