import { formatTime } from "@/components/ui/format";

interface ShiftInfo {
  name: string;
  start: Date;
  end: Date;
  isCurrent: boolean;
}

/** "Early shift 06:00–14:00", or outside shifts "No shift now · last: Late 14:00–22:00" (docs/equipment.md "Shift calendars"). */
export function describeShift(shift: ShiftInfo | null, timeZone: string) {
  if (!shift) return "No shift";
  const span = `${formatTime(shift.start, timeZone)}–${formatTime(shift.end, timeZone)}`;
  return shift.isCurrent ? `${shift.name} shift ${span}` : `No shift now · last: ${shift.name} ${span}`;
}
