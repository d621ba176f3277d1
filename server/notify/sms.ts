import { appendFile, mkdir } from "node:fs/promises";
import { dirname } from "node:path";

export interface SmsMessage {
  to: string;
  text: string;
  /** The outbox row's key: the same on every retry of one message, so a provider can drop a repeat. */
  idempotencyKey?: string;
}

export interface SmsGateway {
  send(message: SmsMessage): Promise<void>;
}

export class SmsDeliveryError extends Error {
  override name = "SmsDeliveryError";
}

/**
 * The embedded default: one JSON line per message in DATA_DIR/sms.jsonl, so a
 * newcomer (and the browser tests) can read every code the hub sent.
 */
export function logSmsGateway(file: string, now: () => Date): SmsGateway {
  return {
    async send({ to, text, idempotencyKey }) {
      await mkdir(dirname(file), { recursive: true });
      await appendFile(file, JSON.stringify({ to, text, at: now().toISOString(), ...(idempotencyKey ? { idempotencyKey } : {}) }) + "\n");
    },
  };
}

export interface HttpSmsOptions {
  url: string;
  /** e.g. "Authorization: Bearer xyz" */
  authHeader?: string;
  /** JSON body with {{to}} and {{text}} placeholders, filled JSON-escaped. */
  bodyTemplate: string;
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export const DEFAULT_SMS_BODY = '{"to":"{{to}}","text":"{{text}}"}';

export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (m, k: string) => (k in values ? JSON.stringify(values[k]).slice(1, -1) : m));
}

/**
 * A provider's HTTP API. Failures throw SmsDeliveryError; callers decide whether to retry.
 * The message's idempotency key goes in an `Idempotency-Key` header and, for providers
 * that read it from the body, in the `{{idempotencyKey}}` placeholder of SMS_BODY.
 */
export function httpSmsGateway(opts: HttpSmsOptions): SmsGateway {
  const doFetch = opts.fetch ?? fetch;
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (opts.authHeader) {
    const i = opts.authHeader.indexOf(":");
    if (i > 0) headers[opts.authHeader.slice(0, i).trim()] = opts.authHeader.slice(i + 1).trim();
  }
  return {
    async send({ to, text, idempotencyKey }) {
      let res: Response;
      try {
        res = await doFetch(opts.url, {
          method: "POST",
          headers: idempotencyKey ? { ...headers, "idempotency-key": idempotencyKey } : headers,
          body: fillTemplate(opts.bodyTemplate, { to, text, idempotencyKey: idempotencyKey ?? "" }),
          signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
        });
      } catch (e) {
        throw new SmsDeliveryError(`SMS gateway unreachable: ${(e as Error).name}`);
      }
      if (!res.ok) throw new SmsDeliveryError(`SMS gateway answered ${res.status}`);
    },
  };
}
