import { listAgencies } from "../directory/queries.ts";
import { publicProcedure, router } from "./trpc.ts";
import { identityRouter } from "./identity.ts";
import { complaintsRouter, reportsRouter } from "./complaints.ts";
import { z } from "zod";
import { TRPCError } from "@trpc/server";
import { suggest } from "../routing/suggest.ts";
import { activeCities, matchCity } from "../routing/cities.ts";
import { langOf } from "../web/context.ts";
import { messages } from "../../views/i18n/index.ts";
import { errorText } from "../../views/components/form.tsx";

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
          if (!city) {
            const t = messages(langOf(ctx.c));
            const fields = { city: { code: "city_not_found", message: errorText(t, "city_not_found") } };
            throw new TRPCError({ code: "BAD_REQUEST", message: "invalid", cause: Object.assign(new Error(t.errors.invalid), { fields }) });
          }
        }
        return suggest(ctx.deps.routing, { text: input.text, city });
      }),
  }),
  directory: router({
    agencies: publicProcedure.query(({ ctx }) => listAgencies(ctx.deps.db)),
  }),
});

export type AppRouter = typeof appRouter;
