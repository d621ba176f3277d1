import { ar, type Messages } from "./ar.ts";
import { en } from "./en.ts";

export const LANGS = ["ar", "en"] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = "ar";
export const LANG_COOKIE = "lang";

const dictionaries: Record<Lang, Messages> = { ar: ar as Messages, en };

export function messages(lang: Lang): Messages {
  return dictionaries[lang];
}

export function isLang(value: unknown): value is Lang {
  return typeof value === "string" && (LANGS as readonly string[]).includes(value);
}

export type { Messages };
