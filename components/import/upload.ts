import type { RouterOutputs } from "@/server/api/root";

export type DryRunResult = RouterOutputs["masterData"]["dryRun"];
export type CommitResult = RouterOutputs["masterData"]["commit"];

export interface UploadProgress {
  label: string;
  /** 0..1 */
  fraction: number;
}

type Line<T> = { progress: { phase: string; done: number; total: number } } | { result: T } | { error: string };

/**
 * Sends the files to app/api/master-data/import. XMLHttpRequest rather than fetch: it reports how
 * much of the upload has gone, and hands over the streamed progress lines as they arrive.
 */
export function uploadImport<T extends DryRunResult | CommitResult>(mode: "dry-run" | "commit", files: File[], onProgress: (p: UploadProgress) => void): Promise<T> {
  const body = new FormData();
  for (const file of files) body.append("files", file);
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    let read = 0;
    let outcome: Line<T> | null = null;
    const readLines = () => {
      const end = xhr.responseText.lastIndexOf("\n") + 1;
      for (const text of xhr.responseText.slice(read, end).split("\n").filter(Boolean)) {
        const line = JSON.parse(text) as Line<T>;
        if ("progress" in line) onProgress({ label: line.progress.phase, fraction: line.progress.total ? line.progress.done / line.progress.total : 0 });
        else outcome = line;
      }
      read = end;
    };
    xhr.upload.onprogress = (e) => onProgress({ label: "Uploading", fraction: e.lengthComputable ? e.loaded / e.total : 0 });
    xhr.onprogress = readLines;
    xhr.onload = () => {
      if (xhr.status !== 200) return reject(new Error(xhr.responseText || `The upload failed (HTTP ${xhr.status}).`));
      readLines();
      const last = outcome;
      if (last && "result" in last) resolve(last.result);
      else reject(new Error(last && "error" in last ? last.error : "The server ended the answer early."));
    };
    xhr.onerror = () => reject(new Error("The upload did not reach the server; check the connection and try again."));
    xhr.open("POST", `/api/master-data/import?mode=${mode}`);
    xhr.send(body);
  });
}
