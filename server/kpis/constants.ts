import type { StationState } from "@/db/schema";

/** Plain values shared with client components: nothing here may import runtime server code. */

export const kpiWindows = ["shift", "day", "week", "custom"] as const;
export type KpiWindow = (typeof kpiWindows)[number];

export const unitRecordKinds = ["first-pass-failures", "scrap", "rework"] as const;
export type UnitRecordKind = (typeof unitRecordKinds)[number];

/** The states that cost availability: everything but running and planned stops. */
export const lossStates = ["IDLE", "DOWN", "BLOCKED", "STARVED", "SETUP"] as const satisfies readonly StationState[];
