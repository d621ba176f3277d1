// A small JSON Schema (2020-12) validator for the responses of an OpenAPI 3.1 document,
// written here rather than taken from a library: the only validator in node_modules
// (ajv 6, a dependency of eslint) knows draft-07, not OpenAPI 3.1's dialect. It knows
// the keywords the hub's documents use and refuses any other, so a document that grows
// a keyword nobody checks fails the test instead of passing unchecked.

type Schema = Record<string, unknown> | boolean;
export type Doc = { paths: Record<string, Record<string, Operation>>; components?: { schemas?: Record<string, Schema> } };
type Operation = { responses: Record<string, { content?: Record<string, { schema?: Schema }> }> };

const ANNOTATIONS = new Set([
  "title",
  "description",
  "default",
  "examples",
  "deprecated",
  "readOnly",
  "writeOnly",
  "contentMediaType",
  "discriminator",
]);
const KNOWN = new Set([
  ...ANNOTATIONS,
  "$ref",
  "type",
  "properties",
  "required",
  "additionalProperties",
  "propertyNames",
  "items",
  "enum",
  "const",
  "anyOf",
  "oneOf",
  "allOf",
  "format",
  "pattern",
  "minimum",
  "maximum",
  "exclusiveMinimum",
  "exclusiveMaximum",
  "minLength",
  "maxLength",
  "minItems",
  "maxItems",
]);

const FORMATS: Record<string, (s: string) => boolean> = {
  "date-time": (s) => /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(s) && !Number.isNaN(Date.parse(s)),
  uuid: (s) => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s),
};

function typeOf(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isInteger(v) ? "integer" : "number";
  return typeof v;
}

const typeMatches = (want: string, v: unknown) => {
  const got = typeOf(v);
  return want === got || (want === "number" && got === "integer");
};

export function validate(doc: Doc, schema: Schema, value: unknown, at = "$"): string[] {
  if (schema === true) return [];
  if (schema === false) return [`${at}: no value is allowed here`];
  const errors: string[] = [];
  for (const k of Object.keys(schema)) if (!KNOWN.has(k)) errors.push(`${at}: the validator does not know the keyword "${k}"`);
  const s = schema as Record<string, any>;
  if (typeof s.$ref === "string") {
    const m = /^#\/components\/schemas\/(.+)$/.exec(s.$ref);
    const target = m ? doc.components?.schemas?.[m[1]!] : undefined;
    if (target === undefined) return [...errors, `${at}: unresolved $ref ${s.$ref}`];
    errors.push(...validate(doc, target, value, at));
  }
  if (s.type !== undefined) {
    const types: string[] = Array.isArray(s.type) ? s.type : [s.type];
    if (!types.some((t) => typeMatches(t, value))) return [...errors, `${at}: expected ${types.join("|")}, got ${typeOf(value)}`];
  }
  if (s.enum && !s.enum.some((e: unknown) => JSON.stringify(e) === JSON.stringify(value)))
    errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(s.enum)}`);
  if ("const" in s && JSON.stringify(s.const) !== JSON.stringify(value)) errors.push(`${at}: expected ${JSON.stringify(s.const)}`);
  if (typeof value === "string") {
    if (s.minLength !== undefined && [...value].length < s.minLength) errors.push(`${at}: shorter than ${s.minLength}`);
    if (s.maxLength !== undefined && [...value].length > s.maxLength) errors.push(`${at}: longer than ${s.maxLength}`);
    if (s.pattern !== undefined && !new RegExp(s.pattern, "u").test(value)) errors.push(`${at}: does not match ${s.pattern}`);
    if (s.format !== undefined && FORMATS[s.format] && !FORMATS[s.format]!(value)) errors.push(`${at}: not a ${s.format}`);
  }
  if (typeof value === "number") {
    if (s.minimum !== undefined && value < s.minimum) errors.push(`${at}: below ${s.minimum}`);
    if (s.maximum !== undefined && value > s.maximum) errors.push(`${at}: above ${s.maximum}`);
    if (s.exclusiveMinimum !== undefined && value <= s.exclusiveMinimum) errors.push(`${at}: not above ${s.exclusiveMinimum}`);
    if (s.exclusiveMaximum !== undefined && value >= s.exclusiveMaximum) errors.push(`${at}: not below ${s.exclusiveMaximum}`);
  }
  if (Array.isArray(value)) {
    if (s.minItems !== undefined && value.length < s.minItems) errors.push(`${at}: fewer than ${s.minItems} items`);
    if (s.maxItems !== undefined && value.length > s.maxItems) errors.push(`${at}: more than ${s.maxItems} items`);
    if (s.items !== undefined) value.forEach((v, i) => errors.push(...validate(doc, s.items, v, `${at}[${i}]`)));
  }
  if (typeOf(value) === "object") {
    const obj = value as Record<string, unknown>;
    for (const r of (s.required as string[] | undefined) ?? []) if (!(r in obj)) errors.push(`${at}: missing "${r}"`);
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const [k, v] of Object.entries(obj)) {
      if (k in props) errors.push(...validate(doc, props[k]!, v, `${at}.${k}`));
      else if (s.additionalProperties !== undefined) errors.push(...validate(doc, s.additionalProperties, v, `${at}.${k}`));
      if (s.propertyNames !== undefined) errors.push(...validate(doc, s.propertyNames, k, `${at}{${k}}`));
    }
  }
  if (s.allOf) for (const sub of s.allOf) errors.push(...validate(doc, sub, value, at));
  if (s.anyOf && !s.anyOf.some((sub: Schema) => validate(doc, sub, value, at).length === 0))
    errors.push(`${at}: matches none of anyOf (${s.anyOf.map((sub: Schema) => validate(doc, sub, value, at)[0]).join("; ")})`);
  if (s.oneOf) {
    const n = s.oneOf.filter((sub: Schema) => validate(doc, sub, value, at).length === 0).length;
    if (n !== 1) errors.push(`${at}: matches ${n} of oneOf, not exactly one`);
  }
  return errors;
}

/** The document's path template ("/x/{id}") that a concrete path matches. */
export function pathTemplate(doc: Doc, path: string): string | undefined {
  return Object.keys(doc.paths).find((tpl) => {
    const re = new RegExp(`^${tpl.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{[^}]+\}/g, "[^/]+")}$`);
    return re.test(path);
  });
}

/**
 * Problems of one response against the document: its path and method must be there, its
 * status listed (or `default`), its content type among the listed ones and, for JSON,
 * its body valid against the schema. Empty when it conforms.
 */
export function responseProblems(doc: Doc, method: string, path: string, status: number, contentType: string, body: unknown): string[] {
  const tpl = pathTemplate(doc, path);
  if (!tpl) return [`${path}: not in the document`];
  const op = doc.paths[tpl]![method.toLowerCase()];
  if (!op) return [`${method} ${tpl}: not in the document`];
  const res = op.responses[String(status)] ?? op.responses.default;
  if (!res) return [`${method} ${tpl}: status ${status} is not documented`];
  const type = contentType.split(";")[0]!.trim().toLowerCase();
  const media = res.content?.[type];
  if (!media) return [`${method} ${tpl} ${status}: content type ${type} is not documented (${Object.keys(res.content ?? {}).join(", ")})`];
  if (type !== "application/json" || !media.schema) return [];
  return validate(doc, media.schema, body).map((e) => `${method} ${tpl} ${status}: ${e}`);
}
