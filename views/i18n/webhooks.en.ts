import type { webhooksAr } from "./webhooks.ar.ts";

type Widen<T> = T extends (...args: infer A) => string
  ? (...args: A) => string
  : T extends string
    ? string
    : { [K in keyof T]: Widen<T[K]> };

export const webhooksEn: Widen<typeof webhooksAr> = {
  webhooksAdmin: {
    link: "System notifications (webhooks)",
    title: "System notifications (webhooks)",
    intro:
      "The hub sends the agency's system a signed POST for every event the agency subscribes to. Addresses are https only and may not point into an internal network. The secret is shown once, when the endpoint is made.",
    createTitle: "New endpoint",
    agency: "Agency",
    chooseAgency: "Choose the agency",
    url: "Address",
    urlHint: "Such as https://cases.agency.example/hub/webhooks",
    events: "Events",
    create: "Create the endpoint",
    created: "The endpoint was made. Copy the secret now; it will not be shown again:",
    endpointsTitle: "Endpoints",
    none: "No endpoints.",
    active: "Active",
    disabled: "Disabled",
    status: "Status",
    disable: "Disable",
    disabledNotice: "The endpoint was disabled. No new deliveries will be sent to it.",
    ping: "Send test delivery",
    pinged: "A test delivery (ping) was queued.",
    deliveriesTitle: "Recent deliveries",
    noDeliveries: "No deliveries yet.",
    endpoint: "Endpoint",
    type: "Event",
    reference: "Request",
    attempts: "Attempts",
    createdAt: "Created",
    resend: "Send again",
    resent: "The delivery went back to the queue with the same id.",
    deliveryStatus: { pending: "Waiting", sent: "Delivered", dead: "Not delivered" },
    eventNames: {
      "complaint.routed": "A new request reached the agency",
      "complaint.transferred_in": "A request was transferred to the agency",
      "complaint.reopened": "The citizen reopened a request",
      "complaint.answered": "The citizen answered a request for information",
      "complaint.followup": "A follow-up from the national unit",
      "complaint.escalated": "The request was escalated for being late",
      ping: "Test delivery",
    },
  },
};
