import type { trackAr } from "./track.ar.ts";
import type { Messages } from "./ar.ts";

export const trackEn: Pick<Messages, keyof typeof trackAr> = {
  track: {
    title: "Follow your request",
    homeLink: "Filed through the call centre and no account? Follow your request by its reference",
    intro:
      "Follow a request made in your name (through the call centre, for example) without an account: enter its reference and the mobile number it was filed with, and we send a 5-digit code to that number.",
    reference: "Reference",
    referenceHint: "Such as CMP-2026-7K3Q9X, as in the text message you received.",
    mobile: "Mobile number the request was filed with",
    mobileHint: "Such as 0512345678, or with the country code.",
    submit: "Send the code",
    haveAccount: "Have an account? Sign in to see all your requests.",
    codeTitle: "Enter the code",
    codeIntro:
      "If the reference and the mobile number match a request, we have sent a 5-digit code to that number, valid for 5 minutes. If nothing arrives within a minute, check both and start again.",
    viewTitle: "Request",
    readOnly: "Read only; this view ends within an hour.",
    status: "Status",
    agency: "Agency",
    filedOn: "Filed on",
    answerTitle: "The agency's answer",
    infoNeeded: (day: string) =>
      `The agency needs more information from you by the end of ${day}. To answer, sign in or create an account.`,
    actTitle: "To answer, reopen or escalate",
    actText:
      'Create an account with the national number the request was filed under (or sign in if you have one): the request then shows under "My requests" and you can act on it like any of your own.',
    register: "Create an account",
    signin: "Sign in",
    end: "Stop following",
    expired: "Your follow-up session has ended. Enter the reference and mobile number again.",
  },
  next: {
    title: "What next?",
    file: "File a complaint or request",
    mine: "My requests",
    linked: (n: number) =>
      n === 1
        ? 'We found a request registered under your national number; it is now under "My requests".'
        : `We found ${n} requests registered under your national number; they are now under "My requests".`,
  },
  rate: {
    title: "Rate how your request was handled",
    done: "Thank you: your rating was received.",
    closed: "This request cannot be rated now: it was rated already, the time to rate it has passed, or it was reopened.",
  },
  escalation: {
    title: "Escalating to the national complaints unit",
    now: "You can escalate the request now as a digital report; the unit answers within 5 working days.",
  },
  withdraw: {
    link: "Withdraw the request…",
    confirmTitle: "Withdraw this request?",
    confirmText: "If you withdraw it, the agency stops working on it, and this cannot be undone. You can file a new request later.",
    confirm: "Yes, withdraw it",
    cancel: "No, back to the request",
  },
};
