/**
 * The text drawn in an uncompressed PDF as pdfkit writes it (hex strings in TJ
 * arrays, one array per line), for tests that check what an export says.
 */
export function extractPdfText(pdf: Buffer | Uint8Array) {
  const raw = Buffer.from(pdf).toString("latin1");
  const lines: string[] = [];
  for (const array of raw.matchAll(/\[((?:<[0-9a-fA-F]*>|\s|-?\d+(?:\.\d+)?)*)\]\s*TJ/g)) {
    const hex = [...(array[1] ?? "").matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => m[1] ?? "").join("");
    lines.push(Buffer.from(hex, "hex").toString("latin1"));
  }
  return lines.join("\n");
}
