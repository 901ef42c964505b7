/** Kinds of evidence an ECR can link to; shared by the server schema and the browser form. */
export const evidenceKinds = ["unit", "lot", "measurement", "operation", "document"] as const;
