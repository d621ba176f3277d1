import { inflateSync } from "node:zlib";

// Text out of the PDFs Chromium prints (Skia's PDF backend), for tests: no PDF library is
// among the dependencies and poppler's pdftotext is not on every machine. It reads what
// Skia writes: uncompressed cross-references, Flate content streams, Type0 fonts with a
// ToUnicode map, `/ReversedChars BMC` around right-to-left runs (their glyphs are in
// visual order) and `/ActualText` spans for glyphs the map cannot name. Each text object
// is a run at its Tm position; runs on one baseline make a line, ordered right to left
// for an Arabic document, so the result is in logical (reading) order. Not a general
// PDF reader, nor a full bidi algorithm: a neutral drawn in a fallback font (a "%" or a
// bracket beside an Arabic word or a number) is a run of its own and may land on the
// wrong side of its neighbour.

interface PdfObject {
  dict: string;
  stream?: Buffer;
}

function objects(pdf: Buffer): Map<number, PdfObject> {
  const s = pdf.toString("latin1");
  const out = new Map<number, PdfObject>();
  const re = /(\d+) 0 obj\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(s))) {
    const start = m.index + m[0].length;
    const end = s.indexOf("endobj", start);
    const body = s.slice(start, end);
    const streamAt = body.search(/\bstream\r?\n/);
    if (streamAt < 0) {
      out.set(Number(m[1]), { dict: body });
      continue;
    }
    const dict = body.slice(0, streamAt);
    const dataStart = start + streamAt + /stream\r?\n/.exec(body.slice(streamAt))![0].length;
    const len = /\/Length (\d+)(?: 0 R)?/.exec(dict)!;
    const length = len[0].endsWith("R") ? Number(/^\s*(\d+)/.exec(objText(s, Number(len[1])))![1]) : Number(len[1]);
    const raw = pdf.subarray(dataStart, dataStart + length);
    out.set(Number(m[1]), { dict, stream: /FlateDecode/.test(dict) ? inflateSync(raw) : raw });
    re.lastIndex = dataStart + length;
  }
  return out;
}

function objText(s: string, n: number): string {
  const at = s.indexOf(`\n${n} 0 obj`);
  return s.slice(s.indexOf("obj", at) + 3, s.indexOf("endobj", at));
}

const ref = (dict: string, key: string) => {
  const m = new RegExp(`/${key}\\s+(\\d+) 0 R`).exec(dict);
  return m ? Number(m[1]) : null;
};

function hexToUtf16(hex: string): string {
  let out = "";
  for (let i = 0; i + 4 <= hex.length; i += 4) out += String.fromCharCode(parseInt(hex.slice(i, i + 4), 16));
  return out;
}

/** glyph code → text, from a ToUnicode CMap's bfchar and bfrange sections. */
function toUnicode(cmap: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const block of cmap.matchAll(/beginbfchar([\s\S]*?)endbfchar/g))
    for (const e of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>/g)) map.set(parseInt(e[1]!, 16), hexToUtf16(e[2]!));
  for (const block of cmap.matchAll(/beginbfrange([\s\S]*?)endbfrange/g)) {
    for (const e of block[1]!.matchAll(/<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*(<[0-9A-Fa-f]+>|\[[^\]]*\])/g)) {
      const lo = parseInt(e[1]!, 16);
      const hi = parseInt(e[2]!, 16);
      if (e[3]!.startsWith("[")) {
        [...e[3]!.matchAll(/<([0-9A-Fa-f]+)>/g)].forEach((d, i) => map.set(lo + i, hexToUtf16(d[1]!)));
      } else {
        const base = hexToUtf16(e[3]!.slice(1, -1));
        for (let c = lo; c <= hi; c++) map.set(c, base.slice(0, -1) + String.fromCharCode(base.charCodeAt(base.length - 1) + (c - lo)));
      }
    }
  }
  return map;
}

type Token =
  | { kind: "op"; v: string }
  | { kind: "name"; v: string }
  | { kind: "num"; v: number }
  | { kind: "hex"; v: string }
  | { kind: "other"; v: string };

function* tokens(src: string): Generator<Token> {
  let i = 0;
  while (i < src.length) {
    const ch = src[i]!;
    if (/\s/.test(ch)) i++;
    else if (ch === "%") i = src.indexOf("\n", i) < 0 ? src.length : src.indexOf("\n", i);
    else if (ch === "/") {
      const m = /^\/[^\s/<>[\]()]+/.exec(src.slice(i, i + 200))!;
      yield { kind: "name", v: m[0].slice(1) };
      i += m[0].length;
    } else if (src.startsWith("<<", i) || src.startsWith(">>", i)) {
      yield { kind: "other", v: src.slice(i, i + 2) };
      i += 2;
    } else if (ch === "<") {
      const end = src.indexOf(">", i);
      yield { kind: "hex", v: src.slice(i + 1, end).replace(/\s/g, "") };
      i = end + 1;
    } else if (ch === "(") {
      // Literal strings: Skia writes glyphs as hex; skip these with their escapes and nesting.
      let depth = 0;
      for (; i < src.length; i++) {
        if (src[i] === "\\") i++;
        else if (src[i] === "(") depth++;
        else if (src[i] === ")" && --depth === 0) break;
      }
      i++;
      yield { kind: "other", v: "()" };
    } else if (ch === "[" || ch === "]") {
      yield { kind: "other", v: ch };
      i++;
    } else {
      const m = /^[^\s/<>[\]()%]+/.exec(src.slice(i, i + 64))!;
      const n = Number(m[0]);
      yield Number.isFinite(n) && /^[-+.\d]/.test(m[0]) ? { kind: "num", v: n } : { kind: "op", v: m[0] };
      i += m[0].length;
    }
  }
}

interface Segment {
  items: string[];
  /** Inside /ReversedChars: a right-to-left stretch whose glyphs were written left to right. */
  reversed: boolean;
}

interface Run {
  /** Where the run starts on the page (the text position through the graphics transform). */
  x: number;
  y: number;
  /** In visual order, left to right. */
  segments: Segment[];
  /** Skia may open a span before the run's Tm: such a run takes the Tm's position. */
  placed: boolean;
  /** Positioned at its first glyph (a run's Tm can stand left of it, its first Td moving on). */
  anchored: boolean;
}

type Matrix = [number, number, number, number, number, number];
const multiply = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];

function pageRuns(content: string, fonts: Map<string, Map<number, string>>): Run[] {
  const runs: Run[] = [];
  let run: Run | null = null;
  let font = new Map<number, string>();
  let ctm: Matrix = [1, 0, 0, 1, 0, 0];
  const saved: Matrix[] = [];
  let operands: Token[] = [];
  let reversedDepth = 0;
  // The text position (Tm, then each glyph's Td); a run starts where its first glyph is drawn.
  let tx = 0;
  let ty = 0;
  const marks: ("actual" | "reversed" | "other")[] = [];
  const suppressed = () => marks.includes("actual");
  const place = (r: Run, x: number, y: number) => {
    r.x = x * ctm[0] + y * ctm[2] + ctm[4];
    r.y = x * ctm[1] + y * ctm[3] + ctm[5];
  };
  const begin = (placed: boolean, x = 0, y = 0) => {
    run = { x: 0, y: 0, segments: [], placed, anchored: false };
    place(run, x, y);
    runs.push(run);
    return run;
  };
  const push = (text: string) => {
    const r: Run = run ?? begin(false);
    if (r.placed && !r.anchored) {
      place(r, tx, ty);
      r.anchored = true;
    }
    const last = r.segments.at(-1);
    const reversed = reversedDepth > 0;
    if (last && last.reversed === reversed) last.items.push(text);
    else r.segments.push({ items: [text], reversed });
  };
  const show = (hex: string) => {
    if (suppressed()) return;
    for (let i = 0; i + 4 <= hex.length; i += 4) push(font.get(parseInt(hex.slice(i, i + 4), 16)) ?? "");
  };
  for (const tok of tokens(content)) {
    if (tok.kind !== "op") {
      operands.push(tok);
      continue;
    }
    const nums = operands.filter((o): o is { kind: "num"; v: number } => o.kind === "num").map((o) => o.v);
    switch (tok.v) {
      case "q":
        saved.push(ctm);
        break;
      case "Q":
        ctm = saved.pop() ?? [1, 0, 0, 1, 0, 0];
        break;
      case "cm":
        ctm = multiply(nums.slice(0, 6) as Matrix, ctm);
        break;
      case "BT":
        run = null;
        break;
      case "Tf": {
        const name = operands.find((o) => o.kind === "name");
        font = (name && fonts.get(name.v)) ?? new Map();
        break;
      }
      case "Tm": {
        // Glyph by glyph moves (Td) stay in the run, marks placed above a letter included.
        const r = run as Run | null;
        tx = nums[4]!;
        ty = nums[5]!;
        if (r && !r.placed) {
          // The span's text came first; its glyph is drawn here.
          r.placed = true;
          place(r, tx, ty);
          r.anchored = true;
        } else begin(true, tx, ty);
        break;
      }
      case "Td":
        tx += nums[0]!;
        ty -= nums[1]!;
        break;
      case "Tj":
      case "TJ":
        for (const o of operands) if (o.kind === "hex") show(o.v);
        break;
      case "BDC": {
        const i = operands.findIndex((o) => o.kind === "name" && o.v === "ActualText");
        const text =
          i >= 0 && operands[i + 1]?.kind === "hex" ? hexToUtf16((operands[i + 1] as { v: string }).v.replace(/^FEFF/i, "")) : null;
        if (text !== null && !suppressed()) push(text);
        marks.push(text !== null ? "actual" : "other");
        break;
      }
      case "BMC": {
        const name = operands.find((o) => o.kind === "name");
        const reversed = name?.v === "ReversedChars";
        if (reversed) reversedDepth++;
        marks.push(reversed ? "reversed" : "other");
        break;
      }
      case "EMC":
        if (marks.pop() === "reversed") reversedDepth--;
        break;
    }
    operands = [];
  }
  return runs;
}

/** A run's text in reading order: right-to-left stretches turned round, and in an RTL document the stretches too. */
function runText(r: Run, dir: "rtl" | "ltr"): string {
  const segments = dir === "rtl" ? [...r.segments].reverse() : r.segments;
  return segments
    .map((s) => (s.reversed ? [...s.items].reverse() : s.items).join(""))
    .join("")
    .trim();
}

/** The document's text, page by page, each page's lines top to bottom. */
export function pdfText(pdf: Uint8Array, dir: "rtl" | "ltr"): string[][] {
  const buf = Buffer.from(pdf);
  const objs = objects(buf);
  const catalog = [...objs.values()].find((o) => /\/Type\s*\/Catalog/.test(o.dict))!;
  const pages: number[] = [];
  const walk = (n: number) => {
    const o = objs.get(n)!;
    if (/\/Type\s*\/Pages/.test(o.dict))
      for (const k of /\/Kids\s*\[([^\]]*)\]/.exec(o.dict)![1]!.matchAll(/(\d+) 0 R/g)) walk(Number(k[1]));
    else pages.push(n);
  };
  walk(ref(catalog.dict, "Pages")!);
  const cmaps = new Map<number, Map<number, string>>();
  return pages.map((n) => {
    const page = objs.get(n)!;
    const resources = ref(page.dict, "Resources") ? objs.get(ref(page.dict, "Resources")!)!.dict : page.dict;
    const fontDict = /\/Font\s*<<([\s\S]*?)>>/.exec(resources)?.[1] ?? "";
    const fonts = new Map<string, Map<number, string>>();
    for (const f of fontDict.matchAll(/\/([^\s/]+)\s+(\d+) 0 R/g)) {
      const tu = ref(objs.get(Number(f[2]))!.dict, "ToUnicode");
      if (tu === null) continue;
      if (!cmaps.has(tu)) cmaps.set(tu, toUnicode(objs.get(tu)!.stream!.toString("latin1")));
      fonts.set(f[1]!, cmaps.get(tu)!);
    }
    const contents = /\/Contents\s*\[([^\]]*)\]/.exec(page.dict)?.[1] ?? `${ref(page.dict, "Contents")} 0 R`;
    const content = [...contents.matchAll(/(\d+) 0 R/g)].map((c) => objs.get(Number(c[1]))!.stream!.toString("latin1")).join("\n");
    // Page space has y upwards: top to bottom is y falling.
    const runs = pageRuns(content, fonts)
      .map((r) => ({ x: r.x, y: r.y, text: runText(r, dir) }))
      .filter((r) => r.text)
      .sort((a, b) => b.y - a.y);
    const lines: (typeof runs)[] = [];
    for (const r of runs) {
      const line = lines.at(-1);
      if (line && Math.abs(r.y - line[0]!.y) <= 2) line.push(r);
      else lines.push([r]);
    }
    return lines.map((l) =>
      l
        .sort((a, b) => (dir === "rtl" ? b.x - a.x : a.x - b.x))
        .map((r) => r.text)
        .join(" ")
        .replace(/\s+/g, " "),
    );
  });
}
