import gs1 from "gs1-barcode-parser-mod";

const GROUP_SEPARATOR = String.fromCharCode(29);

/** What a keyboard-wedge scanner or a person may type for the FNC1 group separator. */
const separatorStandIn = /\\x1d|\\u001d|<GS>|\{GS\}|\[GS\]|␝/i;

export interface Gs1Element {
  ai: string;
  title: string;
  value: string;
}

export interface Gs1Reading {
  codeName: string;
  elements: Gs1Element[];
  gtin: string | null;
  serial: string | null;
  lot: string | null;
  productionDate: string | null;
  expiryDate: string | null;
}

/** Starts like a barcode rather than an identifier: "(01)…", a symbology identifier "]C1…", or contains a separator. */
export function looksLikeGs1(input: string) {
  return /^\(\d{2,4}\)/.test(input) || /^\][A-Za-z]\d/.test(input) || input.includes(GROUP_SEPARATOR) || separatorStandIn.test(input);
}

function normalise(input: string) {
  let text = input.trim().replace(new RegExp(separatorStandIn.source, "gi"), GROUP_SEPARATOR);
  // Some scanners send the leading FNC1 after the symbology identifier; the parser expects it implied.
  const symbology = /^\][A-Za-z]\d/.exec(text)?.[0] ?? "";
  text = symbology + text.slice(symbology.length).replace(new RegExp(`^${GROUP_SEPARATOR}+`), "");
  return text.replace(new RegExp(`${GROUP_SEPARATOR}+$`), "");
}

/**
 * Reads a GS1 element string (human-readable with parentheses, raw with FNC1/GS
 * separators, with or without a symbology identifier) with the maintained
 * parser; null when it is not one.
 */
export function readGs1(input: string): Gs1Reading | null {
  let parsed: ReturnType<typeof gs1.parseBarcode>;
  try {
    parsed = gs1.parseBarcode(normalise(input));
  } catch {
    return null;
  }
  const items = parsed.parsedCodeItems;
  if (items.length === 0) return null;
  const elements = items.map((item) => ({ ai: item.ai, title: item.dataTitle, value: item.isoDate || String(item.raw ?? item.data) }));
  const find = (ai: string) => elements.find((e) => e.ai === ai)?.value ?? null;
  return { codeName: parsed.codeName || "GS1 element string", elements, gtin: find("01"), serial: find("21"), lot: find("10"), productionDate: find("11"), expiryDate: find("17") };
}
