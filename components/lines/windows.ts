/** Window choices of the line and station pages, shared by the server pages and their client views. */
export const lineWindows = [
  { label: "Shift", hours: null },
  { label: "8 h", hours: 8 },
  { label: "24 h", hours: 24 },
  { label: "7 days", hours: 168 },
] as const;

export const stationWindows = [
  { label: "1 h", hours: 1 },
  { label: "8 h", hours: 8 },
  { label: "24 h", hours: 24 },
  { label: "7 days", hours: 168 },
  { label: "30 days", hours: 720 },
] as const;
