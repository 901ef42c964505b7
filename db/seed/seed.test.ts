import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditSettings } from "@/server/audit/anchor";
import { verifyAuditChain } from "@/server/audit/verify";
import { roleLabels } from "@/server/auth/roles";
import { getEco } from "@/server/changes/ecos";
import { getEcr } from "@/server/changes/ecrs";
import { fromDatabaseError } from "@/server/errors";
import { openTestDb } from "@/server/testing/database";

import { partRevisions, units } from "../schema";
import { seedDatabase } from "./index";

describe("demo seed", () => {
  let a: Awaited<ReturnType<typeof openTestDb>>;
  let b: Awaited<ReturnType<typeof openTestDb>>;
  let countsA: Record<string, number>;
  let countsB: Record<string, number>;

  beforeAll(async () => {
    [a, b] = await Promise.all([openTestDb(), openTestDb()]);
    // The history follows the plant's shift calendar, so "the same" means the same options and the same clock.
    const now = new Date();
    countsA = await seedDatabase(a.sql, { units: 800, now });
    countsB = await seedDatabase(b.sql, { units: 800, now });
  });
  afterAll(async () => Promise.all([a.close(), b.close()]));

  it("is deterministic: the same counts twice", () => {
    expect(countsA).toEqual(countsB);
    // The lines run at their own rates; the number of units decides how many hours of history that takes.
    expect(countsA.units).toBeGreaterThan(600);
    expect(countsA.units).toBeLessThan(1000);
    expect(countsA.stations).toBe(15);
  });

  it("is deterministic down to serials and measured values", async () => {
    const fingerprint = (t: typeof a) =>
      t.sql`select md5(string_agg(u.serial || u.status || coalesce(m.value::text, ''), ',' order by u.id, m.id)) as h
            from units u join process_steps s on s.unit_id = u.id left join measurements m on m.step_id = s.id`;
    expect(await fingerprint(a)).toEqual(await fingerprint(b));
  });

  it("builds a believable factory: rework, scrap, holds, genealogy, states in all colours", async () => {
    const [r] = await a.sql<{ rework: number; scrap: number; held: number; motors: number; removed: number; outOfLimits: number; states: number; inProgress: number }[]>`
      select
        (select count(*)::int from process_steps where attempt > 1) as rework,
        (select count(*)::int from units where status = 'scrapped') as scrap,
        (select count(*)::int from units where status = 'on_hold') as held,
        (select count(*)::int from component_installs where child_unit_id is not null) as motors,
        (select count(*)::int from component_installs where removed_at is not null) as removed,
        (select count(*)::int from measurements where not is_pass) as "outOfLimits",
        (select count(distinct state)::int from station_state_intervals) as states,
        (select count(*)::int from units where status = 'in_progress') as "inProgress"`;
    expect(r).toBeDefined();
    expect(r!.rework).toBeGreaterThan(0);
    expect(r!.scrap).toBeGreaterThan(0);
    expect(r!.held).toBeGreaterThan(0);
    expect(r!.motors).toBeGreaterThan(300);
    expect(r!.outOfLimits).toBeGreaterThan(0);
    expect(r!.states).toBe(7);
    expect(r!.inProgress).toBeGreaterThan(0);
  });

  it("tells one change story: each history starts when the record was raised, the ECO in review shows its path, signatures name the board role", async () => {
    const day = 24 * 3600_000;
    for (const number of ["ECR-0001", "ECR-0002", "ECR-0003", "ECR-0004"]) {
      const ecr = await getEcr(a.db, number);
      expect(ecr.history[0], number).toMatchObject({ action: "ecr.created", at: ecr.createdAt });
      if (ecr.submittedAt) expect(ecr.history.find((h) => h.action === "ecr.submitted")?.at, number).toEqual(ecr.submittedAt);
      if (ecr.decidedAt) expect(ecr.history.find((h) => h.action === `ecr.${ecr.status}`)?.at, number).toEqual(ecr.decidedAt);
    }
    const ecr1 = await getEcr(a.db, "ECR-0001");
    expect(Date.now() - ecr1.submittedAt!.getTime()).toBeGreaterThan(5 * day);

    const inReview = await getEco(a.db, "ECO-0002");
    expect(inReview.status).toBe("in_review");
    expect(inReview.history.map((h) => h.action)).toEqual(["eco.created", "eco.submitted", ...inReview.signatures.map(() => "eco.signed")]);
    expect(inReview.board.some((b) => b.signature)).toBe(true);
    expect(inReview.board.some((b) => !b.signature)).toBe(true);
    const released = await getEco(a.db, "ECO-0001");
    expect(released.history.map((h) => h.action)).toEqual(["eco.created", "eco.submitted", "eco.signed", "eco.signed", "eco.released"]);
    expect(released.history.at(-1)?.at).toEqual(released.releasedAt);

    for (const eco of [inReview, released]) {
      for (const s of eco.signatures) expect(s.meaning).toBe(`approved as ${roleLabels[s.role].toLowerCase()}`);
      const times = eco.history.map((h) => h.at.getTime());
      expect(times).toEqual([...times].sort((x, y) => x - y));
    }
    expect(await verifyAuditChain(a.db, auditSettings())).toMatchObject({ ok: true });
  });

  it("refuses to seed a database that already holds a factory, leaving it unchanged", async () => {
    await expect(seedDatabase(a.sql, { units: 50 })).rejects.toThrow(/already holds a factory/);
    const [{ n }] = (await a.sql`select count(*)::int as n from units`) as unknown as [{ n: number }];
    expect(n).toBe(countsA.units);
  });

  it("rejects a duplicate serial number with a clear message", async () => {
    const [existing] = await a.db.select().from(units).limit(1);
    const [revision] = await a.db.select().from(partRevisions).where(eq(partRevisions.id, existing!.partRevisionId));
    const error = await a.db
      .insert(units)
      .values({ serial: existing!.serial, partRevisionId: revision!.id, startedAt: new Date() })
      .then(() => null, (e: unknown) => e);
    expect(fromDatabaseError(error)?.message).toBe(`A unit with this serial number already exists: ${existing!.serial}.`);
  });
});
