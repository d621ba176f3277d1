import type { Lang, Messages } from "./index.ts";
import { formatTime } from "../../server/calendar/format.ts";
import { isRefusal, REFUSALS } from "../../server/refusals.ts";

// Turning codes into sentences, for the web pages and the tRPC layer alike. No JSX
// here: the API must not depend on a component file to say what went wrong.

export type ErrorParams = { retryAt?: Date; attemptsLeft?: number; lang?: Lang; timeZone?: string };

/** The string at a dotted path ("errors.not_now"), or undefined when there is none. */
export function messageAt(t: Messages, path: string): string | undefined {
  let v: unknown = t;
  for (const part of path.split(".")) v = v && typeof v === "object" ? (v as Record<string, unknown>)[part] : undefined;
  return typeof v === "string" ? v : undefined;
}

function fill(template: string, params: ErrorParams): string {
  // The shared formatter: the hub's zone, hh:mm, Latin digits in both languages.
  const time = params.retryAt ? formatTime({ timeZone: params.timeZone ?? "Asia/Riyadh" }, params.retryAt, params.lang ?? "ar") : "";
  return template.replace("{time}", time).replace("{n}", String(params.attemptsLeft ?? ""));
}

/** Turns a use-case error code (with its parameters) into the user's language. */
export function errorText(t: Messages, code: string, params: ErrorParams = {}): string {
  return fill((t.errors as Record<string, string>)[code] ?? t.errors.invalid, params);
}

/** A refusal's sentence, by the message the refusal table names for it (server/refusals.ts). */
export function refusalText(t: Messages, code: string, params: ErrorParams = {}): string {
  const template = isRefusal(code) ? messageAt(t, REFUSALS[code].message) : undefined;
  return template === undefined ? errorText(t, code, params) : fill(template, params);
}

/** Field codes ({ name: code }) as the sentences shown next to each field. */
export function fieldTexts(t: Messages, fields: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).map(([name, code]) => [name, errorText(t, code)]));
}

/** Field codes as the API gives them: the code for the app's logic, the sentence for its reader. */
export function fieldProblems(t: Messages, fields: Record<string, string>): Record<string, { code: string; message: string }> {
  return Object.fromEntries(Object.entries(fields).map(([name, code]) => [name, { code, message: errorText(t, code) }]));
}
