import type { Metadata } from "next";
import Link from "next/link";

import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import { openApiDocument } from "@/server/api-rest/document";

export const metadata: Metadata = { title: "API reference" };

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: { type?: string; enum?: unknown[] };
}
interface Operation {
  summary?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, { type?: string; enum?: unknown[] }>; required?: string[] } }> };
}

function typeOf(schema: { type?: string; enum?: unknown[] } | undefined) {
  if (!schema) return "";
  return schema.enum ? schema.enum.join(" | ") : (schema.type ?? "");
}

/** The operations of /api/v1, read from the generated OpenAPI document (no scripts from elsewhere: the CSP forbids them). */
export default function ApiReferencePage() {
  const document = openApiDocument();
  const operations = Object.entries(document.paths ?? {}).flatMap(([path, methods]) => Object.entries(methods as Record<string, Operation>).map(([method, operation]) => ({ path, method, operation })));
  const tags = [...new Set(operations.map((o) => o.operation.tags?.[0] ?? "Other"))];
  return (
    <>
      <PageHeader
        title="API reference"
        description="The REST API under /api/v1 for ERP, MES and BI. Authenticate with Authorization: Bearer tl_… (administrators create tokens under Admin > API tokens). Errors are RFC 9457 problem details; POSTs take an Idempotency-Key."
        actions={
          <Link href="/api/openapi.json" className="text-sm text-sky-700 hover:underline" prefetch={false}>
            OpenAPI {document.openapi} document
          </Link>
        }
      />
      <div className="space-y-6">
        {tags.map((tag) => (
          <Card key={tag} title={tag} isFlush>
            <Table caption={`${tag} operations`}>
              <TableHeader columns={["Operation", "What it does", "Parameters and body"]} />
              <TableBody>
                {operations
                  .filter((o) => (o.operation.tags?.[0] ?? "Other") === tag)
                  .map(({ path, method, operation }) => {
                    const body = operation.requestBody?.content?.["application/json"]?.schema;
                    const fields = [
                      ...(operation.parameters ?? []).map((p) => ({ name: p.name, where: p.in, type: typeOf(p.schema), required: Boolean(p.required) })),
                      ...Object.entries(body?.properties ?? {}).map(([name, schema]) => ({ name, where: "body", type: typeOf(schema), required: body?.required?.includes(name) ?? false })),
                    ];
                    return (
                      <TableRow key={`${method} ${path}`}>
                        <TableCell className="align-top whitespace-nowrap">
                          <Badge tone={method === "get" ? "info" : "warning"}>{method.toUpperCase()}</Badge> <code className="text-xs">/api/v1{path}</code>
                        </TableCell>
                        <TableCell className="align-top text-sm">{operation.summary}</TableCell>
                        <TableCell className="align-top text-xs">
                          <ul className="space-y-0.5">
                            {fields.map((f) => (
                              <li key={`${f.where}:${f.name}`}>
                                <code>{f.name}</code> <span className="text-slate-500">({f.where}{f.type ? `, ${f.type}` : ""}{f.required ? ", required" : ""})</span>
                              </li>
                            ))}
                          </ul>
                        </TableCell>
                      </TableRow>
                    );
                  })}
              </TableBody>
            </Table>
          </Card>
        ))}
      </div>
    </>
  );
}
