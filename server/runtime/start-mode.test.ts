import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { createDb, createSqlClient } from "@/db";
import { issueSetupCode } from "@/server/auth/setup";
import { countRows } from "@/db/seed";
import { createTestDatabase } from "@/server/testing/database";

import { prepareDatabase, startMode } from "./start-mode";

describe("npm start's mode", () => {
  it("is the demo on the embedded database and with THREADLINE_DEMO=1, else empty; --empty always empty", () => {
    const url = "postgres://plant-db/threadline";
    expect(startMode([], { THREADLINE_DEMO: "0" })).toEqual({ isDemo: true, embeddedDatabase: "threadline" });
    expect(startMode([], { DATABASE_URL: url, THREADLINE_DEMO: "0" })).toMatchObject({ isDemo: false });
    expect(startMode([], { DATABASE_URL: url, THREADLINE_DEMO: "1" })).toMatchObject({ isDemo: true });
    expect(startMode(["--empty"], { THREADLINE_DEMO: "0" })).toEqual({ isDemo: false, embeddedDatabase: "threadline_plant" });
    expect(startMode(["--empty"], { DATABASE_URL: url, THREADLINE_DEMO: "1" })).toMatchObject({ isDemo: false });
    expect(() => startMode(["--emtpy"], { THREADLINE_DEMO: "0" })).toThrow("unknown option --emtpy");
  });
});

describe("an empty start's database", () => {
  let database: Awaited<ReturnType<typeof createTestDatabase>>;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database.drop());

  it("is migrated and left without demo data or accounts, so that the web server issues a setup code", async () => {
    const log: string[] = [];
    expect(await prepareDatabase(database.url, startMode(["--empty"], { THREADLINE_DEMO: "0" }), (m) => log.push(m))).toBe("unchanged");
    // An empty external database without the demo flag is treated the same.
    expect(await prepareDatabase(database.url, startMode([], { DATABASE_URL: database.url, THREADLINE_DEMO: "0" }), (m) => log.push(m))).toBe("unchanged");
    expect(log).toEqual([]);

    const sql = createSqlClient(database.url, { max: 1 });
    try {
      const counts = await countRows(sql);
      expect(Object.values(counts).every((n) => n === 0)).toBe(true);
      expect(await sql`select 1 from users`).toHaveLength(0);
      expect(await issueSetupCode(createDb(sql))).toEqual(expect.any(String));
    } finally {
      await sql.end();
    }
  });
});
