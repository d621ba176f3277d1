import type { Directory } from "../directory/load.ts";
import { buildIndex, type HistoryExample, type Place, type RoutableService, type RoutingIndex } from "./suggest.ts";

/** Every active service of the directory, in the shape the router reads. */
export function routableServices(d: Directory): RoutableService[] {
  return d.agencies.flatMap((a) =>
    a.services.map((s) => ({
      agencyCode: a.code,
      serviceCode: s.code,
      name: s.name,
      agencyName: a.name,
      cities: a.coverage === "national" ? null : a.coverage.cities,
      hints: s.hints,
    })),
  );
}

/** The directory's cities and wilayats: the gazetteer read in a complaint's text. */
export function places(d: Directory): Place[] {
  return d.cities.map((c) => ({ code: c.code, name: c.name, localities: c.localities ?? [] }));
}

/** The router for a directory, plus what officers decided so far. */
export function routerFor(d: Directory, history: HistoryExample[] = []): RoutingIndex {
  return buildIndex(routableServices(d), { places: places(d), history });
}
