import type { Role } from "@/db/schema";
import { can } from "@/server/auth/roles";
import { subscribableEventTypes, type EventType } from "@/server/events/catalog";

const adminAlerts: readonly EventType[] = ["dead_letters.spike", "worker.down", "webhook.failing"];
const holds: readonly EventType[] = ["unit.held", "unit.released", "lot.held", "lot.released"];

/**
 * Whether a role may be told of this kind of event at all (docs/roles.md): holds need
 * traceability, signature requests a board role, the ingestion and webhook alerts are
 * for administrators; line status and changes are read by everyone.
 */
export function mayReceive(role: Role, type: EventType): boolean {
  if (adminAlerts.includes(type)) return role === "admin";
  if (holds.includes(type)) return can(role, "traceability") || can(role, "holdRelease");
  if (type === "eco.awaiting_signature") return can(role, "signChanges");
  return true;
}

/** The kinds of event a role may follow, for its preferences page. */
export function receivableTypes(role: Role): EventType[] {
  // A webhook's test event never goes to people.
  return subscribableEventTypes.filter((type) => mayReceive(role, type));
}

/** What a person follows before they choose (docs/notifications.md): requests to act, never the line alarms. */
export function defaultEventTypes(role: Role): EventType[] {
  return receivableTypes(role).filter((type) => type === "eco.awaiting_signature" || adminAlerts.includes(type));
}
