import type { Problem } from "@/server/master-data/formats";

/** What every import's dry run answers (server/master-data/import.ts, importOutcome). */
export interface DryRunResult<S> {
  problems: Problem[];
  problemCount: number;
  summary: S | null;
  isUnchanged: boolean;
}

export interface CommitResult<S> {
  isUnchanged: boolean;
  summary: S;
}

export interface UploadProgress {
  label: string;
  /** 0..1 */
  fraction: number;
}

type Line<T> = { progress: { phase: string; done: number; total: number } } | { result: T } | { error: string };

/**
 * Sends the files to an import's upload route (server/http/import-upload.ts). XMLHttpRequest rather
 * than fetch: it reports how much of the upload has gone, and hands over the streamed progress lines as they arrive.
 */
export function uploadImport<T>(endpoint: string, mode: "dry-run" | "commit", files: File[], onProgress: (p: UploadProgress) => void): Promise<T> {
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
    xhr.open("POST", `${endpoint}?mode=${mode}`);
    xhr.send(body);
  });
}
