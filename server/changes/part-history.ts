import { asc, eq, sql } from "drizzle-orm";

import type { DbOrTx } from "@/db";
import { ecos, partRevisions, parts } from "@/db/schema";
import { NotFoundError } from "@/server/errors";

/** Every revision of a part: status, which ECO drafted it, which released it and when, and what was built on it. */
export async function partHistory(db: DbOrTx, partNumber: string) {
  const [part] = await db.select().from(parts).where(eq(parts.partNumber, partNumber));
  if (!part) throw new NotFoundError(`No part has the number "${partNumber}".`);
  const revisions = await db
    .select({
      id: partRevisions.id,
      revision: partRevisions.revision,
      status: partRevisions.status,
      description: partRevisions.description,
      createdAt: partRevisions.createdAt,
      releasedAt: partRevisions.releasedAt,
      releasedBy: ecos.number,
      releasedByTitle: ecos.title,
      draftedIn: sql<string | null>`(select e.number from eco_revision_changes c join ecos e on e.id = c.eco_id where c.to_revision_id = ${partRevisions.id} limit 1)`,
      supersededBy: sql<string | null>`(select e.number from eco_revision_changes c join ecos e on e.id = c.eco_id where c.from_revision_id = ${partRevisions.id} and e.status = 'released' limit 1)`,
      units: sql<number>`(select count(*)::int from units u where u.part_revision_id = ${partRevisions.id})`,
      openWorkOrders: sql<string[]>`coalesce(array(select w.number from work_orders w where w.part_revision_id = ${partRevisions.id} and w.status in ('planned', 'released', 'in_progress') order by w.number), '{}')`,
    })
    .from(partRevisions)
    .leftJoin(ecos, eq(ecos.id, partRevisions.releasedByEcoId))
    .where(eq(partRevisions.partId, part.id))
    .orderBy(asc(partRevisions.revision));
  return { ...part, revisions };
}
