import type { Directory } from "../directory/load.ts";
import type { RoutableService } from "./suggest.ts";

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
