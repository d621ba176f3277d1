import { listAgencies } from "../directory/queries.ts";
import { publicProcedure, router } from "./trpc.ts";
import { identityRouter } from "./identity.ts";
import { complaintsRouter, reportsRouter } from "./complaints.ts";
import { z } from "zod";
import { suggest } from "../routing/suggest.ts";

export const appRouter = router({
  identity: identityRouter,
  complaints: complaintsRouter,
  reports: reportsRouter,
  routing: router({
    // The hub's routing suggestion while a citizen types: agency, service, score, why.
    suggest: publicProcedure
      .input(z.object({ text: z.string().max(5000), city: z.string().max(64).optional() }))
      .query(({ ctx, input }) => suggest(ctx.deps.routing, input)),
  }),
  directory: router({
    agencies: publicProcedure.query(({ ctx }) => listAgencies(ctx.deps.db)),
  }),
});

export type AppRouter = typeof appRouter;
