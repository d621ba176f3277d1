// A strict reader of Prometheus's text exposition format (version 0.0.4), for tests that
// scrape /metrics: every line must be a HELP, a TYPE or a sample, every sample must
// belong to a family declared with TYPE, and label values are unescaped. A line the
// format does not allow fails the test instead of being skipped. (The npm parser we
// tried drops the labels of histograms, which is what these tests read.)

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}
export interface Family {
  name: string;
  type: "counter" | "gauge" | "histogram" | "summary" | "untyped";
  help: string;
  samples: Sample[];
}

const NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})?\\s+(\\S+)(?:\\s+(-?\\d+))?$`);
const LABEL = /\s*([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*(,|$)/y;

export function parsePrometheus(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const familyOf = (sample: string) => {
    for (const suffix of ["", "_bucket", "_sum", "_count"]) {
      const f = suffix && sample.endsWith(suffix) ? families.get(sample.slice(0, -suffix.length)) : families.get(sample);
      if (f && (suffix === "" || f.type === "histogram" || f.type === "summary")) return f;
    }
    return undefined;
  };
  for (const [i, line] of text.split("\n").entries()) {
    if (!line.trim()) continue;
    const fail = (why: string) => new Error(`line ${i + 1}: ${why}: ${line}`);
    const meta = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (meta) {
      const [, kind, name, rest] = meta;
      const f = families.get(name!) ?? { name: name!, type: "untyped" as const, help: "", samples: [] };
      if (kind === "HELP") f.help = rest!;
      else if (["counter", "gauge", "histogram", "summary", "untyped"].includes(rest!)) f.type = rest as Family["type"];
      else throw fail("unknown type");
      families.set(name!, f);
      continue;
    }
    if (line.startsWith("#")) continue;
    const m = SAMPLE.exec(line);
    if (!m) throw fail("not a sample");
    const labels: Record<string, string> = {};
    if (m[2]) {
      LABEL.lastIndex = 0;
      while (LABEL.lastIndex < m[2].length) {
        const l = LABEL.exec(m[2]);
        if (!l) throw fail("bad labels");
        labels[l[1]!] = l[2]!.replace(/\\(["\\n])/g, (_, c: string) => (c === "n" ? "\n" : c));
      }
    }
    const value = m[3] === "+Inf" ? Infinity : m[3] === "-Inf" ? -Infinity : Number(m[3]);
    if (Number.isNaN(value) && m[3] !== "NaN") throw fail("bad value");
    const f = familyOf(m[1]!);
    if (!f) throw fail("sample of an undeclared family");
    f.samples.push({ name: m[1]!, labels, value });
  }
  return families;
}
