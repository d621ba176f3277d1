import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Db } from "../../../server/db.ts";
import type { NameRows } from "../../../server/directory/store.ts";

const reads: { resolve: (r: NameRows) => void }[] = [];
vi.mock("../../../server/directory/store.ts", () => ({
  readNames: () => new Promise<NameRows>((resolve) => reads.push({ resolve })),
}));
const { directoryNames, forgetDirectoryNames, inLang, namesFrom, namesOf } = await import("../../../server/directory/names.ts");

const rows = (agencyAr: string): NameRows => ({
  agencies: [
    { code: "MOH", ar: agencyAr, en: "Ministry of Health", active: true },
    { code: "OLD", ar: "قديمة", en: "Old agency", active: false },
  ],
  services: [{ agencyCode: "MOH", code: "APPT", ar: "المواعيد", en: "Appointments", active: true }],
  cities: [{ code: "riyadh", ar: "الرياض", en: "Riyadh", active: true }],
});
const flush = () => new Promise((r) => setTimeout(r, 0));

beforeEach(() => {
  reads.length = 0;
});

describe("the directory's names in memory", () => {
  it("finds agencies (switched off too), services and cities by code, in either language", () => {
    const n = namesFrom(rows("وزارة الصحة"));
    expect(inLang(n.agency("MOH")!, "ar")).toBe("وزارة الصحة");
    expect(inLang(n.agency("OLD")!, "en")).toBe("Old agency");
    expect(inLang(n.service("MOH", "APPT")!, "en")).toBe("Appointments");
    expect(n.service("OLD", "APPT")).toBeNull();
    expect(inLang(n.city("riyadh")!, "ar")).toBe("الرياض");
    expect(n.agency("NOPE")).toBeNull();
  });

  it("names a complaint's agency and service, or null before it is routed", () => {
    const n = namesFrom(rows("وزارة الصحة"));
    expect(namesOf(n, { agencyCode: "MOH", serviceCode: "APPT" })).toEqual({
      agency: { ar: "وزارة الصحة", en: "Ministry of Health" },
      service: { ar: "المواعيد", en: "Appointments" },
    });
    expect(namesOf(n, { agencyCode: "MOH", serviceCode: null })).toEqual({
      agency: { ar: "وزارة الصحة", en: "Ministry of Health" },
      service: null,
    });
    expect(namesOf(n, { agencyCode: null, serviceCode: null })).toEqual({ agency: null, service: null });
  });

  it("reads once per refresh period, and a change forgotten meanwhile wins over an older read", async () => {
    const db = {} as Db;
    const first = directoryNames(db, 0);
    reads[0]!.resolve(rows("أ"));
    expect((await first).agency("MOH")!.ar).toBe("أ");
    expect(directoryNames(db, 1_000)).toBe(first);
    expect(reads).toHaveLength(1);

    // Past the period: the held names answer while a new read runs...
    expect((await directoryNames(db, 61_000)).agency("MOH")!.ar).toBe("أ");
    expect(reads).toHaveLength(2);
    // ...and a change on this instance meanwhile forgets them; the older read lands after it.
    forgetDirectoryNames(db);
    const fresh = directoryNames(db, 61_001);
    reads[1]!.resolve(rows("ب"));
    reads[2]!.resolve(rows("ج"));
    await flush();
    expect((await fresh).agency("MOH")!.ar).toBe("ج");
    expect((await directoryNames(db, 61_002)).agency("MOH")!.ar).toBe("ج");
  });
});
