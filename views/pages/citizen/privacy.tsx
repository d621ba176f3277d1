import type { Messages } from "../../i18n/index.ts";

/** The usage and privacy policy a citizen accepts at registration (after seed 000's privacy notice). */
export function PrivacyPage(props: { t: Messages }) {
  const m = props.t.citizen;
  const sections: [string, string, readonly string[]][] = [
    ["privacy-purposes", m.privacyPurposesTitle, m.privacyPurposes],
    ["privacy-limits", m.privacyLimitsTitle, m.privacyLimits],
    ["privacy-duties", m.privacyDutiesTitle, m.privacyDuties],
  ];
  return (
    <article class="message privacy">
      <h1>{m.privacyTitle}</h1>
      <p>{m.privacyIntro}</p>
      {sections.map(([id, title, items]) => (
        <section aria-labelledby={id}>
          <h2 id={id}>{title}</h2>
          <ul>
            {items.map((item) => (
              <li>{item}</li>
            ))}
          </ul>
        </section>
      ))}
    </article>
  );
}
