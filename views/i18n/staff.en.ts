import type { staffAr } from "./staff.ar.ts";
import type { Messages } from "./ar.ts";

export const staffEn: Pick<Messages, keyof typeof staffAr> = {};
