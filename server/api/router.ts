import { listAgencies } from "../directory/queries.ts";
import { publicProcedure, router } from "./trpc.ts";
import { identityRouter } from "./identity.ts";
import { complaintsRouter, reportsRouter } from "./complaints.ts";
import { z } from "zod";
import { suggest } from "../routing/suggest.ts";
import { activeCities, matchCity } from "../routing/cities.ts";
import { refuse } from "./refuse.ts";

export const appRouter = router({
  identity: identityRouter,
  complaints: complaintsRouter,
  reports: reportsRouter,
  routing: router({
    // The hub's routing suggestion while a citizen types: agency, service, score (the
    // probability the agency is right), why, and where in the text (spans). `city` is a
    // code or a name in Arabic or English; one the directory does not know is refused.
    suggest: publicProcedure
      .input(z.object({ text: z.string().max(5000), city: z.string().max(64).optional() }))
      .query(async ({ ctx, input }) => {
        let city: string | null = null;
        if (input.city !== undefined) {
          city = matchCity(await activeCities(ctx.deps.db), input.city) ?? null;
          if (!city) refuse(ctx, { error: "invalid", fields: { city: "city_not_found" } });
        }
        return suggest(ctx.deps.routing, { text: input.text, city });
      }),
  }),
  directory: router({
    agencies: publicProcedure.query(({ ctx }) => listAgencies(ctx.deps.db)),
  }),
});

export type AppRouter = typeof appRouter;
