// The one shape every API error has, whether tRPC's error formatter builds it or a guard
// in front of tRPC answers before any procedure runs (the database gate, the input
// guard, the origin check): `message` is the sentence for the caller in their language,
// `data.reason` the machine code to branch on. Apps parse one shape.

/** JSON-RPC error numbers tRPC uses for its codes. */
const JSONRPC: Record<string, number> = {
  BAD_REQUEST: -32600,
  UNAUTHORIZED: -32001,
  FORBIDDEN: -32003,
  NOT_FOUND: -32004,
  PAYLOAD_TOO_LARGE: -32013,
  TOO_MANY_REQUESTS: -32029,
  SERVICE_UNAVAILABLE: -32603,
};

export function apiErrorBody(e: { code: string; httpStatus: number; reason: string; text: string; path?: string }) {
  return {
    error: {
      message: e.text,
      code: JSONRPC[e.code] ?? -32603,
      data: { code: e.code, httpStatus: e.httpStatus, path: e.path, reason: e.reason, text: e.text },
    },
  };
}
