// The supplier flow against a Procuret API (by default the local sandbox), step by step:
// second-factor code, long-lived session, create a link, list, get, mark it opened and see the
// open, quote every term, list payment series; then a short-lived session (which sends its API
// key instead of signing): read back, links created and listed, a wrong key refused. Checks that
// every 64-bit ID round-trips exactly. Environment:
//   PROCURET_BASE_URL   the API root (default http://127.0.0.1:8080/api, the sandbox's default)
//   PROCURET_EMAIL, PROCURET_PASSWORD   the account (default: the sandbox's demo supplier)
//   PROCURET_SUPPLIER_ID                its supplier ID (default 13991055489669749)
//   PROCURET_CODE       the second-factor code; against the sandbox start it with the same
//                       PROCURET_SANDBOX_CODE, which fixes every code (default 123456)
// Prints one line per step and "N passed, N failed"; exits 1 when a step failed.
import { randomUUID } from "node:crypto";
import {
  parseExact,
  parseProcuretTime,
  procuretClient,
  rawBody,
  signature,
  type ProcuretClient,
  type Schemas,
  type Session,
} from "./procuret-client.js";
import { servers, signatureVectors } from "./generated/contract.js";

const baseURL = process.env.PROCURET_BASE_URL ?? servers[2];
const email = process.env.PROCURET_EMAIL ?? "demo-supplier@example.com";
const password = process.env.PROCURET_PASSWORD ?? "correct horse battery staple";
const supplierID = BigInt(process.env.PROCURET_SUPPLIER_ID ?? "13991055489669749");
const code = process.env.PROCURET_CODE ?? process.env.PROCURET_SANDBOX_CODE ?? "123456";

let passed = 0;
let failed = 0;

async function step(name: string, fn: () => Promise<string | void> | string | void): Promise<void> {
  try {
    const note = await fn();
    passed++;
    console.log(`ok    ${name}${note ? `: ${note}` : ""}`);
  } catch (err) {
    failed++;
    console.log(`FAIL  ${name}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

function check(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(message);
}

/** The body of a successful call, or an error carrying Procuret's error body. */
function ok<T>(r: { data?: T; error?: unknown; response: Response }): T {
  if (r.error !== undefined || r.data === undefined) {
    throw new Error(`HTTP ${r.response.status}: ${JSON.stringify(r.error)}`);
  }
  return r.data;
}

/** Logs in: a second-factor code, then POST /session with the lifecycle asked for. */
async function logIn(anonymous: ProcuretClient, lifecycle: Schemas["Lifecycle"]): Promise<{ session: Session; raw: string }> {
  ok(await anonymous.POST("/second-factor-code", { body: { email, plaintext_secret: password, perspective: 1 } }));
  const r = await anonymous.POST("/session", { body: { email, secret: password, perspective: 1, code, lifecycle } });
  return { session: ok(r), raw: rawBody(r.response) ?? "" };
}

/** Records the credential headers of the last request a client sent (after its session's middleware). */
function credentialsSent(client: ProcuretClient): () => { sessionID: string | null; signature: string | null; apiKey: string | null } {
  let last = { sessionID: null as string | null, signature: null as string | null, apiKey: null as string | null };
  client.use({
    onRequest({ request }) {
      const h = request.headers;
      last = { sessionID: h.get("x-procuret-session-id"), signature: h.get("x-procuret-signature"), apiKey: h.get("x-procuret-api-key") };
      return undefined;
    },
  });
  return () => last;
}

/** Checks that a value has every key of the contract's Error schema, each of its type. */
function isProcuretError(value: unknown): value is Schemas["Error"] {
  // Keyed by the generated type: a key the contract adds or renames breaks the build here.
  const fields: { [K in keyof Schemas["Error"]]-?: (v: unknown) => boolean } = {
    "error-information": (v) => typeof v === "string" && v.length > 0,
    "response-code": (v) => typeof v === "number" && Number.isInteger(v),
  };
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  return Object.entries(fields).every(([k, valid]) => valid((value as Record<string, unknown>)[k]));
}

async function main(): Promise<void> {
  console.log(`Procuret API at ${baseURL}`);
  const publicID = await longLivedFlow();
  await shortLivedFlow(publicID);
}

/** The flow with a long-lived session, which signs every request. Returns the link it created. */
async function longLivedFlow(): Promise<string> {
  const anonymous = procuretClient(baseURL);

  await step("signature matches every test vector of the contract", () => {
    for (const v of signatureVectors) {
      const got = signature(v.apiKey, v.unixTime, v.path);
      check(got === v.signature, `${v.stringToSign}: got ${got}, want ${v.signature}`);
    }
    return `${signatureVectors.length} vectors`;
  });

  await step("second-factor code requested", async () => {
    ok(await anonymous.POST("/second-factor-code", { body: { email, plaintext_secret: password, perspective: 1 } }));
  });

  let session: Session | undefined;
  await step("long-lived session created", async () => {
    const r = await anonymous.POST("/session", { body: { email, secret: password, perspective: 1, code, lifecycle: 2 } });
    session = ok(r);
    check(typeof session.session_id === "bigint", `session_id is a ${typeof session.session_id}, not a bigint`);
    // The exact digits the server sent: a JSON.parse would have rounded most 63-bit IDs.
    const digits = /"session_id"\s*:\s*(\d+)/.exec(rawBody(r.response) ?? "")?.[1];
    check(digits === session.session_id.toString(), `session_id ${session.session_id} but the server sent ${digits}`);
    return `session ${session.session_id} (${Number.isSafeInteger(Number(digits)) ? "fits" : "exceeds"} a JavaScript number)`;
  });
  if (!session) return "";
  const api = procuretClient(baseURL, session);
  const sent = credentialsSent(api);

  await step("session read back with its exact ID (signed GET /session)", async () => {
    const s = ok(await api.GET("/session", { params: { query: { session_id: session!.session_id } } }));
    check(sent().signature !== null && sent().apiKey === null, "a long-lived session sent its API key instead of a signature");
    check(s.session_id === session!.session_id, `got ${s.session_id}, want ${session!.session_id}`);
  });

  const identifier = `TS-${randomUUID().slice(0, 8)}`;
  let publicID = "";
  await step("instalment link created", async () => {
    const link = ok(
      await api.POST("/instalment-link", {
        body: {
          supplier_id: supplierID,
          invoice_amount: "1250.00",
          invitee_email: "customer@example.com",
          invoice_identifier: identifier,
          communicate: false,
          denomination: 1,
        },
      }),
    );
    publicID = link.public_id;
    check(link.supplier.entity_id === supplierID, `supplier ${link.supplier.entity_id}, want ${supplierID}`);
    check(link.invoice_amount === "1250.00", `amount ${link.invoice_amount}`);
    check(link.opens.length === 0, `a new link has ${link.opens.length} opens`);
    parseProcuretTime(link.created);
    return `${publicID} for supplier ${link.supplier.entity_id}, created ${link.created} UTC`;
  });

  await step("link listed (filtered by the exact supplier ID)", async () => {
    const links = ok(await api.GET("/instalment-link/list", { params: { query: { supplier_id: supplierID, limit: 100, order: "descending" } } }));
    const mine = links.find((l) => l.public_id === publicID);
    check(mine, `${publicID} is not among ${links.length} links`);
    check(mine.invoice_identifier === identifier, `identifier ${mine.invoice_identifier}`);
    check(mine.disposition && mine.disposition.count >= 1, "no disposition");
    return `${links.length} links, ${mine.disposition.count} in all`;
  });

  await step("link fetched by its public ID", async () => {
    const link = ok(await api.GET("/instalment-link", { params: { query: { public_id: publicID } } }));
    check(link.public_id === publicID && link.supplier.entity_id === supplierID, "another link came back");
  });

  await step("link marked opened, and the open is seen", async () => {
    ok(await api.POST("/instalment-link/open", { body: { link_id: publicID } }));
    const link = ok(await api.GET("/instalment-link", { params: { query: { public_id: publicID } } }));
    check(link.opens.length === 1, `${link.opens.length} opens, want 1`);
    return `opened ${link.opens[0]!.created} UTC`;
  });

  await step("optional session: anonymous works, a bad signature is refused (401)", async () => {
    ok(await anonymous.GET("/instalment-link", { params: { query: { public_id: publicID } } }));
    const bad = procuretClient(baseURL, { ...session!, api_key: session!.api_key + "x" });
    const r = await bad.GET("/instalment-link", { params: { query: { public_id: publicID } } });
    check(r.response.status === 401, `status ${r.response.status}, want 401`);
  });

  await step("acting for an agent (x-procuret-forwarded-agent header parameter)", async () => {
    const agent = session!.agent?.agent_id ?? session!.agent?.public_id;
    check(typeof agent === "bigint", "the session names no agent");
    ok(await api.GET("/instalment-link", { params: { query: { public_id: publicID }, header: { "x-procuret-forwarded-agent": agent.toString() } } }));
    return `agent ${agent}`;
  });

  await step("every term quoted, and each quote matches the list", async () => {
    const principal = "5000.00";
    const quotes = ok(
      await api.GET("/credit/prospective-payment/list", { params: { query: { supplier_id: supplierID, principal_magnitude: principal, cycle: 1 } } }),
    );
    check(quotes.length > 0, "no terms");
    for (const q of quotes) {
      check(q.supplier_id === supplierID, `quote for supplier ${q.supplier_id}`);
      const one = ok(
        await api.GET("/credit/prospective-payment", {
          params: { query: { supplier_id: supplierID, principle: principal, periods: q.periods, cycle: 1 } },
        }),
      );
      check(one.payment === q.payment, `${q.periods} months: ${one.payment} vs ${q.payment} in the list`);
    }
    return quotes.map((q) => `${q.periods}×${q.payment} ${q.currency.iso_4217}`).join(", ");
  });

  await step("payment series listed, with exact IDs", async () => {
    const series = ok(await api.GET("/payment/series/list", { params: { query: { limit: 20 } } }));
    for (const s of series) {
      check(typeof s.creating_agent === "bigint" && typeof s.supplier.entity_id === "bigint", `${s.public_id}: IDs are not bigint`);
      check(s.supplier.entity_id === supplierID, `${s.public_id} belongs to supplier ${s.supplier.entity_id}`);
      parseProcuretTime(s.created);
    }
    return `${series.length} series${series[0] ? `, e.g. ${series[0].public_id} (${series[0].identifier}) of customer ${series[0].customer.entity_id}` : ""}`;
  });
  return publicID;
}

/**
 * The flow with a short-lived session (lifecycle 1), which sends x-procuret-session-id and
 * x-procuret-api-key (the APIKey security scheme) instead of a signature. publicID is the link
 * the long-lived flow created ("" when it did not), which the short-lived session must see too.
 */
async function shortLivedFlow(publicID: string): Promise<void> {
  const anonymous = procuretClient(baseURL);
  let session: Session | undefined;
  await step("short-lived session created (second-factor code, lifecycle 1)", async () => {
    const { session: s, raw } = await logIn(anonymous, 1);
    check(s.lifecycle === 1, `lifecycle ${s.lifecycle}, want 1 (short-lived)`);
    check(typeof s.session_id === "bigint", `session_id is a ${typeof s.session_id}, not a bigint`);
    const digits = /"session_id"\s*:\s*(\d+)/.exec(raw)?.[1];
    check(digits === s.session_id.toString(), `session_id ${s.session_id} but the server sent ${digits}`);
    session = s;
    return `session ${s.session_id}`;
  });
  if (!session) return;
  const short = session;
  const api = procuretClient(baseURL, short);
  const sent = credentialsSent(api);

  await step("short-lived session read back, authenticated by its API key (no signature)", async () => {
    const s = ok(await api.GET("/session", { params: { query: { session_id: short.session_id } } }));
    const h = sent();
    check(h.sessionID === short.session_id.toString(), `x-procuret-session-id ${h.sessionID}`);
    check(h.apiKey !== null && h.apiKey === short.api_key, "x-procuret-api-key was not the session's API key");
    check(h.signature === null, "a short-lived session signed the request");
    check(s.session_id === short.session_id, `got session ${s.session_id}, want ${short.session_id}`);
    check(s.lifecycle === 1, `lifecycle ${s.lifecycle}, want 1`);
    check(s.perspective === 1, `perspective ${s.perspective}, want 1 (supplier)`);
  });

  await step("links created and listed with the short-lived session, exact IDs", async () => {
    // Enough links that the list is a few kilobytes, which a server sends chunked.
    const batch = `TS-short-${randomUUID().slice(0, 8)}`;
    const created = new Set<string>();
    for (let i = 1; i <= 6; i++) {
      const link = ok(
        await api.POST("/instalment-link", {
          body: { supplier_id: supplierID, invoice_amount: `${i}00.00`, invitee_email: "customer@example.com", invoice_identifier: `${batch}-${i}`, communicate: false, denomination: 1 },
        }),
      );
      check(link.supplier.entity_id === supplierID, `created for supplier ${link.supplier.entity_id}, want ${supplierID}`);
      created.add(link.public_id);
    }
    check(sent().apiKey === short.api_key && sent().signature === null, "the creates were not authenticated by the API key alone");
    const r = await api.GET("/instalment-link/list", { params: { query: { supplier_id: supplierID, limit: 100, order: "descending" } } });
    const links = ok(r);
    for (const l of links) {
      check(typeof l.supplier.entity_id === "bigint", `${l.public_id}: supplier ID is a ${typeof l.supplier.entity_id}, not a bigint`);
      check(l.supplier.entity_id === supplierID, `${l.public_id} belongs to supplier ${l.supplier.entity_id}`);
    }
    const listed = new Set(links.map((l) => l.public_id));
    for (const id of created) check(listed.has(id), `${id} is not among ${links.length} links`);
    if (publicID) check(listed.has(publicID), `the long-lived session's link ${publicID} is not listed`);
    return `${links.length} links of supplier ${supplierID} (${rawBody(r.response)?.length ?? 0} bytes), the 6 new ones${publicID ? ` and ${publicID}` : ""} among them`;
  });

  await step("short-lived session with a wrong API key refused (401, Procuret's error body)", async () => {
    const bad = procuretClient(baseURL, { ...short, api_key: short.api_key + "x" });
    const badSent = credentialsSent(bad);
    const r = await bad.GET("/session", { params: { query: { session_id: short.session_id } } });
    check(badSent().apiKey === short.api_key + "x" && badSent().signature === null, "the wrong key was not sent as x-procuret-api-key");
    check(r.response.status === 401, `status ${r.response.status}, want 401`);
    check(r.data === undefined, "a refused call returned data");
    check(r.response.headers.get("content-type")?.includes("application/json"), `content-type ${r.response.headers.get("content-type")}`);
    const body = parseExact(rawBody(r.response) ?? "", "GET", "/session", 401);
    check(isProcuretError(body), `the body is not the contract's Error: ${rawBody(r.response)}`);
    check(body["response-code"] === 401, `response-code ${body["response-code"]}, want 401`);
    check(!body["error-information"].includes(short.api_key), "the error repeats the API key");
    return body["error-information"];
  });
}

await main().catch((err: unknown) => {
  failed++;
  console.log(`FAIL  ${err instanceof Error ? err.stack : String(err)}`);
});
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
