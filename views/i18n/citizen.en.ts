import type { citizenAr } from "./citizen.ar.ts";
import type { Messages } from "./ar.ts";

export const citizenEn: Pick<Messages, keyof typeof citizenAr> = {};
