import PDFDocument from "pdfkit";

import type { AsBuiltRecord } from "./as-built-record";

const MARGIN = 40;

/** The standard PDF fonts only know WinAnsi: spell out what they cannot draw. */
function text(value: string | number | null | undefined) {
  if (value === null || value === undefined || value === "") return "-";
  return String(value)
    .replace(/Ω/g, "Ohm")
    .replace(/→/g, "->")
    .replace(/≤/g, "<=")
    .replace(/≥/g, ">=")
    .replace(/…/g, "...")
    .replace(/[^\x20-\x7e\u00a0-\u00ff·–—‘’“”•]/g, "?");
}

function limits(m: { lsl: number | null; usl: number | null }) {
  if (m.lsl === null && m.usl === null) return "-";
  return `${m.lsl ?? "-"} .. ${m.usl ?? "-"}`;
}

export interface PdfMeta {
  generatedBy: string;
  generatedAt: Date;
}

/**
 * A device history record a customer or auditor can read: who built the
 * unit, where, when, with what, how it measured, and against which design.
 * Uncompressed, so the text stays searchable in the raw file.
 */
export function renderDeviceHistoryPdf(record: AsBuiltRecord, meta: PdfMeta): Promise<Buffer> {
  const { unit, timeZone } = record;
  const when = (d: Date | null) => (d ? new Intl.DateTimeFormat("en-GB", { timeZone, dateStyle: "medium", timeStyle: "medium" }).format(d) : "-");
  const doc = new PDFDocument({ size: "A4", margin: MARGIN, compress: false, bufferPages: true, info: { Title: `Device history record ${unit.serial}`, Subject: `${unit.partNumber} rev ${unit.revision}`, Author: "Threadline", Keywords: unit.serial } });
  const chunks: Buffer[] = [];
  doc.on("data", (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const width = doc.page.width - 2 * MARGIN;

  const heading = (title: string) => {
    if (doc.y > doc.page.height - 120) doc.addPage();
    doc.moveDown(0.6).font("Helvetica-Bold").fontSize(12).fillColor("#0f172a").text(title, MARGIN, doc.y, { width });
    doc.moveTo(MARGIN, doc.y + 1).lineTo(MARGIN + width, doc.y + 1).strokeColor("#cbd5e1").stroke();
    doc.moveDown(0.3).font("Helvetica").fontSize(9);
  };
  const line = (value: string, options: { indent?: number; bold?: boolean; colour?: string } = {}) => {
    doc.font(options.bold ? "Helvetica-Bold" : "Helvetica").fillColor(options.colour ?? "#0f172a").text(text(value), MARGIN + (options.indent ?? 0), doc.y, { width: width - (options.indent ?? 0) });
  };

  doc.font("Helvetica-Bold").fontSize(18).text("Device History Record", MARGIN, MARGIN);
  doc.font("Helvetica").fontSize(9).fillColor("#475569").text(`Generated ${when(meta.generatedAt)} (${timeZone}) by ${text(meta.generatedBy)} from Threadline`);
  doc.moveDown(0.8).fillColor("#0f172a");
  const facts: [string, string][] = [
    ["Serial number", unit.serial],
    ["Part", `${unit.partNumber} rev ${unit.revision} - ${unit.partName}`],
    ["GTIN", unit.gtin ?? "-"],
    ["Work order", unit.workOrder ?? "-"],
    ["Line", unit.line ? `${unit.line} - ${unit.lineName ?? ""}` : "-"],
    ["Status", unit.status.replace("_", " ")],
    ["Started", when(unit.startedAt)],
    ["Finished", when(unit.completedAt)],
  ];
  for (const [label, value] of facts) {
    const y = doc.y;
    doc.font("Helvetica-Bold").fontSize(10).text(label, MARGIN, y, { width: 110 });
    doc.font("Helvetica").text(text(value), MARGIN + 115, y, { width: width - 115 });
  }
  if (record.containedIn.length) line(`Installed in: ${record.containedIn.map((p) => `${p.serial}${p.isRemoved ? " (removed)" : ""}`).join(", ")}`);

  heading(`Process route (${record.steps.length} steps)`);
  for (const step of record.steps) {
    const rework = step.isRework ? "  [REWORK]" : "";
    line(`${step.operationCode}  ${step.result}  attempt ${step.attempt}${rework}   station ${step.station}   operator ${step.operator ?? "-"}   ${when(step.startedAt)} -> ${when(step.endedAt)}`, { bold: true, colour: step.result === "PASS" ? "#0f172a" : "#b91c1c" });
    if (step.workInstruction) line(`Work instruction ${step.workInstruction.documentNumber} rev ${step.workInstruction.revision ?? "-"}`, { indent: 14, colour: "#475569" });
    for (const m of step.measurements) {
      line(`${m.name}: ${m.value} ${m.unit ?? ""}   limits ${limits(m)}   ${m.isPass ? "pass" : "OUT OF LIMIT"}`, { indent: 14, colour: m.isPass ? "#0f172a" : "#b91c1c" });
    }
    for (const a of step.alarms) line(`Alarm ${a.code} (${a.severity}) ${a.message}: ${when(a.raisedAt)} -> ${when(a.clearedAt)}`, { indent: 14, colour: "#b45309" });
    for (const t of step.telemetry) {
      const values = t.points.map((p) => p.value);
      line(`${t.metric}: ${values.length} samples, min ${Math.min(...values)} max ${Math.max(...values)} ${t.unit ?? ""}`, { indent: 14, colour: "#475569" });
    }
    doc.moveDown(0.2);
  }

  heading("Components (as built)");
  if (record.genealogy.length === 0) line("Nothing installed.");
  for (const g of record.genealogy) {
    const what = g.childSerial ? `serial ${g.childSerial} rev ${g.childRevision ?? "-"}` : g.lotNumber ? `lot ${g.lotNumber} (${g.supplier ?? "-"}, received ${when(g.receivedAt)})` : "unidentified";
    const removed = g.removedAt ? `   REMOVED ${when(g.removedAt)}: ${g.removalReason ?? "no reason"}` : "";
    line(`${g.partNumber} x ${g.qty}  ${what}  ${g.operationCode ?? ""} ${when(g.installedAt)}${removed}`, { indent: (g.depth - 1) * 14, colour: g.removedAt ? "#64748b" : "#0f172a" });
  }

  heading(`As designed (BOM ${unit.partNumber} rev ${unit.revision}) vs as built`);
  for (const row of record.bomComparison) {
    line(`${row.findNumber ?? "--"}  ${row.partNumber}  designed ${row.designedQty}  installed ${row.installedQty}  ${row.flag.toUpperCase()}${row.note ? ` - ${row.note}` : ""}`, { colour: row.flag === "ok" ? "#0f172a" : "#b91c1c" });
  }

  heading("Engineering changes and work instructions");
  if (record.ecos.length === 0) line("No ECO introduced or changes this revision.");
  for (const eco of record.ecos) line(`${eco.number} ${eco.title} (${eco.status}; ${eco.relation}; effectivity ${eco.effectivity} ${eco.effectivityValue})`);
  for (const op of record.routing) line(`${op.operationCode} ${op.description}: ${op.documentNumber ?? "-"} rev ${op.documentRevision ?? "-"} (sha256 ${op.sha256?.slice(0, 16) ?? "-"})`);

  heading("Review");
  doc.moveDown(1);
  line("Reviewed by: ______________________________     Date: ______________     Signature: ______________________");

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    // Writing below the bottom margin would otherwise start a new page.
    doc.page.margins.bottom = 0;
    doc.font("Helvetica").fontSize(8).fillColor("#64748b").text(`${unit.serial} - Device history record - page ${i + 1} of ${range.count}`, MARGIN, doc.page.height - MARGIN + 10, { width, align: "center", lineBreak: false });
  }
  doc.end();
  return done;
}
