import { createHash } from "node:crypto";

import { and, asc, count, eq } from "drizzle-orm";
import { z } from "zod";

import { one, type Db, type DbOrTx } from "@/db";
import { ecrAttachments, ecrs, users } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import type { SessionUser } from "@/server/auth/roles";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "@/server/errors";
import { code, recordId, text } from "@/server/input";

import { MAX_ATTACHMENT_BYTES } from "./attachment-limits";

export { MAX_ATTACHMENT_BYTES };


export const MAX_ATTACHMENTS_PER_ECR = 20;

export const addAttachmentInput = z.object({
  number: code.min(1),
  fileName: text(1000),
  contentType: text(200),
  content: z.instanceof(Uint8Array),
});
export const attachmentIdInput = z.object({ id: recordId });

/** A request collects evidence until it is decided; after that its record is closed. */
export function acceptsAttachments(status: string) {
  return status === "draft" || status === "submitted" || status === "in_review";
}

const CONTENT_TYPE = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/i;

export async function listAttachments(db: DbOrTx, ecrId: number) {
  return db
    .select({ id: ecrAttachments.id, fileName: ecrAttachments.fileName, contentType: ecrAttachments.contentType, sizeBytes: ecrAttachments.sizeBytes, sha256: ecrAttachments.sha256, uploadedAt: ecrAttachments.uploadedAt, uploadedById: ecrAttachments.uploadedById, uploadedBy: users.name })
    .from(ecrAttachments)
    .innerJoin(users, eq(users.id, ecrAttachments.uploadedById))
    .where(eq(ecrAttachments.ecrId, ecrId))
    .orderBy(asc(ecrAttachments.uploadedAt), asc(ecrAttachments.id));
}

async function lockOpenEcr(db: DbOrTx, number: string, verb: string) {
  const [ecr] = await db.select().from(ecrs).where(eq(ecrs.number, number)).for("update");
  if (!ecr) throw new NotFoundError(`No change request has the number "${number}".`);
  if (!acceptsAttachments(ecr.status)) throw new ConflictError(`${ecr.number} is ${ecr.status.replace("_", " ")}; files can no longer be ${verb}.`);
  return ecr;
}

/** Stores one file with its SHA-256; the audit entry carries the hash, so a swapped file would show. */
export async function addAttachment(db: Db, user: SessionUser, input: z.input<typeof addAttachmentInput>) {
  const parsed = addAttachmentInput.parse(input);
  const { number, content } = parsed;
  // Browsers send the bare name; some older ones send a full path.
  const fileName = parsed.fileName.split(/[\\/]/).pop()?.trim() ?? "";
  if (!fileName) throw new ValidationError("The file needs a name.");
  if (fileName.length > 200) throw new ValidationError("The file name is longer than 200 characters; rename the file and try again.");
  if (content.byteLength === 0) throw new ValidationError(`${fileName} is empty.`);
  if (content.byteLength > MAX_ATTACHMENT_BYTES) throw new ValidationError(`${fileName} is ${(content.byteLength / 1024 / 1024).toFixed(1)} MB; attachments may be up to ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB.`);
  const contentType = CONTENT_TYPE.test(parsed.contentType) ? parsed.contentType.toLowerCase() : "application/octet-stream";
  const sha256 = createHash("sha256").update(content).digest("hex");

  return db.transaction(async (tx) => {
    const ecr = await lockOpenEcr(tx, number, "added");
    const [{ n } = { n: 0 }] = await tx.select({ n: count() }).from(ecrAttachments).where(eq(ecrAttachments.ecrId, ecr.id));
    if (n >= MAX_ATTACHMENTS_PER_ECR) throw new ValidationError(`${ecr.number} already has ${n} files, the most a request may carry; remove one first.`);
    const row = one(
      await tx
        .insert(ecrAttachments)
        .values({ ecrId: ecr.id, fileName, contentType, sizeBytes: content.byteLength, sha256, content: Buffer.from(content.buffer, content.byteOffset, content.byteLength), uploadedById: user.id })
        .returning({ id: ecrAttachments.id, fileName: ecrAttachments.fileName, sizeBytes: ecrAttachments.sizeBytes, sha256: ecrAttachments.sha256 }),
    );
    await appendAudit(tx, { ...auditActor(user), action: "ecr.attachment_added", entityType: "ecr", entityId: ecr.number, data: { attachmentId: row.id, fileName, contentType, sizeBytes: row.sizeBytes, sha256 } });
    return row;
  });
}

/** The uploader (or an admin) may take a file back while the request is open; the audit log keeps its name and hash. */
export async function removeAttachment(db: Db, user: SessionUser, id: number) {
  return db.transaction(async (tx) => {
    const [found] = await tx.select({ ecrNumber: ecrs.number, uploadedById: ecrAttachments.uploadedById, fileName: ecrAttachments.fileName, sha256: ecrAttachments.sha256 }).from(ecrAttachments).innerJoin(ecrs, eq(ecrs.id, ecrAttachments.ecrId)).where(eq(ecrAttachments.id, id));
    if (!found) throw new NotFoundError("That file is no longer attached.");
    if (found.uploadedById !== user.id && user.role !== "admin") throw new ForbiddenError(`Only the person who attached ${found.fileName} may remove it.`);
    const ecr = await lockOpenEcr(tx, found.ecrNumber, "removed");
    await tx.delete(ecrAttachments).where(and(eq(ecrAttachments.id, id), eq(ecrAttachments.ecrId, ecr.id)));
    await appendAudit(tx, { ...auditActor(user), action: "ecr.attachment_removed", entityType: "ecr", entityId: ecr.number, data: { attachmentId: id, fileName: found.fileName, sha256: found.sha256 } });
    return { removed: found.fileName };
  });
}

export async function getAttachment(db: DbOrTx, id: number) {
  const [row] = await db.select({ fileName: ecrAttachments.fileName, contentType: ecrAttachments.contentType, content: ecrAttachments.content }).from(ecrAttachments).where(eq(ecrAttachments.id, id));
  if (!row) throw new NotFoundError("That file is no longer attached.");
  return row;
}
