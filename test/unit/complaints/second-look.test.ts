import { describe, expect, it } from "vitest";
import { secondReviewer, type Colleague } from "../../../server/complaints/second-look.ts";

const sara: Colleague = { id: "s", fullName: "سارة", open: 4 };
const fahd: Colleague = { id: "f", fullName: "فهد", open: 2 };
const amal: Colleague = { id: "a", fullName: "أمل", open: 2 };

describe("who reviews a reopened complaint", () => {
  it("someone other than the officer who closed it, with the least open work, ties by name", () => {
    expect(secondReviewer([sara, fahd, amal], "f", "f")?.id).toBe("a");
    expect(secondReviewer([sara, fahd], "f", "f")?.id).toBe("s");
    expect(secondReviewer([sara, fahd, amal], "s", "s")?.id).toBe("a");
  });
  it("stays with the holder when the system closed it or nobody else works there", () => {
    expect(secondReviewer([sara, fahd], null, "s")?.id).toBe("s");
    expect(secondReviewer([sara], "s", "s")?.id).toBe("s");
    expect(secondReviewer([], "s", null)).toBeNull();
    expect(secondReviewer([sara], null, null)).toBeNull();
  });
});
