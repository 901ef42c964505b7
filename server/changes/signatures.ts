import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";

import { one, type Db } from "@/db";
import { decisionEnum, ecoApprovals, ecos, roles, type Role } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import { roleLabels, type SessionUser } from "@/server/auth/roles";
import { verifySignaturePassword, type SignatureClient } from "@/server/auth/signature-password";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/server/errors";
import { code, text } from "@/server/input";

import { emitAwaitingSignature } from "./change-events";
import { currentEcoHash } from "./eco-content";

export const signEcoInput = z.object({
  number: code.min(1),
  decision: z.enum(decisionEnum.enumValues),
  password: text(1000).min(1, "Re-enter your password to sign."),
  /** The content hash the signer reviewed: a signature never applies to a version they did not see. */
  contentHash: z.string().regex(/^[0-9a-f]{64}$/, "The signed content hash is missing."),
  comment: text(5000).trim().optional(),
  /** Administrators sign in a board role of their choosing; everyone else signs in their own role. */
  role: z.enum(roles).optional(),
});

/** "approved as quality": what the signature means, in words (21 CFR 11.50), naming the role as the review board does. */
export function signatureMeaning(decision: (typeof decisionEnum.enumValues)[number], role: Role) {
  return `${decision} as ${roleLabels[role].toLowerCase()}`;
}

/** Signs an ECO in review: password re-entry first (server/auth/signature-password.ts), then the board's rules. */
export async function signEco(db: Db, user: SessionUser, input: z.input<typeof signEcoInput>, client: SignatureClient) {
  const data = signEcoInput.parse(input);
  await verifySignaturePassword(db, user, data.password, client, { eco: data.number });

  return db.transaction(async (tx) => {
    const [eco] = await tx.select().from(ecos).where(eq(ecos.number, data.number)).for("update");
    if (!eco) throw new NotFoundError(`No change order has the number "${data.number}".`);
    if (eco.authorId === user.id) throw new ForbiddenError(`You wrote ${eco.number}; the author may not sign their own change.`);
    const role = user.role === "admin" ? (data.role ?? eco.requiredRoles.find((r) => r !== "admin")) : user.role;
    if (user.role !== "admin" && data.role && data.role !== user.role) throw new ForbiddenError(`You sign as ${roleLabels[user.role]}, not as ${roleLabels[data.role]}.`);
    if (!role || !eco.requiredRoles.includes(role)) {
      throw new ForbiddenError(`${roleLabels[role ?? user.role]} is not on the review board of ${eco.number} (${eco.requiredRoles.map((r) => roleLabels[r]).join(", ")}).`);
    }
    if (eco.status !== "in_review") throw new ConflictError(`${eco.number} is ${eco.status.replace("_", " ")}; signatures are taken while it is in review.`);

    const contentHash = await currentEcoHash(tx, eco.id);
    if (contentHash !== data.contentHash) throw new ConflictError(`${eco.number} changed after you opened it; review the current version and sign again.`);

    const valid = await tx.select().from(ecoApprovals).where(and(eq(ecoApprovals.ecoId, eco.id), isNull(ecoApprovals.voidedAt)));
    if (valid.some((s) => s.userId === user.id)) throw new ConflictError(`You have already signed ${eco.number}.`);
    const sameRole = valid.find((s) => s.role === role && s.decision === "approved");
    if (sameRole) throw new ConflictError(`${roleLabels[role]} has already signed ${eco.number} (${sameRole.signerName}).`);
    if (data.decision === "rejected" && !data.comment) throw new ValidationError("A rejection needs a comment that says why.");

    const meaning = signatureMeaning(data.decision, role);
    const signature = one(
      await tx
        .insert(ecoApprovals)
        .values({ ecoId: eco.id, userId: user.id, signerName: user.name, role, decision: data.decision, meaning, comment: data.comment || null, contentHash, signedAt: new Date() })
        .returning(),
    );
    const approvedRoles = new Set([...valid.filter((s) => s.decision === "approved").map((s) => s.role), ...(data.decision === "approved" ? [role] : [])]);
    const status = data.decision === "rejected" ? "rejected" : eco.requiredRoles.every((r) => approvedRoles.has(r)) ? "approved" : "in_review";
    if (status !== eco.status) await tx.update(ecos).set({ status }).where(eq(ecos.id, eco.id));
    await appendAudit(tx, {
      ...auditActor(user),
      action: "eco.signed",
      entityType: "eco",
      entityId: eco.number,
      data: { signatureId: signature.id, signer: user.name, role, decision: data.decision, meaning, comment: data.comment || null, contentHash, status },
    });
    if (status === "in_review") await emitAwaitingSignature(tx, eco, eco.requiredRoles.filter((r) => !approvedRoles.has(r)), `${user.name} signed as ${roleLabels[role]}`);
    return { signature, status };
  });
}
