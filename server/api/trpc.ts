import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import { ZodError, z } from "zod";

import type { Db } from "@/db";
import { can, type Permission, type SessionUser } from "@/server/auth/roles";
import type { Progress } from "@/server/master-data/formats";
import type { ApiScope } from "@/server/api-tokens/scopes";
import type { RealtimeHub } from "@/server/realtime/hub";
import { ConflictError, DomainError, ForbiddenError, fromDatabaseError, NotFoundError, TooManyAttemptsError, ValidationError } from "@/server/errors";

import { transformer } from "./transformer";

export interface Context {
  db: Db;
  user: SessionUser | null;
  /** Where the request came from (server/auth/client-address.ts); null when unknown. */
  clientAddress?: string | null;
  /** The web server's LISTEN fan-out (tests pass one on their database when they need it). */
  realtime?: RealtimeHub;
  /** Where a long procedure reports how far it got (the master data upload streams it to the browser). */
  onProgress?: Progress;
  /** Set when the caller is a service account's API token on /api/v1 (docs/api.md); `user` is then the token's service user. */
  apiToken?: { id: number; name: string; scopes: readonly string[] };
}

/** `openapi`: the procedure is also served on /api/v1 (server/api/openapi.ts); `scope`: what an API token limited to scopes needs for it. */
export type Meta = OpenApiMeta<{ scope?: ApiScope }>;

const t = initTRPC.context<Context>().meta<Meta>().create({
  transformer,
  // Pings keep proxies from closing quiet SSE streams; a client that hears nothing for 20 s reconnects.
  sse: { ping: { enabled: true, intervalMs: 10_000 }, client: { reconnectAfterInactivityMs: 20_000 } },
  errorFormatter({ shape, error }) {
    const isInternal = error.code === "INTERNAL_SERVER_ERROR";
    return {
      ...shape,
      // Unknown failures never leak their message (SQL, stack details) to the browser; invalid input says what is wrong in words.
      message: isInternal ? "Something went wrong on the server. It has been logged." : error.cause instanceof ZodError ? error.cause.issues.map((i) => i.message).join(" ") : shape.message,
      data: {
        ...shape.data,
        stack: undefined,
        fieldErrors: error.cause instanceof ZodError ? z.flattenError(error.cause).fieldErrors : null,
      },
    };
  },
});

function domainErrorCode(error: DomainError): TRPCError["code"] {
  if (error instanceof NotFoundError) return "NOT_FOUND";
  if (error instanceof ConflictError) return "CONFLICT";
  if (error instanceof ForbiddenError) return "FORBIDDEN";
  if (error instanceof ValidationError) return "BAD_REQUEST";
  if (error instanceof TooManyAttemptsError) return "TOO_MANY_REQUESTS";
  return "BAD_REQUEST";
}

/** The one place where domain errors become tRPC errors. */
const mapDomainErrors = t.middleware(async ({ next, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause instanceof DomainError ? result.error.cause : fromDatabaseError(result.error.cause);
    if (cause) {
      throw new TRPCError({ code: domainErrorCode(cause), message: cause.message, cause });
    }
    if (result.error.code === "INTERNAL_SERVER_ERROR") console.error(`[trpc] ${path}:`, result.error.cause ?? result.error);
  }
  return result;
});

export const createTRPCRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

export const publicProcedure = t.procedure.use(mapDomainErrors);

/** What a user whose password an administrator set may still do: read who they are and choose their own password. */
const beforePasswordChange = new Set(["session.me", "session.changePassword"]);

export const protectedProcedure = publicProcedure.use(({ ctx, next, path, meta }) => {
  if (!ctx.user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
  if (ctx.apiToken) {
    // A token reaches only what the REST API serves, and within that only its scopes (when it has any).
    if (!meta?.openapi) throw new TRPCError({ code: "FORBIDDEN", message: "API tokens may call only the operations of /api/v1." });
    const { scopes, name } = ctx.apiToken;
    if (scopes.length > 0 && !(meta.scope && scopes.includes(meta.scope))) {
      throw new TRPCError({ code: "FORBIDDEN", message: `The token "${name}" lacks the scope ${meta.scope ?? "(none defined)"} this operation needs.` });
    }
  }
  if (ctx.user.mustChangePassword && !beforePasswordChange.has(path)) throw new TRPCError({ code: "FORBIDDEN", message: "Choose your own password first (an administrator set the current one)." });
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** A procedure only the roles holding `permission` may call (admin always may). */
export function permittedProcedure(permission: Permission) {
  return protectedProcedure.use(({ ctx, next }) => {
    if (!can(ctx.user.role, permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `Your role (${ctx.user.role}) may not do this.` });
    }
    return next();
  });
}
