import type { AgencyListing } from "../../server/directory/queries.ts";
import { Layout, type PageContext } from "../layout.tsx";

const KIND_ORDER = ["complaint", "inquiry", "suggestion", "praise", "report"] as const;

export function HomePage(props: { ctx: PageContext; agencies: AgencyListing[]; cityNames: Map<string, string> }) {
  const { t, lang } = props.ctx;
  const name = (x: { nameAr: string; nameEn: string }) => (lang === "ar" ? x.nameAr : x.nameEn);
  const byCode = new Map(props.agencies.map((a) => [a.code, a]));
  const collator = new Intl.Collator(lang);
  const agencies = [...props.agencies].sort((a, b) => collator.compare(name(a), name(b)));
  return (
    <Layout ctx={props.ctx}>
      <section class="hero">
        <h1>{t.hubName}</h1>
        <p class="tagline">{t.hubTagline}</p>
        {!props.ctx.citizenSignedIn && (
          <p class="row">
            <a class="button" href="/register">
              {t.ctaRegister}
            </a>
            <a class="button secondary" href="/signin">
              {t.navSignIn}
            </a>
          </p>
        )}
        {!props.ctx.citizenSignedIn && (
          <p>
            <a href="/track">{t.track.homeLink}</a>
          </p>
        )}
      </section>

      <section aria-labelledby="how-to">
        <h2 id="how-to">{t.howToTitle}</h2>
        <ol class="steps">
          {t.howToSteps.map((s) => (
            <li>{s}</li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="kinds">
        <h2 id="kinds">{t.kindsTitle}</h2>
        <dl class="kinds">
          {KIND_ORDER.map((k) => (
            <div>
              <dt>{t.kinds[k]}</dt>
              <dd>{t.kindsHelp[k]}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section aria-labelledby="agencies">
        <h2 id="agencies">{t.agenciesTitle}</h2>
        {props.agencies.length === 0 ? (
          <p>{t.noAgencies}</p>
        ) : (
          <>
            <p class="muted">{t.agenciesCount(props.agencies.length)}</p>
            <ul class="agencies" data-testid="agency-list">
              {agencies.map((a) => {
                const parent = a.parentCode ? byCode.get(a.parentCode) : undefined;
                const coverage = a.cities
                  ? t.coverageCities(a.cities.map((c) => props.cityNames.get(c) ?? c).join(lang === "ar" ? "، " : ", "))
                  : t.coverageNational;
                return (
                  <li class="agency" data-agency={a.code}>
                    <details>
                      <summary>
                        <span class="agency-name">{name(a)}</span>
                        <span class="agency-meta">
                          {coverage} · {t.servicesCount(a.services.length)}
                          {parent ? ` · ${t.parentAgency(name(parent))}` : ""}
                        </span>
                      </summary>
                      <ul class="services">
                        {a.services.map((s) => (
                          <li data-service={s.code}>
                            <span>{name(s)}</span>
                            {s.kinds.includes("complaint") && s.slaDays.complaint !== undefined && (
                              <span class="sla">{t.slaSummary(s.slaDays.complaint)}</span>
                            )}
                          </li>
                        ))}
                      </ul>
                    </details>
                  </li>
                );
              })}
            </ul>
          </>
        )}
      </section>
    </Layout>
  );
}
