import type { open311Ar } from "./open311.ar.ts";
import type { Messages } from "./ar.ts";

export const open311En: Pick<Messages, keyof typeof open311Ar> = {
  open311: {
    status: {
      triage: "With the national complaints unit, to find the responsible agency",
      routed: "Awaiting the agency's decision on jurisdiction",
      in_progress: "Being handled by the agency",
      awaiting_citizen: "Awaiting information from the requester",
      closed: "Closed",
      withdrawn: "Withdrawn by the requester",
    },
    serviceDescription: (agency: string, kinds: string) => `A service of ${agency}. Accepts: ${kinds}.`,
    attribute: {
      kind: "Type of request",
      city: "City",
      district: "District or place",
      title: "Short title",
    },
    notice: {
      routed: (agency: string) => `Sent to ${agency}, which decides on jurisdiction within its standard time.`,
      triage: "The national complaints unit will decide which agency handles it.",
      unverified: "Filed through a partner app; the requester's identity was not verified.",
    },
    errors: {
      api_key: "The api_key is missing, invalid or revoked.",
      not_found: "The Open311 API has no such path.",
      service_not_found: "There is no service with this code.",
      request_not_found: "There is no request with this id.",
      jurisdiction: "This hub does not serve the jurisdiction_id asked for.",
      date_invalid: "Dates are ISO 8601, such as 2026-11-19T09:00:00+03:00.",
      range_too_long: "start_date and end_date may be at most 90 days apart.",
      status_invalid: "The status is open or closed.",
      limit_invalid: "limit is a number from 1 to 1000, and page a number from 1.",
      body_unreadable: "The request could not be read: send it as application/x-www-form-urlencoded or JSON.",
      location_required: "Send the location: lat and long together, or address_string.",
      city_required: "Give the city in attribute[city] from the service's values, or name it in address_string.",
      value_not_listed: "The value is not one of the values listed for this attribute.",
    },
  },
};
