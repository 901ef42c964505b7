import { desc, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditLog, users } from "@/db/schema";
import { openTestDb } from "@/server/testing/database";

import { mappedRole, signInWithSso, ssoClaims, type RoleMapping, type SsoClaims } from "./sso";

const issuer = "https://idp.example/tenant";
const claims = (subject: string, email: string | null, isEmailVerified = true): SsoClaims => ({ issuer, subject, email, isEmailVerified });

function jwt(payload: Record<string, unknown>) {
  return ["e30", Buffer.from(JSON.stringify(payload)).toString("base64url"), "signature"].join(".");
}

describe("single sign-on", () => {
  let t: Awaited<ReturnType<typeof openTestDb>>;
  beforeAll(async () => {
    t = await openTestDb();
    await t.db.insert(users).values([
      { email: "Quinn@Plant.example", name: "Quinn", role: "quality" },
      { email: "gone@plant.example", name: "Gone", role: "viewer", isActive: false },
    ]);
  });
  afterAll(async () => t.close());

  it("takes the e-mail pair from the ID token when it has an address, else from userinfo", () => {
    expect(ssoClaims(jwt({ iss: issuer, sub: "a", email: "a@x", email_verified: false }), { email: "b@x", email_verified: true })).toEqual({
      issuer,
      subject: "a",
      email: "a@x",
      isEmailVerified: false,
      name: null,
      roleClaimValues: [],
    });
    expect(ssoClaims(jwt({ iss: issuer, sub: "a" }), { sub: "a", email: "b@x", email_verified: true })).toMatchObject({ email: "b@x", isEmailVerified: true });
    expect(ssoClaims(jwt({ iss: issuer, sub: "a", email: "a@x", email_verified: "true" }), {})).toMatchObject({ isEmailVerified: false });
  });

  it("refuses an unverified or missing address, links the subject on the first verified sign-in and matches on it afterwards", async () => {
    expect(await signInWithSso(t.db, claims("s-1", "QUINN@plant.example", false))).toEqual({
      kind: "refused",
      reason: "the identity provider has not verified the e-mail address",
    });
    expect(await signInWithSso(t.db, claims("s-1", null))).toMatchObject({ kind: "refused" });

    expect(await signInWithSso(t.db, claims("s-1", "QUINN@plant.example"))).toMatchObject({ kind: "ok", user: { name: "Quinn", role: "quality" } });
    const [quinn] = await t.db.select().from(users).where(eq(users.name, "Quinn"));
    expect(quinn).toMatchObject({ ssoIssuer: issuer, ssoSubject: "s-1" });

    // The linked subject signs in whatever address it now claims; another subject with Quinn's address does not.
    expect(await signInWithSso(t.db, claims("s-1", "someone.else@plant.example", false))).toMatchObject({ kind: "ok", user: { name: "Quinn" } });
    expect(await signInWithSso(t.db, claims("s-2", "quinn@plant.example"))).toEqual({
      kind: "refused",
      reason: "the user is linked to another single sign-on identity",
    });
  });

  it("refuses unknown and deactivated users and audits every outcome with its reason", async () => {
    const [last] = await t.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
    const since = last?.seq ?? 0;
    expect(await signInWithSso(t.db, claims("s-3", "nobody@plant.example"))).toMatchObject({ kind: "refused", reason: "no Threadline user has this e-mail address" });
    expect(await signInWithSso(t.db, claims("s-4", "gone@plant.example"))).toMatchObject({ kind: "refused", reason: "the user is deactivated" });
    expect(await signInWithSso(t.db, claims("s-1", null))).toMatchObject({ kind: "ok" });

    const entries = await t.db.select().from(auditLog).where(gt(auditLog.seq, since)).orderBy(auditLog.seq);
    expect(entries).toMatchObject([
      { action: "auth.sign_in_refused", actor: "nobody@plant.example", data: { method: "sso", subject: "s-3", reason: "no Threadline user has this e-mail address" } },
      { action: "auth.sign_in_refused", data: { method: "sso", subject: "s-4", reason: "the user is deactivated" } },
      { action: "auth.sign_in", actor: "Quinn (quality)", data: { method: "sso", issuer, subject: "s-1" } },
    ]);
  });

  describe("roles from a claim (AUTH_OIDC_ROLE_MAP)", () => {
    const mapping: RoleMapping = { claim: "groups", roles: { "plant-admins": "admin", qa: "quality", floor: "operator", "line-leads": "supervisor" } };
    const withGroups = (subject: string, email: string, groups: string[], name?: string): SsoClaims => ({ ...claims(subject, email), roleClaimValues: groups, name });

    it("reads the claim as a list or a single value, from the ID token or else userinfo, and the highest mapped role wins", () => {
      expect(ssoClaims(jwt({ iss: issuer, sub: "a", roles: ["x", 3, "y"] }), {}, "roles").roleClaimValues).toEqual(["x", "y"]);
      expect(ssoClaims(jwt({ iss: issuer, sub: "a" }), { groups: "qa", name: " Quinn " })).toMatchObject({ roleClaimValues: ["qa"], name: "Quinn" });
      expect(mappedRole({ roleClaimValues: ["floor", "everyone", "qa", "line-leads"] }, mapping)).toBe("quality");
      expect(mappedRole({ roleClaimValues: ["floor", "plant-admins"] }, mapping)).toBe("admin");
      expect(mappedRole({ roleClaimValues: ["everyone", "constructor", "__proto__"] }, mapping)).toBeNull();
      expect(mappedRole({ roleClaimValues: ["qa"] }, undefined)).toBeNull();
    });

    it("creates a user with the mapped role on a first verified sign-in, and still refuses without a match or a verified address", async () => {
      expect(await signInWithSso(t.db, { ...withGroups("m-0", "unverified@plant.example", ["qa"]), isEmailVerified: false }, mapping)).toMatchObject({ kind: "refused" });
      expect(await signInWithSso(t.db, withGroups("m-1", "nomatch@plant.example", ["everyone"]), mapping)).toMatchObject({
        kind: "refused",
        reason: "no Threadline user has this e-mail address",
      });
      const result = await signInWithSso(t.db, withGroups("m-2", "Mara@Plant.example", ["floor", "qa"], "Mara Quality"), mapping);
      expect(result).toMatchObject({ kind: "ok", user: { name: "Mara Quality", email: "Mara@Plant.example", role: "quality" } });
      const [mara] = await t.db.select().from(users).where(eq(users.name, "Mara Quality"));
      expect(mara).toMatchObject({ role: "quality", passwordHash: null, ssoIssuer: issuer, ssoSubject: "m-2", isActive: true });
      const [created] = await t.db.select().from(auditLog).where(eq(auditLog.action, "user.created"));
      expect(created).toMatchObject({ actorId: mara!.id, entityId: String(mara!.id), data: { role: "quality", method: "sso", subject: "m-2", hasPassword: false } });
      expect(await t.db.select().from(users).where(eq(users.email, "nomatch@plant.example"))).toHaveLength(0);
    });

    it("changes the role at a later sign-in when the mapping gives another (audited), keeps it without a match, never for a deactivated user", async () => {
      const [last] = await t.db.select({ seq: auditLog.seq }).from(auditLog).orderBy(desc(auditLog.seq)).limit(1);
      expect(await signInWithSso(t.db, withGroups("m-2", "mara@plant.example", ["line-leads"]), mapping)).toMatchObject({ kind: "ok", user: { role: "supervisor" } });
      expect(await signInWithSso(t.db, withGroups("m-2", "mara@plant.example", ["everyone"]), mapping)).toMatchObject({ kind: "ok", user: { role: "supervisor" } });
      expect(await signInWithSso(t.db, withGroups("m-2", "mara@plant.example", ["line-leads"]), mapping)).toMatchObject({ kind: "ok", user: { role: "supervisor" } });
      // Quinn, created by an administrator and linked earlier, gets the mapped role too.
      expect(await signInWithSso(t.db, withGroups("s-1", "quinn@plant.example", ["floor"]), mapping)).toMatchObject({ kind: "ok", user: { name: "Quinn", role: "operator" } });
      expect(await signInWithSso(t.db, withGroups("s-4", "gone@plant.example", ["plant-admins"]), mapping)).toMatchObject({ kind: "refused", reason: "the user is deactivated" });

      const entries = await t.db.select().from(auditLog).where(gt(auditLog.seq, last!.seq)).orderBy(auditLog.seq);
      expect(entries.filter((e) => e.action === "user.updated")).toMatchObject([
        { actorId: null, actor: "single sign-on", data: { role: { from: "quality", to: "supervisor" }, method: "sso", subject: "m-2" } },
        { actor: "single sign-on", data: { role: { from: "quality", to: "operator" }, subject: "s-1" } },
      ]);
      const roles = await t.db.select({ name: users.name, role: users.role }).from(users).orderBy(users.id);
      expect(roles).toEqual([
        { name: "Quinn", role: "operator" },
        { name: "Gone", role: "viewer" },
        { name: "Mara Quality", role: "supervisor" },
      ]);
    });

    it("keeps the last active administrator an administrator whatever the mapping says", async () => {
      expect(await signInWithSso(t.db, withGroups("m-3", "ada@plant.example", ["plant-admins"], "Ada"), mapping)).toMatchObject({ kind: "ok", user: { role: "admin" } });
      expect(await signInWithSso(t.db, withGroups("m-3", "ada@plant.example", ["floor"]), mapping)).toMatchObject({ kind: "ok", user: { role: "admin" } });
      const [skipped] = await t.db.select().from(auditLog).where(eq(auditLog.action, "user.role_mapping_skipped"));
      expect(skipped).toMatchObject({ data: { role: "admin", mapped: "operator", reason: "the last active administrator" } });
      // With a second administrator the mapping applies.
      expect(await signInWithSso(t.db, withGroups("m-4", "bo@plant.example", ["plant-admins"], "Bo"), mapping)).toMatchObject({ kind: "ok", user: { role: "admin" } });
      expect(await signInWithSso(t.db, withGroups("m-3", "ada@plant.example", ["floor"]), mapping)).toMatchObject({ kind: "ok", user: { role: "operator" } });
    });
  });
});
