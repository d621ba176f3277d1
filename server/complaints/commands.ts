// What each lifecycle action needs from the person taking it, checked before any rule
// runs. Error codes are keys of the `errors` map in views/i18n, so both languages say it.

import { z } from "zod";
import { OUTLET_REPLY_MEANS, STAFF_OUTCOMES, type Action } from "./lifecycle.ts";
import { fieldErrors } from "../fields.ts";
import { westernDigits } from "../text/arabic.ts";
import { ACTION_TYPES, COMPLEXITY, IMPORTANCE } from "../directory/schema.ts";

const text = (min: number, max: number) =>
  z
    .string({ error: "required" })
    .trim()
    .min(min, min <= 1 ? "required" : "too_short")
    .max(max, "too_long");
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "too_long")
    .optional()
    .transform((s) => s || undefined);

const SCHEMAS = {
  accept: z.object({
    days: z.preprocess(
      (v) => (typeof v === "string" ? westernDigits(v).trim() : v),
      z.coerce.number({ error: "days_invalid" }).int("days_invalid").min(1, "days_invalid").max(365, "days_invalid"),
    ),
    reason: optional(1000),
  }),
  reject: z.object({ reason: text(5, 1000), suggested: optional(100) }),
  request_info: z.object({ message: text(5, 2000) }),
  answer: z.object({ text: text(1, 5000) }),
  close: z.object({ outcome: z.enum(STAFF_OUTCOMES as [string, ...string[]], { error: "outcome_invalid" }), resolution: text(5, 5000) }),
  auto_close: z.object({}),
  reopen: z.object({ reason: text(5, 2000) }),
  withdraw: z.object({ reason: optional(1000) }),
  note: z.object({ text: text(1, 5000) }),
  reassign: z.object({ to: z.uuid({ error: "staff_unknown" }) }),
  push_back: z.object({
    note: text(5, 2000),
    days: z.preprocess(
      (v) => (typeof v === "string" ? westernDigits(v).trim() : v),
      z.coerce.number({ error: "days_invalid" }).int("days_invalid").min(1, "days_invalid").max(60, "days_invalid"),
    ),
  }),
  // "AGENCY/SERVICE"; override is a checkbox ("1"/"on") a senior ticks to move past the cap.
  transfer: z.object({
    to: z.string({ error: "service_unknown" }).trim().min(3, "service_unknown").max(100, "service_unknown"),
    reason: text(5, 1000),
    override: z.preprocess((v) => v === true || v === "1" || v === "on" || v === "true", z.boolean()).default(false),
  }),
  acknowledge: z.object({ note: optional(2000) }),
  answer_inquiry: z.object({ answer: text(5, 5000) }),
  // The reply to the media outlet: the day it went out (Latin or Arabic-Indic digits), how, and what it said.
  answer_outlet: z.object({
    repliedOn: z.preprocess(
      (v) => (typeof v === "string" ? westernDigits(v).trim() : v),
      z
        .string({ error: "date_invalid" })
        .regex(/^\d{4}-\d{2}-\d{2}$/, "date_invalid")
        .refine(
          (d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d),
          "date_invalid",
        ),
    ),
    means: z.enum(OUTLET_REPLY_MEANS, { error: "outlet_means_invalid" }),
    text: text(5, 2000),
  }),
  reclassify: z.object({
    complexity: z.enum(COMPLEXITY, { error: "classification_invalid" }),
    importance: z.enum(IMPORTANCE, { error: "classification_invalid" }),
    actionType: z.enum(ACTION_TYPES, { error: "classification_invalid" }),
    reason: optional(1000),
  }),
} as const;

type Schemas = typeof SCHEMAS;
export type CommandAction = keyof Schemas;
type Fields<A extends CommandAction> = A extends "auto_close" ? unknown : z.output<Schemas[A]>;
export type Command = { [A in CommandAction]: { action: A } & Fields<A> }[CommandAction];

export function parseCommand(
  action: CommandAction,
  raw: unknown,
): { ok: true; command: Command } | { ok: false; fields: Record<string, string> } {
  const r = SCHEMAS[action].safeParse(raw ?? {});
  if (!r.success) return { ok: false, fields: fieldErrors(r.error) };
  return { ok: true, command: { action, ...r.data } as Command };
}

export function isCommandAction(a: string): a is CommandAction {
  return Object.hasOwn(SCHEMAS, a);
}

export type { Action };

/** An action's fields as the portal checks them: the agency API's document is drawn from these. */
export function commandSchema(action: CommandAction) {
  return SCHEMAS[action];
}
