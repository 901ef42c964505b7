import { createHash } from "node:crypto";

import { expect, test } from "@playwright/test";

import { createSqlClient } from "@/db";
import { MAX_ATTACHMENT_BYTES } from "@/server/changes/attachment-limits";

import { e2eEnvironment } from "../fixtures/environment";
import { portalOrigin, startForeignSite } from "../fixtures/foreign-site";
import { signIn } from "../fixtures/users";

/** Runs one query on the e2e database. */
async function query<T extends Record<string, unknown>>(text: string, ...params: (string | number)[]) {
  const sql = createSqlClient(e2eEnvironment().databaseUrl, { max: 1 });
  try {
    return await sql.unsafe<T[]>(text, params);
  } finally {
    await sql.end();
  }
}

async function openEcr() {
  const [ecr] = await query<{ number: string; id: number }>("select number, id from ecrs where status in ('draft', 'submitted', 'in_review') order by id limit 1");
  if (!ecr) throw new Error("the e2e seed has no open ECR");
  return ecr;
}

const attachmentCount = async (ecrId: number) => Number((await query<{ n: string }>("select count(*) as n from ecr_attachments where ecr_id = $1", ecrId))[0]!.n);

test("a page on another port of the same host cannot plant an attachment through an auto-submitted form", async ({ page }) => {
  await signIn(page, "engineer");
  const ecr = await openEcr();
  const before = await attachmentCount(ecr.id);
  const action = `${portalOrigin()}/api/changes/ecrs/${encodeURIComponent(ecr.number)}/attachments`;
  const site = await startForeignSite(`<!doctype html>
    <form method="post" enctype="multipart/form-data" action="${action}"><input type="file" name="file"></form>
    <script>
      const files = new DataTransfer();
      files.items.add(new File(["<h1>planted</h1>"], "planted.html", { type: "text/html" }));
      document.querySelector("input").files = files.files;
      document.forms[0].submit();
    </script>`);
  try {
    const [upload] = await Promise.all([page.waitForResponse((r) => r.url() === action), page.goto(site.url)]);
    expect(upload.status()).toBe(403);
    await expect(page.locator("body")).toContainText("Changes are accepted only from the portal's own pages.");
  } finally {
    await site.close();
  }
  expect(await attachmentCount(ecr.id)).toBe(before);
});

test("a tRPC mutation with the victim's cookie but a foreign Origin or Sec-Fetch-Site is refused with 403", async ({ page }) => {
  await signIn(page, "engineer");
  const title = `Planted by another origin ${Date.now()}`;
  const body = { json: { title, problem: "A change request nobody in the portal asked for.", reason: "defect", priority: "low" } };
  const countPlanted = async () => (await query("select 1 from ecrs where title = $1", title)).length;

  for (const headers of <Record<string, string>[]>[{ origin: "http://evil.example" }, { origin: "http://localhost:1" }, { origin: "null" }, { "sec-fetch-site": "same-site" }, { "sec-fetch-site": "cross-site" }]) {
    const response = await page.request.post("/api/trpc/changes.createEcr", { headers, data: body });
    expect(response.status(), JSON.stringify(headers)).toBe(403);
    expect(await response.text()).toContain("Changes are accepted only from the portal's own pages.");
  }
  expect(await countPlanted()).toBe(0);

  // The portal's own pages (and programs that send neither header) still get through.
  const own = await page.request.post("/api/trpc/changes.createEcr", { headers: { origin: portalOrigin(), "sec-fetch-site": "same-origin" }, data: body });
  expect(own.status()).toBe(200);
  expect(await countPlanted()).toBe(1);
});

test("an attachment of the largest size still arrives whole through the proxy", async ({ page }) => {
  await signIn(page, "engineer");
  const ecr = await openEcr();
  const content = Buffer.alloc(MAX_ATTACHMENT_BYTES, 7);
  const response = await page.request.post(`/api/changes/ecrs/${encodeURIComponent(ecr.number)}/attachments`, {
    headers: { origin: portalOrigin() },
    multipart: { file: { name: "largest.bin", mimeType: "application/octet-stream", buffer: content } },
  });
  expect(response.status(), await response.text()).toBe(201);
  const { id } = (await response.json()) as { id: number };
  const [stored] = await query<{ size: number; sha256: string }>("select size_bytes as size, sha256 from ecr_attachments where id = $1", id);
  expect(stored).toEqual({ size: MAX_ATTACHMENT_BYTES, sha256: createHash("sha256").update(content).digest("hex") });
});
