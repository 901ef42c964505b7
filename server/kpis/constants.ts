import type { StationState } from "@/db/schema";

/** Plain values shared with client components: nothing here may import runtime server code. */

export const kpiWindows = ["shift", "day", "week", "custom"] as const;
export type KpiWindow = (typeof kpiWindows)[number];

export const unitRecordKinds = ["first-pass-failures", "scrap", "rework"] as const;
export type UnitRecordKind = (typeof unitRecordKinds)[number];
/** Here, not in the client table: a server page that imports a value from a "use client" module gets a reference, not the value. */
export const unitKindTitles: Record<UnitRecordKind, string> = {
  "first-pass-failures": "Units that failed first time",
  scrap: "Scrapped units",
  rework: "Reworked units",
};

/** The states that cost availability: everything but running and planned stops. */
export const lossStates = ["IDLE", "DOWN", "BLOCKED", "STARVED", "SETUP"] as const satisfies readonly StationState[];
