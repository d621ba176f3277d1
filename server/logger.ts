import { pino, type Logger } from "pino";

export type { Logger };

// Logs carry no personal data: no bodies, no query strings, no IP addresses, and
// these keys are censored wherever a caller passes them by mistake.
const REDACT = [
  "password",
  "*.password",
  "code",
  "*.code",
  "token",
  "*.token",
  "nationalId",
  "*.nationalId",
  "mobile",
  "*.mobile",
  "email",
  "*.email",
  "req.headers.cookie",
  "req.headers.authorization",
];

export function createLogger(level: string = "info", destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT, censor: "[redacted]" }, base: { svc: "complaint-hub" } }, destination);
}
