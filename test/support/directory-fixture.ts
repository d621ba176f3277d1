import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A minimal valid directory; tests change one thing in it to see one error. */
export function sampleFiles(): Record<string, unknown> {
  const contact = (n: number) => ({ title: { ar: `المستوى ${n}`, en: `Level ${n}` }, email: `l${n}@agency.example` });
  return {
    "cities.json": [
      { code: "riyadh", name: { ar: "الرياض", en: "Riyadh" }, region: { ar: "الرياض", en: "Riyadh" }, country: "SA" },
      { code: "albureimi", name: { ar: "البريمي", en: "Al Buraimi" }, region: { ar: "البريمي", en: "Al Buraimi" }, country: "OM" },
    ],
    "ROADS.json": {
      code: "ROADS",
      name: { ar: "هيئة الطرق", en: "Roads Authority" },
      coverage: "national",
      escalation: [contact(1), contact(2), contact(3)],
      defaults: { sla: { complaint: 4 } },
      services: [
        { code: "POTHOLES", name: { ar: "الحفر", en: "Potholes" }, hints: { ar: ["حفرة"], en: ["pothole"] } },
        { code: "LIGHTS", name: { ar: "الإنارة", en: "Lighting" }, sla: { complaint: 2 }, kinds: ["complaint", "report"] },
      ],
    },
    "LOCAL.json": {
      code: "LOCAL",
      name: { ar: "بلدية البريمي", en: "Buraimi Municipality" },
      parent: "ROADS",
      coverage: { cities: ["albureimi"] },
      escalation: [contact(1), contact(2), contact(3)],
      services: [{ code: "CLEAN", name: { ar: "النظافة", en: "Cleanliness" } }],
    },
  };
}

export async function writeDirectory(files: Record<string, unknown>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "hub-dir-"));
  for (const [name, content] of Object.entries(files)) {
    await writeFile(join(dir, name), typeof content === "string" ? content : JSON.stringify(content, null, 2));
  }
  return dir;
}
