import type { Db } from "../db.ts";
import { directoryNames } from "../directory/names.ts";
import { normalizeArabic } from "../text/arabic.ts";

// A city as citizens and apps give it: the code (albureimi), the Arabic name with or
// without its article and hamza (البريمي، بريمي), the English name in any case or
// spelling of the article (Al Buraimi, al-buraimi, Buraimi).

export interface CityName {
  code: string;
  nameAr: string;
  nameEn: string;
}

const fold = (s: string) =>
  normalizeArabic(s.trim())
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .replace(/^(al|as|ad|ar|at|an|ash|az|el) /, "")
    .replace(/^ال(?=\S{3,})/, "")
    .replace(/ /g, "");

/** The city's code, or undefined when nothing matches (an error for the caller, never ignored). */
export function matchCity(list: CityName[], raw: string): string | undefined {
  const want = fold(raw);
  if (!want) return undefined;
  for (const c of list) if (c.code === raw.trim().toLowerCase()) return c.code;
  for (const c of list) if ([c.code, c.nameAr, c.nameEn].some((n) => fold(n) === want)) return c.code;
  return undefined;
}

/** Active cities of the directory, from its names held in memory. */
export async function activeCities(db: Db): Promise<CityName[]> {
  const names = await directoryNames(db);
  return names.cities.filter((c) => c.active).map((c) => ({ code: c.code, nameAr: c.ar, nameEn: c.en }));
}
