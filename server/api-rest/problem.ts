import { z } from "zod";

/** RFC 9457 problem details, as every error of /api/v1 is answered (docs/api.md). */
export const problemSchema = z.object({
  type: z.string().describe("A URI naming the kind of problem"),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  issues: z.array(z.object({ path: z.array(z.union([z.string(), z.number()])), message: z.string(), code: z.string().optional() })).optional().describe("Each invalid input field, for bad input"),
});
export type Problem = z.infer<typeof problemSchema>;

const titles: Record<number, string> = {
  400: "Bad input",
  401: "Not authenticated",
  403: "Not allowed",
  404: "Not found",
  405: "Method not allowed",
  409: "Conflict",
  413: "Body too large",
  415: "Unsupported media type",
  429: "Too many requests",
  500: "Server error",
};

/** The type URI of a problem: a tag URI (RFC 4151) of ours, one per HTTP status. */
export function problemType(status: number) {
  return `tag:threadline,2026:problem/${(titles[status] ?? "error").toLowerCase().replaceAll(" ", "-")}`;
}

export function problemResponse(status: number, detail: string, extra: { issues?: Problem["issues"]; headers?: Record<string, string> } = {}) {
  const body: Problem = { type: problemType(status), title: titles[status] ?? "Error", status, detail, ...(extra.issues ? { issues: extra.issues } : {}) };
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/problem+json", "cache-control": "no-store", ...extra.headers } });
}
