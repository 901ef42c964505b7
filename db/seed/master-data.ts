import { createHash } from "node:crypto";

import { hashPassword } from "@/server/auth/password";

import type { Db } from "../index";
import {
  areas,
  bomLines,
  documentRevisions,
  documents,
  downtimeReasons,
  lines,
  operationCharacteristics,
  partRevisionDocuments,
  partRevisions,
  parts,
  routingOperations,
  sites,
  sparkplugMappings,
  stations,
  telemetryMetrics,
  users,
} from "../schema";
import { areaDefs, demoPassword, downtimeReasonDefs, enterprise, partDefs, revisionDefs, userDefs, type OperationDef } from "./factory";

export interface MasterData {
  siteId: number;
  lineIds: Map<string, number>;
  stationIds: Map<string, number>;
  stationLine: Map<string, string>;
  partIds: Map<string, number>;
  /** "CP40-ASM/B" → revision id */
  revisionIds: Map<string, number>;
  userIds: Map<string, number>;
  metricIds: Map<string, number>;
  downtimeReasonIds: number[];
}

function sha256(content: Buffer) {
  return createHash("sha256").update(content).digest("hex");
}

function workInstruction(partNumber: string, revision: string, op: OperationDef) {
  const lines = [
    `# Work instruction ${partNumber} ${op.code}, revision ${revision}`,
    "",
    `Operation: ${op.description} (station ${op.station})`,
    "",
    ...op.installs.map((i, n) => `${n + 1}. Scan and fit ${i.qty} x ${i.partNumber}.`),
    ...op.characteristics.map((c) => `- Check ${c.name}: ${c.lsl ?? "-"} .. ${c.usl ?? "-"} ${c.unit}`),
    "",
    "Sign off the step on the station HMI.",
  ];
  return Buffer.from(lines.join("\n"), "utf8");
}

function stepFile(partNumber: string, revision: string) {
  return Buffer.from(
    [
      "ISO-10303-21;",
      "HEADER;",
      `FILE_DESCRIPTION(('${partNumber} rev ${revision} assembly'),'2;1');`,
      `FILE_NAME('${partNumber.toLowerCase()}_${revision}.stp','2026-01-01T00:00:00',('Acme Engineering'),('Acme Pumps'),'','','');`,
      "FILE_SCHEMA(('AP242_MANAGED_MODEL_BASED_3D_ENGINEERING_MIM_LF'));",
      "ENDSEC;",
      "DATA;",
      `#1=PRODUCT('${partNumber}','${partNumber}','',(#2));`,
      "#2=PRODUCT_CONTEXT('',#3,'mechanical');",
      "#3=APPLICATION_CONTEXT('managed model based 3d engineering');",
      "ENDSEC;",
      "END-ISO-10303-21;",
    ].join("\n"),
    "utf8",
  );
}

export async function seedMasterData(db: Db, releasedAt: Date): Promise<MasterData> {
  const [site] = await db.insert(sites).values({ enterprise: enterprise.code, code: enterprise.site.code, name: enterprise.site.name, timeZone: enterprise.site.timeZone }).returning();
  if (!site) throw new Error("site insert failed");

  const lineIds = new Map<string, number>();
  const stationIds = new Map<string, number>();
  const stationLine = new Map<string, string>();
  const metricNames = new Map<string, string>();
  for (const areaDef of areaDefs) {
    const [area] = await db.insert(areas).values({ siteId: site.id, code: areaDef.code, name: areaDef.name }).returning();
    for (const lineDef of areaDef.lines) {
      const [line] = await db.insert(lines).values({ areaId: area!.id, code: lineDef.code, name: lineDef.name, targetPerHour: lineDef.targetPerHour }).returning();
      lineIds.set(lineDef.code, line!.id);
      const inserted = await db
        .insert(stations)
        .values(lineDef.stations.map((s, i) => ({ lineId: line!.id, code: s.code, name: s.name, position: i + 1, idealCycleSeconds: s.idealCycleSeconds, expectedIntervalSeconds: 60, acceptedAt: releasedAt })))
        .returning();
      for (const s of inserted) {
        stationIds.set(s.code, s.id);
        stationLine.set(s.code, lineDef.code);
      }
      for (const s of lineDef.stations) for (const m of s.metrics) metricNames.set(m.name, m.unit);
    }
  }

  const metricRows = await db.insert(telemetryMetrics).values([...metricNames].map(([name, unit]) => ({ name, unit }))).returning();
  const metricIds = new Map(metricRows.map((m) => [m.name, m.id]));

  // P2 is connected through a Sparkplug B gateway; its ids are not ISA-95 paths.
  await db.insert(sparkplugMappings).values(
    [...stationIds].filter(([code]) => code.startsWith("P2-")).map(([code, id]) => ({ groupId: "acme-hamburg", edgeNodeId: "P2-gateway", deviceId: code, stationId: id })),
  );

  const passwordHash = await hashPassword(demoPassword);
  const userRows = await db.insert(users).values(userDefs.map((u) => ({ ...u, passwordHash }))).returning();
  const userIds = new Map(userRows.map((u) => [u.email, u.id]));

  const reasonRows = await db.insert(downtimeReasons).values(downtimeReasonDefs).returning();

  const partRows = await db
    .insert(parts)
    .values(partDefs.map((p) => ({ partNumber: p.partNumber, name: p.name, makeBuy: p.makeBuy, isSerialized: Boolean(p.serialPrefix), gtin: p.gtin ?? null })))
    .returning();
  const partIds = new Map(partRows.map((p) => [p.partNumber, p.id]));
  const revisionIds = new Map<string, number>();
  for (const p of partDefs.filter((p) => p.makeBuy === "buy")) {
    const [rev] = await db.insert(partRevisions).values({ partId: partIds.get(p.partNumber)!, revision: "A", status: "released", description: "Supplier part", releasedAt }).returning();
    revisionIds.set(`${p.partNumber}/A`, rev!.id);
  }

  for (const [partNumber, revisions] of Object.entries(revisionDefs)) {
    const partId = partIds.get(partNumber)!;
    for (const def of revisions) {
      const [rev] = await db
        .insert(partRevisions)
        .values({ partId, revision: def.revision, status: def.status, description: def.description, releasedAt: def.status === "draft" ? null : releasedAt })
        .returning();
      revisionIds.set(`${partNumber}/${def.revision}`, rev!.id);
      await db.insert(bomLines).values(def.bom.map((b, i) => ({ parentRevisionId: rev!.id, childPartId: partIds.get(b.partNumber)!, findNumber: (i + 1) * 10, qty: b.qty, referenceDesignator: b.refDes ?? null })));

      if (partNumber !== "MTR-075") {
        const cad = stepFile(partNumber, def.revision);
        const [doc] = await db.insert(documents).values({ documentNumber: `CAD-${partNumber}-${def.revision}`, title: `${partNumber} 3D model`, kind: "cad" }).returning();
        const [docRev] = await db
          .insert(documentRevisions)
          .values({ documentId: doc!.id, revision: def.revision, status: def.status === "draft" ? "draft" : "released", fileName: `${partNumber.toLowerCase()}_${def.revision}.stp`, contentType: "model/step", sha256: sha256(cad), content: cad })
          .returning();
        await db.insert(partRevisionDocuments).values({ partRevisionId: rev!.id, documentRevisionId: docRev!.id });
      }

      for (const [i, op] of def.routing.entries()) {
        const docNumber = `WI-${partNumber}-${op.code}`;
        const [doc] = await db.insert(documents).values({ documentNumber: docNumber, title: `${op.description} (${partNumber})`, kind: "work_instruction" }).onConflictDoNothing().returning();
        const documentId = doc?.id ?? (await db.query.documents.findFirst({ where: (d, { eq }) => eq(d.documentNumber, docNumber) }))!.id;
        const content = workInstruction(partNumber, def.revision, op);
        const [wi] = await db
          .insert(documentRevisions)
          .values({ documentId, revision: def.revision, status: def.status === "draft" ? "draft" : def.status, fileName: `${docNumber}-${def.revision}.md`, contentType: "text/markdown", sha256: sha256(content), content })
          .returning();
        const [routingOp] = await db
          .insert(routingOperations)
          .values({ partRevisionId: rev!.id, sequence: (i + 1) * 10, operationCode: op.code, description: op.description, lineId: lineIds.get(def.line)!, stationId: stationIds.get(op.station)!, workInstructionRevisionId: wi!.id })
          .returning();
        if (op.characteristics.length) {
          await db.insert(operationCharacteristics).values(op.characteristics.map((c) => ({ routingOperationId: routingOp!.id, name: c.name, unit: c.unit, lsl: c.lsl, usl: c.usl, nominal: c.nominal })));
        }
      }
    }
  }

  return { siteId: site.id, lineIds, stationIds, stationLine, partIds, revisionIds, userIds, metricIds, downtimeReasonIds: reasonRows.map((r) => r.id) };
}
