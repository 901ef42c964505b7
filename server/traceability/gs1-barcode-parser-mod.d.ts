declare module "gs1-barcode-parser-mod" {
  interface ParsedCodeItem {
    ai: string;
    dataTitle: string;
    data: string | number | Date;
    unit: string;
    isoDate: string;
    raw?: string;
  }
  function parseBarcode(barcode: string): { codeName: string; parsedCodeItems: ParsedCodeItem[] };
  const gs1: { parseBarcode: typeof parseBarcode };
  export default gs1;
  export { parseBarcode };
}
