import { asc, eq } from "drizzle-orm";
import { createRouter } from "../app-env.ts";
import { listAgencies } from "../directory/queries.ts";
import { cities } from "../../schema/index.ts";
import { HomePage } from "../../views/pages/home.tsx";
import { pageContext } from "./context.ts";

export function homeRoutes() {
  const app = createRouter();
  app.get("/", async (c) => {
    const { db, demo } = c.var.deps;
    const ctx = pageContext(c, demo);
    const [agencies, cityRows] = await Promise.all([
      listAgencies(db),
      db.select().from(cities).where(eq(cities.active, true)).orderBy(asc(cities.code)),
    ]);
    const cityNames = new Map(cityRows.map((r) => [r.code, ctx.lang === "ar" ? r.nameAr : r.nameEn]));
    return c.html(<HomePage ctx={ctx} agencies={agencies} cityNames={cityNames} />);
  });
  return app;
}
