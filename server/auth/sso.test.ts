import { desc, eq, gt } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

import { auditLog, users } from "@/db/schema";
import { openTestDb } from "@/server/testing/database";

import { signInWithSso, ssoClaims, type SsoClaims } from "./sso";

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
});
