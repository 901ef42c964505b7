/** What each KPI means and how it is computed (docs/kpis.md, ISO 22400-2), shown next to the figure. */
export const kpiDefinitions = {
  firstPassYield: {
    name: "First-pass yield",
    formula: "units passing every operation at the first attempt / units started",
    note: "Units count when they leave the line (complete or scrapped) in the window. For one station: first attempts that pass / first attempts.",
  },
  rolledThroughputYield: {
    name: "Rolled throughput yield",
    formula: "Π over the line's stations of (first attempts passed / first attempts)",
    note: "The chance that a unit goes through the whole line without any rework. Shown for a single line.",
  },
  oee: {
    name: "OEE",
    formula: "availability × performance × quality rate",
    note: "Overall equipment effectiveness, ISO 22400-2.",
  },
  availability: {
    name: "Availability",
    formula: "actual production time (RUNNING) / planned busy time (all recorded time except PLANNED_STOP)",
    note: "From station state intervals; the part filter does not apply to state time.",
  },
  performance: {
    name: "Performance",
    formula: "ideal cycle time × produced quantity / actual production time",
    note: "Counted only for hours in which the station reported its state.",
  },
  quality: {
    name: "Quality rate",
    formula: "good quantity / produced quantity",
    note: "Line: units finished that were not scrapped. Station: steps that passed / all steps.",
  },
  scrapRatio: {
    name: "Scrap ratio",
    formula: "scrap quantity / produced quantity",
    note: "Line: scrapped units / units finished. Station: SCRAP steps / all steps.",
  },
  reworkRatio: {
    name: "Rework ratio",
    formula: "rework quantity / produced quantity",
    note: "Line: units with a repeated operation / units finished. Station: FAIL steps (sent to rework) / all steps.",
  },
  mtbf: {
    name: "MTBF",
    formula: "actual production time (RUNNING) / number of DOWN events",
    note: "Mean time between failures, from DOWN intervals that started in the window.",
  },
  mttr: {
    name: "MTTR",
    formula: "total DOWN time / number of DOWN events",
    note: "Mean time to repair.",
  },
  ecrCycleTime: {
    name: "ECR cycle time",
    formula: "ECO released at − ECR submitted at (mean, median)",
    note: "For ECRs whose first implementing ECO was released in the window; the part filter uses the ECR's affected parts.",
  },
  throughput: {
    name: "Throughput",
    formula: "good quantity / elapsed hours of the window",
    note: "Good units per hour.",
  },
} as const;

export type KpiKey = keyof typeof kpiDefinitions;
