import { TRPCError, type AnyTRPCProcedure } from "@trpc/server";
import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

import { users } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import type { SessionUser } from "@/server/auth/roles";
import { fromDatabaseError, ValidationError } from "@/server/errors";
import { openTestDb } from "@/server/testing/database";

import { appRouter, createCaller } from "./root";
import { trpcHandlerOptions } from "./http";

type JsonSchema = { type?: string; properties?: Record<string, JsonSchema>; required?: string[]; items?: JsonSchema; anyOf?: JsonSchema[]; enum?: unknown[]; minLength?: number; maxLength?: number; minItems?: number; default?: unknown };

const OUT_OF_INT4 = 2_147_483_648;

/**
 * An input of the schema's shape whose strings are `text(length)` and whose numbers are `number`.
 * The one required input JSON Schema cannot describe is an attachment's bytes.
 */
function sample(schema: JsonSchema, text: (minLength: number, maxLength: number) => string, number: number): unknown {
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return sample(schema.anyOf[0]!, text, number);
  switch (schema.type) {
    case "object":
      return Object.fromEntries(Object.entries(schema.properties ?? {}).flatMap(([key, property]) => {
        const value = sample(property, text, number);
        return value === undefined && !schema.required?.includes(key) ? [] : [[key, value]];
      }));
    case "array":
      return Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sample(schema.items ?? {}, text, number));
    case "string":
      return text(schema.minLength ?? 0, schema.maxLength ?? 10_000);
    case "integer":
    case "number":
      return number;
    case "boolean":
      return false;
    default:
      return schema.default ?? new Uint8Array([1]);
  }
}

function contains(schema: JsonSchema, type: string): boolean {
  if (schema.type === type && !schema.enum) return true;
  return [...Object.values(schema.properties ?? {}), ...(schema.items ? [schema.items] : []), ...(schema.anyOf ?? [])].some((s) => contains(s, type));
}

/** "A\0" padded to the length the field asks for. */
const withNul = (min: number, max: number) => `A\u0000${"a".repeat(Math.max(0, Math.min(max, Math.max(min, 12)) - 2))}`;
const plain = (min: number, max: number) => "CP40-0000001 ".repeat(8).slice(0, Math.min(max, Math.max(min, 12)));

// At run time the router keeps its procedures flat, keyed by path ("changes.createEcr").
const procedures = Object.entries(appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>).flatMap(([path, procedure]) => {
  const [input] = procedure._def.inputs as z.ZodType[];
  if (!input) return [];
  return [{ path, schema: z.toJSONSchema(input, { io: "input", unrepresentable: "any" }) as JsonSchema }];
});

describe("bad input to every procedure", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let admin: SessionUser;

  beforeAll(async () => {
    t = await openTestDb();
    await seedDatabase(t.sql, { units: 50 });
    const [user] = await t.db.select().from(users).where(eq(users.role, "admin")).limit(1);
    admin = { id: user!.id, name: user!.name, email: user!.email, role: user!.role };
  });
  afterAll(async () => t.close());

  /** What each call answered, as an HTTP status: every one must be a 4xx with words in it. */
  async function statuses(cases: { path: string; input: unknown }[]) {
    const caller = createCaller({ db: t.db, user: admin });
    const answers: Record<string, string> = {};
    for (const { path, input } of cases) {
      const call = path.split(".").reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], caller) as (input: unknown) => Promise<unknown>;
      try {
        await call(input);
        answers[path] = "accepted";
      } catch (error) {
        if (!(error instanceof TRPCError)) throw error;
        const status = getHTTPStatusCodeFromError(error);
        answers[path] = status >= 400 && status < 500 && /[a-z]{3,}/.test(error.message) ? "4xx" : `${status} ${error.message}`;
      }
    }
    return answers;
  }

  it("refuses a NUL character in any string with a 4xx and a reason", async () => {
    const cases = procedures.filter((p) => contains(p.schema, "string")).map((p) => ({ path: p.path, input: sample(p.schema, withNul, 1) }));
    expect(cases.length).toBeGreaterThan(30);
    const answers = await statuses(cases);
    expect(answers).toEqual(Object.fromEntries(cases.map((c) => [c.path, "4xx"])));
  });

  it("refuses a number beyond Postgres's integer range with a 4xx and a reason", async () => {
    const cases = procedures.filter((p) => contains(p.schema, "integer") || contains(p.schema, "number")).map((p) => ({ path: p.path, input: sample(p.schema, plain, OUT_OF_INT4) }));
    expect(cases.length).toBeGreaterThan(8);
    const answers = await statuses(cases);
    expect(answers).toEqual(Object.fromEntries(cases.map((c) => [c.path, "4xx"])));
  });

  it("says which text is wrong", async () => {
    const caller = createCaller({ db: t.db, user: admin });
    await expect(caller.traceability.unit({ serial: "CP40\u00000001" })).rejects.toThrow("Text may not contain a NUL character (U+0000).");
    await expect(caller.traceability.unit({ serial: "CP40\u00000001" })).rejects.toMatchObject({ code: "BAD_REQUEST" });
    await expect(caller.lines.acknowledgeAlarm({ alarmId: OUT_OF_INT4 })).rejects.toMatchObject({ code: "BAD_REQUEST" });
  });

  it("turns data errors from Postgres into a ValidationError as a backstop", async () => {
    const refused = async (query: Promise<unknown>) => fromDatabaseError(await query.then(() => null, (error: unknown) => error));
    expect(await refused(t.sql`select ${"a\u0000b"}::text`)).toBeInstanceOf(ValidationError);
    expect(await refused(t.sql`select ${String(OUT_OF_INT4)}::int4`)).toBeInstanceOf(ValidationError);
    const connection = await t.sql.reserve();
    await connection`create temp table short_text (value varchar(3))`;
    expect(await refused(connection`insert into short_text values (${"too long"})`)).toBeInstanceOf(ValidationError);
    connection.release();
    expect(await refused(t.sql`select 1/0`)).toBeNull();
  });

  it("answers over HTTP with 400 for a NUL character and for an oversized batch", async () => {
    const handle = (url: string) =>
      fetchRequestHandler({ ...trpcHandlerOptions, req: new Request(url), createContext: () => ({ db: t.db, user: admin }) });
    const nul = await handle(`http://localhost/api/trpc/traceability.unit?input=${encodeURIComponent(JSON.stringify({ json: { serial: "A\u0000B" } }))}`);
    expect(nul.status).toBe(400);
    const many = Array.from({ length: 21 }, () => "session.me").join(",");
    const batch = await handle(`http://localhost/api/trpc/${many}?batch=1&input={}`);
    expect(batch.status).toBe(400);
    expect(await batch.text()).toContain("Batch call exceeds maximum size");
    const within = await handle(`http://localhost/api/trpc/${Array.from({ length: 10 }, () => "session.me").join(",")}?batch=1&input={}`);
    expect(within.status).toBe(200);
  });
});
