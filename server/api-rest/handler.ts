import { createHash } from "node:crypto";

import { and, eq, gt, lte, sql } from "drizzle-orm";
import { createOpenApiFetchHandler } from "trpc-to-openapi";

import type { Db } from "@/db";
import { apiIdempotencyKeys } from "@/db/schema";
import { appRouter } from "@/server/api/root";
import type { Context } from "@/server/api/trpc";
import { checkApiToken } from "@/server/api-tokens/tokens";

import { API_BASE_PATH } from "./document";
import { problemResponse, type Problem } from "./problem";

export interface ApiOptions {
  db: Db;
  rateLimitPerMinute: number;
  maxBodyBytes: number;
  clientAddress?: string | null;
  realtime?: Context["realtime"];
}

/** How long a stored answer to an Idempotency-Key is replayed. */
const IDEMPOTENCY_HOURS = 24;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** The tRPC error codes the generator answers with, as problems. */
async function asProblem(response: Response): Promise<Response> {
  if (response.status < 400) return response;
  let parsed: { message?: string; issues?: { path: PropertyKey[]; message: string; code?: string }[] } = {};
  try {
    parsed = (await response.json()) as typeof parsed;
  } catch {
    // Not JSON: the status alone says what went wrong.
  }
  const issues: Problem["issues"] = parsed.issues?.map((i) => ({ path: i.path.map((p) => (typeof p === "number" ? p : String(p))), message: i.message, code: i.code }));
  const detail = issues?.length ? issues.map((i) => (i.path.length ? `${i.path.join(".")}: ${i.message}` : i.message)).join(" ") : (parsed.message ?? response.statusText);
  return problemResponse(response.status, detail, { issues });
}

async function readBody(request: Request, limit: number): Promise<string | null> {
  const declared = Number(request.headers.get("content-length") ?? "0");
  if (declared > limit) return null;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return null;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * /api/v1: a bearer token, its rate limit, the body limit and Idempotency-Key
 * around the tRPC procedures that trpc-to-openapi serves as REST; every error
 * as RFC 9457 problem details (docs/api.md).
 */
export async function handleApiRequest(request: Request, options: ApiOptions): Promise<Response> {
  const authorization = request.headers.get("authorization") ?? "";
  const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
  const challenge = { "www-authenticate": 'Bearer realm="threadline"' };
  if (!token) return problemResponse(401, "Send an API token: Authorization: Bearer tl_… (Admin > API tokens).", { headers: challenge });
  const check = await checkApiToken(options.db, token, options.rateLimitPerMinute);
  if (check.kind === "unauthorized") return problemResponse(401, check.detail, { headers: challenge });
  if (check.kind === "rate_limited") {
    return problemResponse(429, `This token may make ${check.limit} requests a minute; retry in ${check.retryAfterSeconds} s.`, { headers: { "retry-after": String(check.retryAfterSeconds) } });
  }

  const hasBody = !["GET", "HEAD", "OPTIONS"].includes(request.method);
  const body = hasBody ? await readBody(request, options.maxBodyBytes) : "";
  if (body === null) return problemResponse(413, `The body may be at most ${options.maxBodyBytes} bytes.`);

  const url = new URL(request.url);
  const key = request.method === "POST" ? request.headers.get("idempotency-key") : null;
  let requestHash = "";
  if (key !== null) {
    if (!IDEMPOTENCY_KEY.test(key)) return problemResponse(400, "An Idempotency-Key is 1 to 200 printable characters without spaces.");
    requestHash = createHash("sha256").update(`${request.method} ${url.pathname}${url.search}\n${body}`).digest("hex");
    await options.db.delete(apiIdempotencyKeys).where(and(eq(apiIdempotencyKeys.tokenId, check.token.id), lte(apiIdempotencyKeys.expiresAt, sql`now()`)));
    const [stored] = await options.db
      .select()
      .from(apiIdempotencyKeys)
      .where(and(eq(apiIdempotencyKeys.tokenId, check.token.id), eq(apiIdempotencyKeys.key, key), gt(apiIdempotencyKeys.expiresAt, sql`now()`)));
    if (stored) {
      if (stored.requestHash !== requestHash) return problemResponse(409, "This Idempotency-Key was used with a different request; use a new key for a new request.");
      return new Response(stored.body, { status: stored.status, headers: { "content-type": stored.status < 400 ? "application/json" : "application/problem+json", "idempotency-replayed": "true", "cache-control": "no-store" } });
    }
  }

  const forwarded = new Request(url, { method: request.method, headers: request.headers, body: hasBody ? body : undefined });
  const context: Context = { db: options.db, user: check.user, apiToken: check.token, clientAddress: options.clientAddress ?? null, realtime: options.realtime };
  const response = await asProblem(
    await createOpenApiFetchHandler({
      endpoint: API_BASE_PATH,
      router: appRouter,
      req: forwarded,
      createContext: () => context,
      onError: ({ error, path }) => {
        if (error.code === "INTERNAL_SERVER_ERROR") console.error(`[api] ${path ?? url.pathname}:`, error.cause ?? error);
      },
    }),
  );

  if (key !== null && response.status < 500) {
    const text = await response.text();
    // Two concurrent requests with one key: the first stored answer stands, the other is still answered.
    await options.db
      .insert(apiIdempotencyKeys)
      .values({ tokenId: check.token.id, key, requestHash, status: response.status, body: text, expiresAt: sql`now() + make_interval(hours => ${IDEMPOTENCY_HOURS})` })
      .onConflictDoNothing();
    return new Response(text, { status: response.status, headers: response.headers });
  }
  return response;
}
