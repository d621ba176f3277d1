import type { voiceAr } from "./voice.ar.ts";
import type { Messages } from "./ar.ts";

export const voiceEn: Pick<Messages, keyof typeof voiceAr> = {
  voice: {
    title: "Voice of the beneficiary",
    titleFor: (label: string) => `Voice of the beneficiary: ${label}`,
    link: "Voice of the beneficiary",
    intro:
      "The digital reports the unit received in the period, what became of them, what beneficiaries said of the handling, the agencies most escalated, the grounds of escalation, and examples in beneficiaries' own words with what identifies them removed.",
    sections: {
      reports: "Digital reports",
      feedback: "Beneficiaries' feedback",
      agencies: "Top 10 agencies by escalations",
      grounds: "Grounds of escalation",
      technical: "Technical faults",
    },
    /** The grounds of escalation as the unit reads them (the citizen's pages say "you"). */
    grounds: {
      overdue: "The request passed its due date",
      closed_unprocessed: "Closed without being dealt with",
      rated_unresolved: "The beneficiary rated it not resolved",
      no_news: "No news to the beneficiary for a while",
    },
    headers: { section: "Section", item: "Item", value: "Count or value", share: "Share %" },
    items: {
      received: "Reports received",
      closed: "Reports completed (completion rate)",
      avgDays: "Average days to close",
      votes: "Votes",
      yes: "Yes, resolved",
      partly: "Partly resolved",
      no: "No",
      fromComplaints: "of which from complaint ratings",
      fromReports: "of which from digital report ratings",
      escalations: "Escalation reports",
      assessed: "Reports assessed by a reviewer",
      technicalFault: "Caused by a technical fault",
      groundUnknown: "Ground not recorded",
    },
    method: {
      title: "How the figures are counted",
      reports:
        "Reports received: filed in the period. Completion rate: those of them closed by now, divided by those received. Average days to close: calendar days from filing to closing, over those closed.",
      votes:
        "Votes: every rating a beneficiary answered in the period, from complaint ratings after closing and from digital report ratings, one vote per rating. The “yes” share: answers saying the request was resolved, out of all votes; “partly” is not “yes”. Invitations never answered do not count.",
      technical:
        "When answering or closing a report, the unit's reviewer records whether a technical fault the beneficiary met caused it. The share is of the reports a reviewer assessed.",
    },
    csv: "Download CSV",
    xlsx: "Download Excel",
    print: "To print, use the browser's print command.",
    quotesTitle: "In beneficiaries' words",
    quotesEmpty: "No examples published for this period.",
    quotesIntro: "Examples chosen by a reviewer of the unit, published with what identifies their authors removed.",
    candidatesTitle: "Examples under review",
    candidatesEmpty: "No examples under review.",
    chooseTitle: "Choose an example",
    chooseLabel: "Digital report or request number",
    chooseHint:
      "Such as \u2066DR-2026-AB12CD\u2069 or \u2066CMP-2026-7K3Q9X\u2069. The hub proposes a text without personal details for you to check before publishing.",
    chooseSubmit: "Choose its text as an example",
    chooseFromReport: "Propose this report's text as a voice-of-the-beneficiary example",
    editTitle: (reference: string) => `Example from ${reference}`,
    original: "Original text (never published)",
    proposed: "Text to publish",
    proposedHint:
      "Check and edit the text. A text with an ID or phone number, email, link, reference number or the requester's name cannot be published.",
    save: "Save",
    publish: "Publish",
    withdraw: "Withdraw",
    status: { candidate: "Under review", published: "Published", withdrawn: "Withdrawn" },
    chosenBy: (who: string, when: string) => `Chosen by ${who} on ${when}`,
    publishedBy: (who: string, when: string) => `Published by ${who} on ${when}`,
    done: {
      choose: "The hub proposed a text; check it before publishing.",
      save: "The text was saved.",
      publish: "The example was published.",
      withdraw: "The example was withdrawn.",
    },
    technicalFaultTitle: "Technical-fault assessment",
    technicalFaultLabel: "A technical fault the beneficiary met caused this report",
    technicalFaultHint: "Counts in the technical-fault share on the voice of the beneficiary page.",
    technicalFaultSet: "Technical fault",
    technicalFaultNot: "Not a technical fault",
    technicalFaultUnset: "Not assessed",
    technicalFaultSaved: "The technical-fault assessment was saved.",
    technicalFaultSave: "Save the assessment",
    errors: {
      quote_personal_data:
        "The text still holds something that identifies its author (a number, email, link or name). Edit it, or use the proposed text, then publish.",
      quote_source_unknown: "No digital report or request has this number.",
    },
  },
};
