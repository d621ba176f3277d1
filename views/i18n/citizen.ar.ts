// Strings of the citizen pages. Keys are defined here; citizen.en.ts must match them.
export const citizenAr = {};
