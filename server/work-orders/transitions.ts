import { workOrderStatusEnum, type WorkOrderStatus } from "@/db/schema";
import { can, type Permission, type Role } from "@/server/auth/roles";

/** Work order states and who moves them where (docs/work-orders.md); the server enforces it, the page offers the same buttons. */
export const workOrderStatuses = workOrderStatusEnum.enumValues;
export const workOrderActions = ["release", "hold", "resume", "close", "cancel"] as const;
export type WorkOrderAction = (typeof workOrderActions)[number];

export const transitions: Record<WorkOrderAction, { from: readonly WorkOrderStatus[]; to: WorkOrderStatus; permission: Permission; verb: string }> = {
  release: { from: ["planned"], to: "released", permission: "planWorkOrders", verb: "released" },
  hold: { from: ["released", "in_progress"], to: "on_hold", permission: "changeWorkOrders", verb: "put on hold" },
  resume: { from: ["on_hold"], to: "released", permission: "changeWorkOrders", verb: "resumed" },
  close: { from: ["released", "in_progress", "completed", "on_hold"], to: "closed", permission: "planWorkOrders", verb: "closed" },
  cancel: { from: ["planned", "released", "on_hold"], to: "cancelled", permission: "planWorkOrders", verb: "cancelled" },
};

/** What `role` may do to an order in `status` that has `units` units; an order with units is closed, not cancelled. */
export function availableActions(role: Role, status: WorkOrderStatus, units: number): WorkOrderAction[] {
  return workOrderActions.filter((action) => can(role, transitions[action].permission) && transitions[action].from.includes(status) && (action !== "cancel" || units === 0));
}
