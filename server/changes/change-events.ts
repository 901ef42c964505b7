import type { DbOrTx } from "@/db";
import { roleLabels, type Role } from "@/server/auth/roles";
import { emitEvent } from "@/server/events/emit";

/** Each time the roles an ECO waits for change, one event names them (docs/webhooks.md). */
export async function emitAwaitingSignature(tx: DbOrTx, eco: { number: string; title: string }, waitingFor: Role[], why: string) {
  if (!waitingFor.length) return;
  await emitEvent(tx, {
    type: "eco.awaiting_signature",
    summary: `${eco.number} "${eco.title}" waits for the signature of ${waitingFor.map((r) => roleLabels[r]).join(", ")} (${why}).`,
    link: `/changes/ecos/${eco.number}`,
    data: { eco: eco.number, title: eco.title, waitingFor, why },
  });
}
