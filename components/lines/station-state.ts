import type { StationState } from "@/db/schema";

export type DisplayState = StationState | "NO_SIGNAL";

export const stateStyles: Record<DisplayState, { label: string; tile: string; dot: string }> = {
  RUNNING: { label: "Running", tile: "bg-state-running text-white", dot: "bg-state-running" },
  IDLE: { label: "Idle", tile: "bg-state-idle text-white", dot: "bg-state-idle" },
  DOWN: { label: "Down", tile: "bg-state-down text-white", dot: "bg-state-down" },
  BLOCKED: { label: "Blocked", tile: "bg-state-blocked text-white", dot: "bg-state-blocked" },
  STARVED: { label: "Starved", tile: "bg-state-starved text-white", dot: "bg-state-starved" },
  SETUP: { label: "Setup", tile: "bg-state-setup text-white", dot: "bg-state-setup" },
  PLANNED_STOP: { label: "Planned stop", tile: "bg-state-planned-stop text-white", dot: "bg-state-planned-stop" },
  NO_SIGNAL: { label: "No signal", tile: "bg-state-no-signal text-white", dot: "bg-state-no-signal" },
};

export function formatDuration(ms: number) {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
