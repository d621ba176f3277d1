import { readdir, readFile } from "node:fs/promises";
import { basename, join, relative } from "node:path";
import type { z } from "zod";
import { agencySchema, citiesFileSchema, KINDS, type AgencyFile, type City, type Kind, type ServiceFile } from "./schema.ts";

// Seed 001's per-service table: complaint 3, inquiry 2, reports 1 working day;
// escalation after 24 h, then 12 h, then 12 h. Suggestions and praise have no
// deadline in the seeds; they still need an acknowledgement, so they get one.
export const BUILT_IN_POLICY = {
  kinds: [...KINDS] as Kind[],
  sla: { complaint: 3, inquiry: 2, suggestion: 5, praise: 3, report: 1 } as Record<Kind, number>,
  jurisdictionDays: 1,
  escalationHours: [24, 12, 12] as [number, number, number],
  classification: { complexity: "routine", importance: "medium", action: "process" } as const,
};

export interface ResolvedService {
  code: string;
  name: { ar: string; en: string };
  description?: { ar: string; en: string };
  kinds: Kind[];
  sla: Record<Kind, number>;
  jurisdictionDays: number;
  escalationHours: [number, number, number];
  classification: { complexity: string; importance: string; action: string };
  /** null: the hub's HUB_REOPEN_WINDOW. */
  reopenWindow: string | null;
  clockStart: "receipt" | "acceptance";
  priorReference?: ServiceFile["priorReference"];
  hints: ServiceFile["hints"];
}

export interface ResolvedAgency extends Omit<AgencyFile, "services" | "defaults"> {
  file: string;
  services: ResolvedService[];
}

export interface Directory {
  agencies: ResolvedAgency[];
  cities: City[];
}

export interface DirectoryIssue {
  file: string;
  path: string;
  message: string;
}

export class DirectoryError extends Error {
  constructor(readonly issues: DirectoryIssue[]) {
    super(`The agency directory is invalid:\n` + issues.map((i) => `  ${i.file}${i.path ? `: ${i.path}` : ""}: ${i.message}`).join("\n"));
    this.name = "DirectoryError";
  }
}

export const CITIES_FILE = "cities.json";

function formatPath(path: PropertyKey[]): string {
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`)).join("");
}

function zodIssues(file: string, error: z.ZodError): DirectoryIssue[] {
  return error.issues.map((i) => ({ file, path: formatPath(i.path), message: i.message }));
}

async function readJson(dir: string, name: string, issues: DirectoryIssue[]): Promise<unknown> {
  const file = join(dir, name);
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    issues.push({ file: displayName(file), path: "", message: `cannot be read (${(e as NodeJS.ErrnoException).code ?? e})` });
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    issues.push({ file: displayName(file), path: "", message: `is not valid JSON: ${(e as Error).message}` });
    return undefined;
  }
}

function displayName(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel.startsWith("..") ? file : rel;
}

export function resolveService(agency: AgencyFile, service: ServiceFile): ResolvedService {
  const d = agency.defaults ?? {};
  return {
    code: service.code,
    name: service.name,
    ...(service.description ? { description: service.description } : {}),
    kinds: service.kinds ?? d.kinds ?? BUILT_IN_POLICY.kinds,
    sla: { ...BUILT_IN_POLICY.sla, ...d.sla, ...service.sla },
    jurisdictionDays: service.jurisdictionDays ?? d.jurisdictionDays ?? BUILT_IN_POLICY.jurisdictionDays,
    escalationHours: service.escalationHours ?? d.escalationHours ?? BUILT_IN_POLICY.escalationHours,
    classification: { ...BUILT_IN_POLICY.classification, ...d.classification, ...service.classification },
    reopenWindow: service.reopenWindow ?? d.reopenWindow ?? null,
    clockStart: service.clockStart ?? d.clockStart ?? "receipt",
    ...(service.priorReference ? { priorReference: service.priorReference } : {}),
    hints: service.hints,
  };
}

/**
 * Reads and validates every agency file plus the city gazetteer. All problems are
 * collected before failing, so whoever edits the directory fixes them in one pass.
 */
export async function loadDirectory(dir: string): Promise<Directory> {
  const issues: DirectoryIssue[] = [];
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith(".json")).sort();
  } catch (e) {
    throw new DirectoryError([{ file: dir, path: "", message: `directory cannot be read (${(e as NodeJS.ErrnoException).code ?? e})` }]);
  }

  const citiesFile = displayName(join(dir, CITIES_FILE));
  let cities: City[] = [];
  if (!names.includes(CITIES_FILE)) {
    issues.push({ file: citiesFile, path: "", message: "is missing (the list of cities agencies may cover)" });
  } else {
    const raw = await readJson(dir, CITIES_FILE, issues);
    if (raw !== undefined) {
      const parsed = citiesFileSchema.safeParse(raw);
      if (parsed.success) cities = parsed.data;
      else issues.push(...zodIssues(citiesFile, parsed.error));
    }
  }
  const cityCodes = new Set(cities.map((c) => c.code));

  const agencies: ResolvedAgency[] = [];
  const byCode = new Map<string, string>();
  for (const name of names) {
    if (name === CITIES_FILE) continue;
    const file = displayName(join(dir, name));
    const raw = await readJson(dir, name, issues);
    if (raw === undefined) continue;
    const parsed = agencySchema.safeParse(raw);
    if (!parsed.success) {
      issues.push(...zodIssues(file, parsed.error));
      continue;
    }
    const a = parsed.data;
    if (basename(name, ".json") !== a.code) {
      issues.push({ file, path: "code", message: `must match the file name (${basename(name, ".json")})` });
    }
    const other = byCode.get(a.code);
    if (other) issues.push({ file, path: "code", message: `${a.code} is already used by ${other}` });
    byCode.set(a.code, file);
    if (a.coverage !== "national") {
      a.coverage.cities.forEach((c, i) => {
        if (cities.length && !cityCodes.has(c)) {
          issues.push({ file, path: `coverage.cities[${i}]`, message: `unknown city "${c}" (add it to ${CITIES_FILE})` });
        }
      });
    }
    const { defaults: _defaults, services, ...rest } = a;
    agencies.push({ ...rest, file, services: services.map((s) => resolveService(a, s)) });
  }

  for (const a of agencies) {
    if (a.parent && !byCode.has(a.parent)) {
      issues.push({ file: a.file, path: "parent", message: `unknown parent agency "${a.parent}"` });
    }
    if (a.parent === a.code) issues.push({ file: a.file, path: "parent", message: "an agency cannot be its own parent" });
  }
  if (!agencies.length && !issues.length) {
    issues.push({ file: displayName(dir), path: "", message: "has no agency files" });
  }
  if (issues.length) throw new DirectoryError(issues);
  return { agencies, cities };
}
