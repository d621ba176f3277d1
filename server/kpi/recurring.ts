// The special report of recurring complaints (seed 002 §5.4): the same service in the
// same place again and again, or the same words from different people, so the unit can
// act on root causes rather than on each complaint.

import type { Db } from "../db.ts";
import { hotspotRows, repeatedWordingRows } from "./store.ts";

export const MIN_REPEATS = 3;

/** Service + city + district with at least MIN_REPEATS complaints in the period. */
export function hotspots(db: Db, from: Date, to: Date, limit = 50) {
  return hotspotRows(db, from, to, MIN_REPEATS, limit);
}

/** Complaints whose wording repeats, from different people or not (the page shows how many). */
export function repeatedWording(db: Db, from: Date, to: Date, limit = 50) {
  return repeatedWordingRows(db, from, to, limit);
}
