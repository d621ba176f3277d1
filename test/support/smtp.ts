import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";
import { freePort } from "./server-process.ts";

/**
 * A real SMTP server in this process (smtp-server) that keeps every message it is sent,
 * parsed with mailparser. It can be stopped and started again on the same port, so a test
 * can take the mail server away and bring it back; `received` survives the restarts.
 */
export type SmtpCatcher = {
  readonly port: number;
  /** What the hub's SMTP_URL / smtpMailer take: plain SMTP on localhost. */
  readonly url: string;
  readonly received: ParsedMail[];
  start(): Promise<void>;
  /** Resolves once the server stopped listening; stopping a stopped server does nothing. */
  stop(): Promise<void>;
};

/** Starts a catcher on a free port. */
export async function smtpCatcher(): Promise<SmtpCatcher> {
  const port = await freePort();
  const received: ParsedMail[] = [];
  let server: SMTPServer | null = null;
  const catcher: SmtpCatcher = {
    port,
    url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
    received,
    start() {
      server = new SMTPServer({
        authOptional: true,
        disabledCommands: ["STARTTLS"],
        logger: false,
        onData(stream, _session, callback) {
          simpleParser(stream)
            .then((mail) => {
              received.push(mail);
              callback();
            })
            .catch(callback);
        },
      });
      const s = server;
      return new Promise((resolve) => s.listen(port, "127.0.0.1", resolve));
    },
    stop() {
      const s = server;
      server = null;
      return new Promise<void>((resolve) => (s ? s.close(() => resolve()) : resolve()));
    },
  };
  await catcher.start();
  return catcher;
}
