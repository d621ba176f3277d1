import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";

// The national report as a PDF: Chromium prints the page the hub renders (the browser
// does the Arabic shaping and the right-to-left layout, which no PDF library in Node
// does well). It is driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
// JSON messages separated by NUL bytes on file descriptors 3 and 4), the transport
// puppeteer and playwright use, so the hub needs no browser-automation package at run
// time; test/support/chromium.ts launches the same binary with the same flags.

/** Renders a whole HTML document to PDF bytes. */
export type PdfRenderer = (html: string) => Promise<Uint8Array>;

const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-extensions",
  "--mute-audio",
  "--hide-scrollbars",
  "--remote-debugging-pipe",
];

/** The Chromium binary if it exists and may be run, else null (the hub then runs without PDFs). */
export function findChromium(path: string): string | null {
  try {
    accessSync(path, constants.X_OK);
    return path;
  } catch {
    return null;
  }
}

export class PdfError extends Error {
  override name = "PdfError";
}

interface Message {
  id?: number;
  method?: string;
  sessionId?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown>;
  error?: { message: string };
}

/**
 * A renderer that starts a fresh headless Chromium for each document (a report is
 * printed a few times a quarter; a browser kept running would hold memory all year),
 * at most `concurrency` at once, each bounded by `timeoutMs`.
 */
export function chromiumPdf(binary: string, opts: { timeoutMs?: number; concurrency?: number } = {}): PdfRenderer {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  let running = 0;
  const waiting: (() => void)[] = [];
  const limit = Math.max(1, opts.concurrency ?? 2);
  return async (html) => {
    if (running >= limit) await new Promise<void>((r) => waiting.push(r));
    running++;
    try {
      return await printOnce(binary, html, timeoutMs);
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

async function printOnce(binary: string, html: string, timeoutMs: number): Promise<Uint8Array> {
  const child = spawn(binary, [...ARGS, "about:blank"], { stdio: ["ignore", "ignore", "pipe", "pipe", "pipe"] });
  const toBrowser = child.stdio[3] as NodeJS.WritableStream;
  const fromBrowser = child.stdio[4] as NodeJS.ReadableStream;
  let stderr = "";
  child.stderr!.on("data", (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  const pending = new Map<number, { resolve: (m: Message) => void; reject: (e: Error) => void }>();
  const listeners = new Set<(m: Message) => void>();
  let nextId = 1;
  let buffered = "";
  let failure: Error | null = null;
  const failAll = (e: Error) => {
    failure ??= e;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  fromBrowser.on("data", (chunk: Buffer) => {
    buffered += chunk.toString("utf8");
    let end: number;
    while ((end = buffered.indexOf("\0")) >= 0) {
      const m = JSON.parse(buffered.slice(0, end)) as Message;
      buffered = buffered.slice(end + 1);
      if (m.id !== undefined && pending.has(m.id)) {
        const p = pending.get(m.id)!;
        pending.delete(m.id);
        if (m.error) p.reject(new PdfError(`Chromium: ${m.error.message}`));
        else p.resolve(m);
      } else for (const l of listeners) l(m);
    }
  });
  child.on("error", (e) => failAll(new PdfError(`Chromium did not start: ${e.message}`)));
  child.on("exit", (code) => failAll(new PdfError(`Chromium exited (${code}) ${stderr.trim().slice(-500)}`)));
  const send = (method: string, params: Record<string, unknown> = {}, sessionId?: string) =>
    new Promise<Message>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      toBrowser.write(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }) + "\0");
    });
  const event = (method: string, sessionId: string) =>
    new Promise<void>((resolve) => {
      const l = (m: Message) => {
        if (m.method === method && m.sessionId === sessionId) {
          listeners.delete(l);
          resolve();
        }
      };
      listeners.add(l);
    });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new PdfError(`Chromium did not print within ${timeoutMs} ms`)), timeoutMs);
  });
  const work = async () => {
    const { result } = await send("Target.createTarget", { url: "about:blank" });
    const targetId = result!.targetId as string;
    const attached = await send("Target.attachToTarget", { targetId, flatten: true });
    const session = attached.result!.sessionId as string;
    await send("Page.enable", {}, session);
    const tree = await send("Page.getFrameTree", {}, session);
    const frameId = (tree.result!.frameTree as { frame: { id: string } }).frame.id;
    const loaded = event("Page.loadEventFired", session);
    await send("Page.setDocumentContent", { frameId, html }, session);
    await Promise.race([loaded, new Promise((r) => setTimeout(r, 2000))]);
    // The system's Arabic fonts must be loaded before the layout is printed.
    await send("Runtime.evaluate", { expression: "document.fonts.ready.then(() => true)", awaitPromise: true }, session);
    const pdf = await send(
      "Page.printToPDF",
      { printBackground: true, preferCSSPageSize: true, displayHeaderFooter: false, generateTaggedPDF: true },
      session,
    );
    return new Uint8Array(Buffer.from(pdf.result!.data as string, "base64"));
  };
  try {
    return await Promise.race([work(), timeout]);
  } finally {
    clearTimeout(timer);
    try {
      toBrowser.write(JSON.stringify({ id: nextId++, method: "Browser.close", params: {} }) + "\0");
    } catch {
      // already gone
    }
    const exited = new Promise((r) => child.once("exit", r));
    const killer = setTimeout(() => child.kill("SIGKILL"), 3000);
    if (child.exitCode === null && child.signalCode === null) await exited;
    clearTimeout(killer);
  }
}
