// Strings of the staff pages. Keys are defined here; staff.en.ts must match them.
export const staffAr = {};
