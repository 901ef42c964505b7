export * from "./changes";
export * from "./engineering";
export * from "./equipment";
export * from "./governance";
export * from "./ingest";
export * from "./kpis";
export * from "./production";
export * from "./signals";
