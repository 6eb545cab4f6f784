// A Procuret client for TypeScript, from api/openapi.yaml alone: the part of this example a team
// copies. Three things the generated types cannot do for you:
//
//  1. Exact 64-bit IDs. Session and entity IDs exceed 2^53, so JSON.parse would round them.
//     Responses are parsed with lossless-json, and each number the contract declares int64
//     (src/generated/contract.ts, generated from the same file) becomes a BigInt; every other
//     number becomes a number, and one that a number cannot hold exactly is an error rather than
//     a silent rounding. Requests are serialised by lossless-json too, which writes a BigInt
//     with every digit. The generated types say `bigint` for every int64.
//  2. The signature of long-lived sessions: HMAC-SHA256 over the 900-second window start and
//     the path below the API root, computed for each request in a middleware.
//  3. Procuret's timestamps: UTC, "YYYY-MM-DD HH:MM:SS.ffffff", no zone.
import { createHmac } from "node:crypto";
import createClient, { type Client, type Middleware } from "openapi-fetch";
import { isLosslessNumber, parse, stringify, toSafeNumberOrThrow } from "lossless-json";
import type { components, paths } from "./generated/procuret.js";
import { int64InResponses, type Int64Shape } from "./generated/contract.js";

export type Schemas = components["schemas"];
export type Session = Schemas["Session"];

// --- exact int64 -------------------------------------------------------------------------------

/** Turns lossless-json's numbers into BigInt where the shape says int64, and into number elsewhere. */
function exactNumbers(value: unknown, shape: Int64Shape | undefined): unknown {
  if (isLosslessNumber(value)) {
    return shape === "int64" ? BigInt(value.value) : toSafeNumberOrThrow(value.value);
  }
  if (Array.isArray(value)) {
    const items = typeof shape === "object" ? shape.items : undefined;
    return value.map((v) => exactNumbers(v, items));
  }
  if (value !== null && typeof value === "object") {
    const props = typeof shape === "object" ? shape.properties : undefined;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = exactNumbers(v, props?.[k]);
    return out;
  }
  return value;
}

/** Parses a response body of the operation losslessly (exported for tests and other clients). */
export function parseExact(text: string, method: string, schemaPath: string, status: number): unknown {
  return exactNumbers(parse(text), int64InResponses[`${method} ${schemaPath}`]?.[String(status)]);
}

/** A Response whose json() parses exactly; openapi-fetch calls json() on successful responses. */
class ExactResponse extends Response {
  constructor(
    readonly raw: string,
    init: ResponseInit,
    private readonly decode: (text: string) => unknown,
  ) {
    super(raw, init);
  }
  override async json(): Promise<unknown> {
    return this.decode(await this.text());
  }
}

/** The body exactly as the server sent it, for a JSON response of a procuretClient. */
export function rawBody(response: Response): string | undefined {
  return response instanceof ExactResponse ? response.raw : undefined;
}

const exactJSON: Middleware = {
  async onResponse({ request, response, schemaPath }) {
    if (!response.headers.get("content-type")?.includes("application/json")) return undefined;
    const text = await response.text();
    // openapi-fetch calls json() only when the response has a Content-Length; without one (a
    // chunked body, which the server sends for anything beyond a few kilobytes) it parses
    // text() with JSON.parse and rounds every ID past 2^53. The body is in memory now, so its
    // length is known: say it.
    const headers = new Headers(response.headers);
    headers.delete("transfer-encoding");
    headers.set("content-length", String(Buffer.byteLength(text, "utf8")));
    return new ExactResponse(text, { status: response.status, statusText: response.statusText, headers }, (t) =>
      parseExact(t, request.method, schemaPath, response.status),
    );
  },
};

// --- signing -----------------------------------------------------------------------------------

/**
 * x-procuret-signature for a request: base64(HMAC-SHA256(api_key, window start + path)), where the
 * window start is the Unix time floored to 900 seconds and path is the escaped path below the API
 * root, without the query string.
 */
export function signature(apiKey: string, unixTime: number, path: string): string {
  const windowStart = unixTime - (unixTime % 900);
  return createHmac("sha256", apiKey).update(`${windowStart}${path}`, "utf8").digest("base64");
}

/** The escaped request path below the API root: /api/instalment-link/list → /instalment-link/list. */
export function pathBelowRoot(requestURL: string, baseURL: string): string {
  const root = new URL(baseURL).pathname.replace(/\/+$/, "");
  const path = new URL(requestURL).pathname; // percent-escaped, as sent
  if (!path.startsWith(root + "/")) throw new Error(`${path} is not below the API root ${root}`);
  return path.slice(root.length);
}

/** Adds the session's headers to every request: session ID, then signature or API key. */
export function sessionHeaders(session: Session, baseURL: string, now: () => number = () => Date.now()): Middleware {
  return {
    onRequest({ request }) {
      request.headers.set("x-procuret-session-id", session.session_id.toString());
      if ((session.lifecycle ?? 2) === 2) {
        const unix = Math.floor(now() / 1000);
        request.headers.set("x-procuret-signature", signature(session.api_key, unix, pathBelowRoot(request.url, baseURL)));
      } else {
        request.headers.set("x-procuret-api-key", session.api_key);
      }
      return request;
    },
  };
}

// --- the client --------------------------------------------------------------------------------

export type ProcuretClient = Client<paths>;

/**
 * A typed client for the API root baseURL (e.g. https://procuret.com/api). With a session, every
 * request carries its credentials; without one, only operations that need no session work.
 */
export function procuretClient(baseURL: string, session?: Session): ProcuretClient {
  const client = createClient<paths>({
    baseUrl: baseURL,
    // BigInt-aware: every int64 is sent as a bare JSON integer with all its digits.
    bodySerializer: (body) => stringify(body),
    headers: { "content-type": "application/json" },
  });
  client.use(exactJSON);
  if (session) client.use(sessionHeaders(session, baseURL));
  return client;
}

// --- timestamps --------------------------------------------------------------------------------

const procuretTime = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}\.\d{3})\d{3}$/;

/** Reads a Procuret timestamp ("2026-11-27 03:14:15.926535", UTC) as a Date (milliseconds kept). */
export function parseProcuretTime(s: string): Date {
  const m = procuretTime.exec(s);
  if (!m) throw new Error(`not a Procuret timestamp: ${JSON.stringify(s)}`);
  return new Date(`${m[1]}T${m[2]}Z`);
}

/** Writes a Date as a Procuret timestamp, in UTC. */
export function formatProcuretTime(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "000");
}
