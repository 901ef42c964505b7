import SwaggerParser from "@apidevtools/swagger-parser";
import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { apiIdempotencyKeys, apiTokens, auditLog, deadLetters, materialLots, units, users, workOrders } from "@/db/schema";
import { seedDatabase } from "@/db/seed";
import { createCaller } from "@/server/api/root";
import { hashToken } from "@/server/api-tokens/tokens";
import type { Role, SessionUser } from "@/server/auth/roles";
import { openTestDb } from "@/server/testing/database";

import { openApiDocument } from "./document";
import { handleApiRequest, type ApiOptions } from "./handler";

describe("REST API /api/v1 with API tokens", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  let admin: SessionUser;
  let options: ApiOptions;
  const tokens = new Map<string, string>();

  const call = (method: string, path: string, init: { token?: string | null; body?: unknown; raw?: string; headers?: Record<string, string> } = {}, opts = options) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token !== null) headers.authorization = `Bearer ${init.token ?? tokens.get("planner")}`;
    const body = init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
    if (body !== undefined) headers["content-type"] ??= "application/json";
    return handleApiRequest(new Request(`http://localhost:3000/api/v1${path}`, { method, headers, body }), opts);
  };
  const newToken = async (name: string, role: Role, extra: { scopes?: ("work-orders:read" | "work-orders:write" | "traceability:read")[]; expiresAt?: Date } = {}) => {
    const created = await createCaller({ db: t.db, user: admin }).admin.createApiToken({ name, role, ...extra });
    tokens.set(name, created.token);
    return created;
  };
  const order = (number: string) => ({ number, partNumber: "CP40-ASM", qty: 5, line: "P1" });

  beforeAll(async () => {
    t = await openTestDb("threadline_test_api");
    await seedDatabase(t.sql, { units: 40 });
    const [found] = await t.db.select().from(users).where(eq(users.role, "admin"));
    admin = { id: found!.id, name: found!.name, email: found!.email, role: "admin" };
    options = { db: t.db, rateLimitPerMinute: 1000, maxBodyBytes: 4096 };
    for (const role of ["planner", "viewer", "quality"] as const) await newToken(role, role);
  }, 120_000);
  afterAll(async () => t?.close());

  it("shows a token once, stores only its SHA-256, and lists it without the secret", async () => {
    const created = await newToken("ERP", "planner", { scopes: ["work-orders:read"] });
    expect(created.token).toMatch(/^tl_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.db.select().from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(row!.tokenHash).toBe(hashToken(created.token));
    expect(JSON.stringify(row)).not.toContain(created.token.slice(3));
    const listed = await createCaller({ db: t.db, user: admin }).admin.apiTokens();
    expect(listed.find((l) => l.id === created.id)).toMatchObject({ name: "ERP", role: "planner", scopes: ["work-orders:read"], prefix: created.token.slice(0, 11), lastUsedAt: null });
    expect(JSON.stringify(listed)).not.toContain(created.token.slice(11));
    expect((await createCaller({ db: t.db, user: admin }).admin.users()).map((u) => u.name)).not.toContain("API token ERP");
    await expect(createCaller({ db: t.db, user: { ...admin, role: "planner" } }).admin.createApiToken({ name: "Mine", role: "admin" })).rejects.toMatchObject({ code: "FORBIDDEN" });
    const [audit] = await t.db.select().from(auditLog).where(and(eq(auditLog.action, "api_token.created"), eq(auditLog.entityId, String(created.id))));
    expect(audit).toBeDefined();
    expect(JSON.stringify(audit)).not.toContain(created.token.slice(3));

    const response = await call("GET", "/work-orders?limit=1", { token: created.token });
    expect(response.status).toBe(200);
    const [used] = await t.db.select({ lastUsedAt: apiTokens.lastUsedAt }).from(apiTokens).where(eq(apiTokens.id, created.id));
    expect(used!.lastUsedAt).toBeInstanceOf(Date);
  });

  it("answers a missing, unknown, expired or revoked token with 401 problem details", async () => {
    const expiring = await newToken("Expiring", "planner", { expiresAt: new Date(Date.now() + 3600_000) });
    await t.db.update(apiTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(apiTokens.id, expiring.id));
    const revoked = await newToken("Revoked", "planner");
    await createCaller({ db: t.db, user: admin }).admin.revokeApiToken({ id: revoked.id });
    const cases: [string | null, string][] = [
      [null, "Send an API token"],
      ["tl_nosuchtokennosuchtokennosuchtokennosuchtoken", "not known"],
      ["not-a-token", "not a Threadline API token"],
      [expiring.token, "expired"],
      [revoked.token, "revoked"],
    ];
    for (const [token, detail] of cases) {
      const response = await call("GET", "/work-orders", { token });
      expect(response.status, String(token)).toBe(401);
      expect(response.headers.get("content-type")).toBe("application/problem+json");
      expect(response.headers.get("www-authenticate")).toContain("Bearer");
      expect(await response.json()).toMatchObject({ type: expect.stringContaining("problem/") as string, title: "Not authenticated", status: 401, detail: expect.stringContaining(detail) as string });
    }
    const [revokedAudit] = await t.db.select().from(auditLog).where(eq(auditLog.action, "api_token.revoked"));
    expect(revokedAudit!.data).toEqual({ name: "Revoked" });
  });

  it("answers a role or scope that does not allow the operation with 403", async () => {
    const viewer = await call("POST", "/work-orders", { token: tokens.get("viewer"), body: order("WO-API-VIEWER") });
    expect(viewer.status).toBe(403);
    expect(await viewer.json()).toMatchObject({ status: 403, detail: "Your role (viewer) may not do this." });
    const readOnly = await call("POST", "/work-orders", { token: tokens.get("ERP"), body: order("WO-API-SCOPE") });
    expect(readOnly.status).toBe(403);
    expect((await readOnly.json()) as object).toMatchObject({ detail: expect.stringContaining("work-orders:write") as string });
    const traceOnly = await newToken("Trace only", "quality", { scopes: ["traceability:read"] });
    expect((await call("GET", "/work-orders", { token: traceOnly.token })).status).toBe(403);
    expect((await call("GET", "/ingestion", { token: tokens.get("quality") })).status).toBe(403);
    expect(await t.db.$count(workOrders, sql`${workOrders.number} like 'WO-API-%'`)).toBe(0);
    // A token reaches only what /api/v1 serves, even with the role for more.
    const [service] = await t.db.select().from(users).where(eq(users.name, "API token planner"));
    const asToken = createCaller({ db: t.db, user: { id: service!.id, name: service!.name, email: service!.email, role: "admin" }, apiToken: { id: 1, name: "planner", scopes: [] } });
    await expect(asToken.admin.users()).rejects.toMatchObject({ code: "FORBIDDEN", message: "API tokens may call only the operations of /api/v1." });
  });

  it("creates a work order once per Idempotency-Key, audited with the token's name; another body with the key is a 409", async () => {
    const headers = { "idempotency-key": "erp-order-4711" };
    const first = await call("POST", "/work-orders", { body: order("WO-API-4711"), headers });
    expect(first.status).toBe(200);
    const created = (await first.json()) as { id: number; number: string; status: string };
    expect(created).toMatchObject({ number: "WO-API-4711", status: "planned" });

    const replay = await call("POST", "/work-orders", { body: order("WO-API-4711"), headers });
    expect(replay.status).toBe(200);
    expect(replay.headers.get("idempotency-replayed")).toBe("true");
    expect(await replay.json()).toEqual(created);
    expect(await t.db.$count(workOrders, eq(workOrders.number, "WO-API-4711"))).toBe(1);

    const other = await call("POST", "/work-orders", { body: { ...order("WO-API-4711"), qty: 6 }, headers });
    expect(other.status).toBe(409);
    expect(await other.json()).toMatchObject({ status: 409, title: "Conflict", detail: expect.stringContaining("Idempotency-Key") as string });

    const [stored] = await t.db.select().from(apiIdempotencyKeys).where(eq(apiIdempotencyKeys.key, "erp-order-4711"));
    expect(stored!.expiresAt.getTime()).toBeGreaterThan(Date.now() + 23 * 3600_000);

    const [entry] = await t.db.select({ actor: auditLog.actor }).from(auditLog).where(and(eq(auditLog.action, "work_order.created"), eq(auditLog.entityId, "WO-API-4711")));
    expect(entry!.actor).toBe("API token planner (planner)");

    const released = await call("POST", "/work-orders/WO-API-4711/transition", { body: { action: "release" } });
    expect(released.status).toBe(200);
    expect(await released.json()).toMatchObject({ number: "WO-API-4711", status: "released" });
    const again = await call("POST", "/work-orders/WO-API-4711/transition", { body: { action: "release" } });
    expect(again.status).toBe(409);
  });

  it("refuses bad input with problem details listing the issues, and writes nothing", async () => {
    const before = await t.db.$count(workOrders);
    const unknownField = await call("POST", "/work-orders", { body: { ...order("WO-API-X1"), priority: "urgent" } });
    expect(unknownField.status).toBe(400);
    expect(unknownField.headers.get("content-type")).toBe("application/problem+json");
    expect(await unknownField.json()).toMatchObject({ type: expect.stringContaining("bad-input") as string, title: "Bad input", status: 400, issues: [expect.objectContaining({ code: "unrecognized_keys" }) as object] });

    const wrongType = await call("POST", "/work-orders", { body: { ...order("WO-API-X2"), qty: "five" } });
    expect(wrongType.status).toBe(400);
    expect(((await wrongType.json()) as { issues: { path: string[] }[] }).issues[0]!.path).toEqual(["qty"]);

    const unknownPart = await call("POST", "/work-orders", { body: { ...order("WO-API-X3"), partNumber: "NO-SUCH" } });
    expect(unknownPart.status).toBe(400);
    expect(await unknownPart.json()).toMatchObject({ detail: 'No part has the number "NO-SUCH".' });

    expect((await call("POST", "/work-orders", { raw: "{not json" })).status).toBe(400);
    expect((await call("POST", "/work-orders", { body: order("WO-API-X4"), headers: { "content-type": "text/plain" } })).status).toBe(415);
    const oversize = await call("POST", "/work-orders", { body: { ...order("WO-API-X5"), revision: "x".repeat(5000) } });
    expect(oversize.status).toBe(413);
    expect(await oversize.json()).toMatchObject({ status: 413, title: "Body too large" });
    expect((await call("GET", "/units/NO-SUCH-SERIAL/record", { token: tokens.get("quality") })).status).toBe(404);
    expect((await call("GET", "/no-such-thing")).status).toBe(404);
    expect((await call("GET", "/work-orders?limit=0")).status).toBe(400);
    expect(await t.db.$count(workOrders)).toBe(before);
  });

  it("pages work orders by status with a cursor, newest first, without gaps or repeats", async () => {
    for (let i = 1; i <= 5; i++) expect((await call("POST", "/work-orders", { body: order(`WO-API-P${i}`) })).status).toBe(200);
    const seen: string[] = [];
    let cursor: number | null = null;
    for (let pages = 0; pages < 20; pages++) {
      const query: string = `/work-orders?status=planned&limit=2${cursor ? `&cursor=${cursor}` : ""}`;
      const page = (await (await call("GET", query)).json()) as { items: { number: string; status: string }[]; nextCursor: number | null };
      expect(page.items.every((i) => i.status === "planned")).toBe(true);
      seen.push(...page.items.map((i) => i.number));
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    const planned = await t.db.select({ number: workOrders.number }).from(workOrders).where(eq(workOrders.status, "planned")).orderBy(sql`${workOrders.id} desc`);
    expect(seen).toEqual(planned.map((p) => p.number));
    expect(seen.slice(0, 5)).toEqual(["WO-API-P5", "WO-API-P4", "WO-API-P3", "WO-API-P2", "WO-API-P1"]);
  });

  it("reads a unit's as-built record, a lot's where-used, lines, KPIs and dead letters; quality holds and releases a unit", async () => {
    const [unit] = await t.db.select({ serial: units.serial }).from(units).limit(1);
    const quality = tokens.get("quality");
    const record = await call("GET", `/units/${encodeURIComponent(unit!.serial)}/record`, { token: quality });
    expect(record.status).toBe(200);
    expect(await record.json()).toMatchObject({ unit: expect.objectContaining({ serial: unit!.serial }) as object, genealogy: expect.any(Array) as unknown[], containedIn: expect.anything() as unknown });

    const [lot] = await t.db.select({ lotNumber: materialLots.lotNumber }).from(materialLots).limit(1);
    const whereUsed = await call("GET", `/lots/${encodeURIComponent(lot!.lotNumber)}/where-used?pageSize=10`, { token: quality });
    expect(whereUsed.status).toBe(200);

    expect((await call("GET", "/lines", { token: tokens.get("viewer") })).status).toBe(200);
    expect((await call("GET", "/kpis/summary?window=week&line=P1", { token: tokens.get("viewer") })).status).toBe(200);
    const adminToken = await newToken("Monitoring", "admin");
    const ingestion = await call("GET", "/ingestion", { token: adminToken.token });
    expect(await ingestion.json()).toMatchObject({ deadLetters: expect.objectContaining({ recent: expect.any(Array) as unknown[] }) as object });

    await t.db.insert(deadLetters).values([1, 2, 3].map((n) => ({ topic: `threadline/bad/${n}`, payload: Buffer.from([0xff, n]), error: `bad ${n}` })));
    const pages: { items: { topic: string; payloadBase64: string }[]; nextCursor: number | null }[] = [];
    for (let cursor: number | null = null; pages.length < 10; ) {
      const response = await call("GET", `/dead-letters?limit=2${cursor ? `&cursor=${cursor}` : ""}`, { token: adminToken.token });
      expect(response.status).toBe(200);
      const page = (await response.json()) as (typeof pages)[number];
      pages.push(page);
      cursor = page.nextCursor;
      if (cursor === null) break;
    }
    const letters = pages.flatMap((p) => p.items);
    expect(letters.map((l) => l.topic).slice(0, 3)).toEqual(["threadline/bad/3", "threadline/bad/2", "threadline/bad/1"]);
    expect(letters[0]!.payloadBase64).toBe(Buffer.from([0xff, 3]).toString("base64"));
    expect(new Set(letters.map((l) => l.topic)).size).toBe(letters.length);

    const hold = await call("POST", `/units/${encodeURIComponent(unit!.serial)}/hold`, { token: quality, body: { action: "hold", reason: "Suspect torque from the ERP's complaint" } });
    expect(hold.status).toBe(200);
    expect(await hold.json()).toMatchObject({ serial: unit!.serial, to: "on_hold" });
    const [entry] = await t.db.select({ actor: auditLog.actor }).from(auditLog).where(eq(auditLog.entityId, unit!.serial)).orderBy(sql`${auditLog.seq} desc`).limit(1);
    expect(entry!.actor).toBe("API token quality (quality)");
    const release = await call("POST", `/units/${encodeURIComponent(unit!.serial)}/hold`, { token: quality, body: { action: "release", reason: "Torque re-checked" } });
    expect(await release.json()).toMatchObject({ to: expect.not.stringMatching("on_hold") as string });
  });

  it("limits each token to its requests a minute with 429 and Retry-After", async () => {
    const limited = { ...options, rateLimitPerMinute: 3 };
    const burst = await newToken("Burst", "viewer");
    for (let i = 0; i < 3; i++) expect((await call("GET", "/lines", { token: burst.token }, limited)).status).toBe(200);
    const refused = await call("GET", "/lines", { token: burst.token }, limited);
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(await refused.json()).toMatchObject({ status: 429, detail: expect.stringContaining("3 requests a minute") as string });
    // Another token has its own budget.
    const other = await newToken("Other", "viewer");
    expect((await call("GET", "/lines", { token: other.token }, limited)).status).toBe(200);
    // A new window starts a minute after the last one began.
    await t.db.update(apiTokens).set({ rateWindowStart: new Date(Date.now() - 61_000) }).where(eq(apiTokens.id, burst.id));
    expect((await call("GET", "/lines", { token: burst.token }, limited)).status).toBe(200);
  });

  it("serves an OpenAPI 3.1 document that validates and names every operation with problem details", async () => {
    const document = openApiDocument();
    await SwaggerParser.validate(structuredClone(document) as never);
    expect(document.openapi).toBe("3.1.0");
    expect(document.servers).toEqual([{ url: "/api/v1" }]);
    const operations = Object.entries(document.paths ?? {}).flatMap(([path, methods]) => Object.keys(methods as object).map((m) => `${m.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(
      ["GET /dead-letters", "GET /ingestion", "GET /kpis/summary", "GET /lines", "GET /lots/{lotNumber}/where-used", "GET /units/{serial}/record", "GET /work-orders", "POST /units/{serial}/hold", "POST /work-orders", "POST /work-orders/{number}/transition"].sort(),
    );
    const create = document.paths!["/work-orders"]!.post!;
    expect(create.requestBody).toMatchObject({ content: { "application/json": { schema: expect.objectContaining({ additionalProperties: false }) as object } } });
    expect(create.responses!["409"]).toMatchObject({ content: { "application/problem+json": expect.anything() as object } });
    expect(create.parameters).toContainEqual(expect.objectContaining({ name: "Idempotency-Key", in: "header" }));
  });
});
