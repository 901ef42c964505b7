/**
 * What an API token may be limited to (docs/api.md). A token without scopes may
 * call every /api/v1 operation its role allows; with scopes, only the operations
 * whose scope it holds, and still only what its role allows.
 */
export const apiScopes = ["work-orders:read", "work-orders:write", "traceability:read", "traceability:write", "lines:read", "kpis:read", "ingestion:read"] as const;
export type ApiScope = (typeof apiScopes)[number];
