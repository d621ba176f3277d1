import type { mediaAr } from "./media.ar.ts";
import type { Messages } from "./ar.ts";

export const mediaEn: Pick<Messages, keyof typeof mediaAr> = {
  media: {
    title: "Media coverage",
    outlet: "Media outlet",
    publishedOn: "Published on",
    link: "Link to the published item",
    linkExternal: "(external site, opens in a new window)",
    clipping: "Clipping text",
    reply: "Reply to the media outlet",
    replyAwaiting:
      "No reply to the media outlet is recorded yet. Once the request is closed the national unit tells the outlet the solution or the actions taken.",
    replyPending: "The media outlet is answered once the request is closed.",
    replied: (day: string, means: string, name: string) => `Answered on ${day} — ${means}${name ? ` — recorded by ${name}` : ""}`,
    formTitle: "Record the reply to the media outlet",
    formHint:
      "Record what the outlet that published the complaint was told: the solution, the actions taken or the proposals. The citizen does not see it.",
    repliedOn: "Date of the reply",
    repliedOnHint: "As 2026-11-26.",
    means: "How it was sent",
    meansNames: {
      letter: "Official letter",
      email: "Email",
      press_statement: "Press statement",
      phone: "Phone call",
      meeting: "Meeting",
    },
    text: "Summary of the reply",
    textHint: "What the outlet was told: the solution, the actions taken or the proposals.",
    submit: "Record the reply",
    listTitle: "Media complaints",
    listLink: "Media complaints and replies to outlets",
    listIntro:
      "Complaints the unit found in the media and registered. Once a request is closed the unit tells the outlet the solution or the actions taken, then records the reply on the request's page.",
    tabs: { awaiting: "Awaiting the reply to the outlet", open: "Being handled", answered: "Answered" },
    empty: {
      awaiting: "No closed media complaint is waiting for the reply to its outlet.",
      open: "No media complaint is being handled.",
      answered: "No reply to a media outlet has been recorded yet.",
    },
    colReference: "Reference",
    colOutlet: "Outlet",
    colPublished: "Published",
    colAgency: "Agency",
    colSubject: "Subject",
    colStatus: "Status",
    colClosed: "Closed",
    colOutcome: "Outcome",
    colReplied: "Reply",
    colWaiting: "Waiting",
    waitingDays: (n: number) => (n === 0 ? "today" : n === 1 ? "1 day" : `${n} days`),
  },
};
