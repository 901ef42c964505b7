import { and, eq, inArray, isNull } from "drizzle-orm";

import { one, type Db } from "@/db";
import { ecoApprovals, ecoRevisionChanges, ecos, lineNotices, lines, partRevisions, routingOperations, stations, units, workOrders } from "@/db/schema";
import { appendAudit, auditActor } from "@/server/audit/audit-log";
import { roleLabels, type SessionUser } from "@/server/auth/roles";
import { ConflictError, NotFoundError } from "@/server/errors";
import { emitEvent } from "@/server/events/emit";
import { notifyRealtime } from "@/server/realtime/notify";

import { currentEcoHash } from "./eco-content";
import { computeImpact } from "./impact";
import { releaseWorkInstructions } from "./revisions";

export type ReleaseStep = "revisions" | "workOrders" | "units" | "notices";

export interface ReleaseHooks {
  /** Called after each step inside the transaction; tests throw here to prove nothing is half-released. */
  afterStep?: (step: ReleaseStep) => Promise<void> | void;
}

/**
 * One transaction: new revisions released and old ones superseded, affected
 * open work orders moved to the new revision, units in progress flagged for
 * disposition, a notice per affected line. Any failure rolls all of it back.
 */
export async function releaseEco(db: Db, user: SessionUser, number: string, hooks: ReleaseHooks = {}) {
  const afterStep = hooks.afterStep ?? (() => undefined);
  return db.transaction(async (tx) => {
    const [eco] = await tx.select().from(ecos).where(eq(ecos.number, number)).for("update");
    if (!eco) throw new NotFoundError(`No change order has the number "${number}".`);
    if (eco.status === "released") throw new ConflictError(`${eco.number} was already released.`);

    const contentHash = await currentEcoHash(tx, eco.id);
    const valid = await tx.select().from(ecoApprovals).where(and(eq(ecoApprovals.ecoId, eco.id), isNull(ecoApprovals.voidedAt), eq(ecoApprovals.decision, "approved"), eq(ecoApprovals.contentHash, contentHash)));
    const missing = eco.requiredRoles.filter((r) => !valid.some((s) => s.role === r));
    if (missing.length) throw new ConflictError(`${eco.number} cannot be released: it still needs the signature of ${missing.map((r) => roleLabels[r]).join(" and ")}.`);
    if (eco.status !== "approved") throw new ConflictError(`${eco.number} is ${eco.status.replace("_", " ")}; only an approved change is released.`);

    const changes = await tx
      .select({ change: ecoRevisionChanges, to: partRevisions })
      .from(ecoRevisionChanges)
      .innerJoin(partRevisions, eq(partRevisions.id, ecoRevisionChanges.toRevisionId))
      .where(eq(ecoRevisionChanges.ecoId, eco.id));
    if (changes.length === 0) throw new ConflictError(`${eco.number} changes no part; there is nothing to release.`);
    // The impact is computed before the revisions move, on the same snapshot the board saw.
    const impact = await computeImpact(tx, eco);
    const now = new Date();

    for (const { change, to } of changes) {
      if (to.status !== "draft") throw new ConflictError(`${eco.number}: revision ${to.revision} is already ${to.status}.`);
      const [current] = await tx.select().from(partRevisions).where(and(eq(partRevisions.partId, to.partId), eq(partRevisions.status, "released"))).for("update");
      if ((current?.id ?? null) !== change.fromRevisionId) {
        throw new ConflictError(`${eco.number} was written against revision ${change.fromRevisionId ? "that is no longer released" : "none"}; another change released revision ${current?.revision ?? "?"} meanwhile. Revise the ECO first.`);
      }
      if (current) await tx.update(partRevisions).set({ status: "superseded" }).where(eq(partRevisions.id, current.id));
      await tx.update(partRevisions).set({ status: "released", releasedAt: now, releasedByEcoId: eco.id }).where(eq(partRevisions.id, to.id));
      await releaseWorkInstructions(tx, to.id, change.fromRevisionId);
    }
    await afterStep("revisions");

    const movedOrders = impact.flatMap((p) => p.workOrders.map((w) => ({ ...w, partNumber: p.partNumber, toRevisionId: p.toRevisionId, toRevision: p.toRevision })));
    for (const p of impact) {
      const ids = p.workOrders.map((w) => w.id);
      if (ids.length) await tx.update(workOrders).set({ partRevisionId: p.toRevisionId }).where(inArray(workOrders.id, ids));
    }
    await afterStep("workOrders");

    const flagged = impact.flatMap((p) => p.unitsInProgress);
    if (flagged.length) await tx.update(units).set({ needsDisposition: true }).where(inArray(units.id, flagged.map((u) => u.id)));
    await afterStep("units");

    // Lines that build the changed parts, and lines whose work orders moved.
    const routingLines = await tx
      .selectDistinct({ lineId: routingOperations.lineId })
      .from(routingOperations)
      .where(inArray(routingOperations.partRevisionId, changes.map((c) => c.to.id)));
    const lineIds = [...new Set([...movedOrders.map((w) => w.lineId), ...routingLines.flatMap((r) => (r.lineId ? [r.lineId] : []))])];
    const notices = [];
    for (const lineId of lineIds) {
      const orders = movedOrders.filter((w) => w.lineId === lineId);
      const onLine = flagged.filter((u) => orders.some((w) => w.number === u.workOrder));
      const revisions = impact.map((p) => `${p.partNumber} rev ${p.toRevision}`).join(", ");
      const message = [
        `${eco.number} released: build ${revisions}.`,
        orders.length ? `Work order(s) ${orders.map((w) => w.number).join(", ")} now use the new revision.` : "",
        onLine.length ? `${onLine.length} unit(s) in progress need disposition: ${onLine.slice(0, 10).map((u) => u.serial).join(", ")}${onLine.length > 10 ? ", …" : ""}.` : "",
      ]
        .filter(Boolean)
        .join(" ");
      notices.push(one(await tx.insert(lineNotices).values({ lineId, ecoId: eco.id, message }).returning()));
    }
    if (lineIds.length) {
      const stationRows = await tx.select({ id: stations.id }).from(stations).innerJoin(lines, eq(lines.id, stations.lineId)).where(inArray(lines.id, lineIds));
      await notifyRealtime(tx, "notice", stationRows.map((s) => s.id));
    }
    await afterStep("notices");

    const released = one(await tx.update(ecos).set({ status: "released", releasedAt: now, updatedAt: now }).where(eq(ecos.id, eco.id)).returning());
    await appendAudit(tx, {
      ...auditActor(user),
      action: "eco.released",
      entityType: "eco",
      entityId: eco.number,
      data: {
        contentHash,
        revisions: impact.map((p) => `${p.partNumber}/${p.toRevision}`),
        workOrders: movedOrders.map((w) => `${w.number}: ${w.partNumber} rev ${w.revision} → ${w.toRevision}`),
        needsDisposition: flagged.map((u) => u.serial),
        lineNotices: notices.map((n) => n.id),
      },
    });
    await emitEvent(tx, {
      type: "eco.released",
      summary: `${eco.number} "${eco.title}" was released by ${user.name}: ${impact.map((p) => `${p.partNumber} rev ${p.toRevision}`).join(", ")}.`,
      link: `/changes/ecos/${eco.number}`,
      data: { eco: eco.number, title: eco.title, revisions: impact.map((p) => `${p.partNumber}/${p.toRevision}`), workOrders: movedOrders.map((w) => w.number), needsDisposition: flagged.map((u) => u.serial) },
    });
    return { eco: released, workOrders: movedOrders.map((w) => w.number), needsDisposition: flagged.map((u) => u.serial), notices: notices.length };
  });
}
