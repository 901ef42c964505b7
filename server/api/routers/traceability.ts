import { z } from "zod";

import { passwordLimits } from "@/server/auth/password-attempts";
import { getAsBuiltRecord } from "@/server/traceability/as-built-record";
import { holdHistory, holdWhereUsed, releaseLot, setUnitHold } from "@/server/traceability/holds";
import { searchTraceability } from "@/server/traceability/search";
import { getTraceabilityStart } from "@/server/traceability/start";
import { getUnitSummary } from "@/server/traceability/unit-summary";
import { getWhereUsed, getWhereUsedAll } from "@/server/traceability/where-used";
import { code, text } from "@/server/input";

import { responseOf } from "../openapi-meta";
import { createTRPCRouter, permittedProcedure } from "../trpc";

const tags = ["Traceability"];

const serial = code.min(1, "Enter a serial number.");
const reason = text(500).trim().min(3, "Give a reason (at least 3 characters).");
const origin = z.union([z.object({ lotNumber: code.min(1, "Enter a lot number.") }), z.object({ serial })]);

export const traceabilityRouter = createTRPCRouter({
  unit: permittedProcedure("traceability")
    .input(z.object({ serial }))
    .query(({ ctx, input }) => getUnitSummary(ctx.db, input.serial)),
  search: permittedProcedure("traceability")
    .input(z.object({ q: text(300).trim().min(1, "Enter a serial, lot, work order or part number.") }))
    .query(({ ctx, input }) => searchTraceability(ctx.db, input.q)),
  /** What the search page offers before anything is searched. */
  start: permittedProcedure("traceability").query(({ ctx }) => getTraceabilityStart(ctx.db)),
  record: permittedProcedure("traceability")
    .meta({ openapi: { method: "GET", path: "/units/{serial}/record", tags, summary: "A unit's as-built record: route, measurements, genealogy backward (genealogy) and forward (containedIn), BOM check, ECOs" }, scope: "traceability:read" })
    .input(z.strictObject({ serial }))
    .output(responseOf<Awaited<ReturnType<typeof getAsBuiltRecord>>>("The as-built record, the same object as the portal's JSON download"))
    .query(({ ctx, input }) => getAsBuiltRecord(ctx.db, input.serial)),
  whereUsed: permittedProcedure("traceability")
    .input(
      z.object({
        origin,
        page: z.number().int().min(1).max(100_000).default(1),
        pageSize: z.number().int().min(10).max(500).default(100),
        status: z.enum(["in_progress", "complete", "scrapped", "on_hold"]).optional(),
        isTopLevelOnly: z.boolean().optional(),
      }),
    )
    .query(({ ctx, input }) => getWhereUsed(ctx.db, input.origin, input)),
  /** Where a lot went, with the REST API's flat parameters (the same query as whereUsed). */
  lotWhereUsed: permittedProcedure("traceability")
    .meta({ openapi: { method: "GET", path: "/lots/{lotNumber}/where-used", tags, summary: "Every unit a material lot went into, directly or through sub-assemblies, a page at a time" }, scope: "traceability:read" })
    .input(
      z.strictObject({
        lotNumber: code.min(1, "Enter a lot number."),
        page: z.number().int().min(1).max(100_000).default(1),
        pageSize: z.number().int().min(10).max(500).default(100),
      }),
    )
    .output(responseOf<Awaited<ReturnType<typeof getWhereUsed>>>("The units that used the lot, with the page's position in the whole set"))
    .query(({ ctx, input }) => getWhereUsed(ctx.db, { lotNumber: input.lotNumber }, input)),
  /** The whole set, for exports. */
  whereUsedAll: permittedProcedure("traceability")
    .input(z.object({ origin }))
    .query(({ ctx, input }) => getWhereUsedAll(ctx.db, input.origin)),
  setUnitHold: permittedProcedure("holdRelease")
    .meta({ openapi: { method: "POST", path: "/units/{serial}/hold", tags, summary: "Place a unit on hold or release it, with a reason (quality)" }, scope: "traceability:write" })
    .input(z.strictObject({ serial, action: z.enum(["hold", "release"]), reason }))
    .output(responseOf<Awaited<ReturnType<typeof setUnitHold>>>("The unit's serial and hold state"))
    .mutation(({ ctx, input }) => setUnitHold(ctx.db, ctx.user, input)),
  holdWhereUsed: permittedProcedure("holdRelease")
    .input(z.object({ origin, reason }))
    .mutation(({ ctx, input }) => holdWhereUsed(ctx.db, ctx.user, input)),
  /** An e-signed release of a lot (docs/holds.md). */
  releaseLot: permittedProcedure("holdRelease")
    .input(z.strictObject({ lotNumber: code.min(1, "Enter a lot number."), reason, password: text(1000).min(1, "Re-enter your password to sign.") }))
    .mutation(({ ctx, input }) => releaseLot(ctx.db, ctx.user, input, { ip: ctx.clientAddress ?? null, limits: passwordLimits() })),
  holdHistory: permittedProcedure("traceability")
    .input(z.object({ origin }))
    .query(({ ctx, input }) => holdHistory(ctx.db, input.origin)),
});
