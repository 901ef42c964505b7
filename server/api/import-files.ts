import { z } from "zod";

import { text } from "@/server/input";
import type { ImportFile } from "@/server/master-data/parse";

/** Files arrive as bytes from an upload route (app/api/master-data/import, app/api/work-orders/import); sizes and encodings are checked per file by the import. */
export const importFilesInput = z.object({
  files: z
    .array(z.object({ name: text(200).min(1), content: z.instanceof(Uint8Array) }))
    .min(1, "Choose at least one file.")
    .max(5, "An import has at most five files."),
});

export const decodeImportFiles = (input: z.infer<typeof importFilesInput>): ImportFile[] =>
  input.files.map((f) => ({ name: f.name, content: Buffer.from(f.content.buffer, f.content.byteOffset, f.content.byteLength) }));
