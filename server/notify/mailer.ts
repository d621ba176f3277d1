import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import nodemailer from "nodemailer";

export interface EmailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

export interface Mailer {
  send(message: EmailMessage, idempotencyKey: string): Promise<void>;
}

const FROM = "Complaint Hub <no-reply@hub.example>";

/**
 * The embedded default: each message becomes an .eml file under DATA_DIR/mail, built
 * by nodemailer exactly as SMTP would carry it, so a newcomer can open every email.
 */
export function fileMailer(dir: string): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return {
    async send(m, key) {
      const info = await transport.sendMail({
        from: FROM,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        headers: { "X-Idempotency-Key": key },
      });
      await mkdir(dir, { recursive: true });
      await writeFile(join(dir, `${key.replace(/[^a-zA-Z0-9_-]/g, "_")}.eml`), info.message as Buffer);
    },
  };
}

/** SMTP_URL, e.g. smtps://user:pass@mail.example:465. */
export function smtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(m, key) {
      // The key travels as a header so a receiving system can drop a duplicate.
      await transport.sendMail({
        from: FROM,
        to: m.to,
        subject: m.subject,
        text: m.text,
        ...(m.html ? { html: m.html } : {}),
        headers: { "X-Idempotency-Key": key },
      });
    },
  };
}
