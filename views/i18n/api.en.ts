import type { apiAr } from "./api.ar.ts";

export const apiEn: typeof apiAr = {
  apiKeys: {
    link: "Agency API keys",
    title: "Agency API keys",
    intro:
      "One key per agency case system: it acts as a liaison officer of that one agency, and every use is recorded. A key is shown once, when it is made.",
    createTitle: "New key",
    agency: "Agency",
    name: "System name",
    nameHint: "For example: the municipality's case management system",
    rateLimit: "Requests per minute",
    create: "Create key",
    created: (name: string) => `The key for “${name}” was made. Copy it now: it will not be shown again.`,
    keyLabel: "Key",
    listTitle: "Keys",
    none: "No keys yet.",
    prefix: "Key starts",
    createdAt: "Created",
    lastUsed: "Last used",
    state: "State",
    active: "Active",
    revokedAt: (at: string) => `Revoked ${at}`,
    never: "Never",
    revoke: "Revoke",
    revoked: (prefix: string) => `Key ${prefix}… was revoked and is no longer accepted.`,
    usesTitle: "Recent uses",
    noUses: "No key has been used yet.",
    at: "Time",
    method: "Method",
    path: "Path",
    status: "Answer",
    docsLink: "API documentation",
  },
  apiDocs: {
    title: "Agency API",
    intro:
      "For agencies' case systems: poll your agency's new and changed complaints, read one with its history, and act on it with the same rules as the liaison officers' portal.",
    authTitle: "Authentication",
    authBody:
      "An administrator makes a key for the agency; it is shown once. Send it with every request in the header Authorization: Bearer. A missing, unknown or revoked key is answered with 401.",
    privacyTitle: "Privacy",
    privacyBody:
      "A key acts as a liaison officer of its agency only: the complainant's personal data (personalData) is given only after the agency accepted jurisdiction, and every view of it is logged. Another agency's complaint is answered with 404, as if it did not exist.",
    limitsTitle: "Limits and audit",
    limitsBody:
      "Each key has a number of requests per minute; beyond it the answer is 429 with a Retry-After header. Every use (method, path, status) is recorded and shown to administrators.",
    errorsTitle: "Errors",
    errorsBody:
      'Every error is {"error": {"code", "message", "issues"}}: code for your program, message a sentence for a person in the Accept-Language asked (Arabic unless English is), issues the fields. 400: the request could not be read; 409: the complaint changed since the version you sent; 422: the lifecycle refused the values.',
    endpointsTitle: "Endpoints",
    method: "Method",
    path: "Path",
    what: "What it does",
    list: "Your agency's new and changed complaints, oldest change first; keep next_cursor and poll with it next time.",
    get: "One complaint with its attachments, history and the actions the key may take now.",
    actions: "A step: accept, reject, request_info, close, note, reassign, reclassify, acknowledge or answer_inquiry, with version.",
    attach: "Attach files (JPEG, PNG or PDF) with an internal note: multipart, or JSON with base64.",
    download: "Download an attachment.",
    examplesTitle: "Examples",
    openapi: "The full OpenAPI 3.1 document",
  },
};
