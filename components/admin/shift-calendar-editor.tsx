"use client";

import { useMutation } from "@tanstack/react-query";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState, type FormEvent, type ReactNode } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input } from "@/components/ui/field";
import { SubmitRow } from "@/components/ui/submit-row";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { RouterOutputs } from "@/server/api/root";

type Calendar = RouterOutputs["equipment"]["shiftCalendar"];
type Shift = Calendar["shifts"][number];
type PlannedStop = Calendar["plannedStops"][number];
type Holiday = Calendar["holidays"][number];

const weekdayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const workdays = [1, 2, 3, 4, 5];

/** A list of rows the editor changes one field at a time. */
function useRows<T>(initial: T[]) {
  const [rows, setRows] = useState(initial);
  return {
    rows,
    setRows,
    add: (row: T) => setRows((r) => [...r, row]),
    remove: (index: number) => setRows((r) => r.filter((_, i) => i !== index)),
    change: (index: number, patch: Partial<T>) => setRows((r) => r.map((row, i) => (i === index ? { ...row, ...patch } : row))),
  };
}

function WeekdayPicker({ label, value, onChange }: { label: string; value: number[]; onChange: (days: number[]) => void }) {
  return (
    <fieldset className="flex flex-wrap gap-x-2 gap-y-1" aria-label={`${label} weekdays`}>
      {weekdayNames.map((name, i) => (
        <label key={name} className="flex items-center gap-1 text-xs text-slate-700">
          <Input type="checkbox" checked={value.includes(i + 1)} onChange={(e) => onChange(e.target.checked ? [...value, i + 1].sort((a, b) => a - b) : value.filter((d) => d !== i + 1))} />
          {name}
        </label>
      ))}
    </fieldset>
  );
}

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <Button variant="ghost" size="xs" aria-label={`Remove ${label}`} onClick={onClick}>
      <Trash2 className="size-3.5" aria-hidden="true" />
    </Button>
  );
}

function RowsCard({ title, description, addLabel, onAdd, columns, isEmpty, empty, children }: { title: string; description: string; addLabel: string; onAdd: () => void; columns: string[]; isEmpty: boolean; empty: ReactNode; children: ReactNode }) {
  return (
    <Card
      title={title}
      description={description}
      isFlush
      actions={
        <Button size="sm" variant="secondary" onClick={onAdd}>
          {addLabel}
        </Button>
      }
    >
      {isEmpty ? (
        <p className="px-4 py-3 text-sm text-slate-600">{empty}</p>
      ) : (
        <Table caption={title}>
          <TableHeader columns={columns} />
          <TableBody>{children}</TableBody>
        </Table>
      )}
    </Card>
  );
}

/** A line's shift pattern, planned stops and holidays, saved as a whole; the server checks it (docs/equipment.md "Shift calendars"). */
export function ShiftCalendarEditor({ calendar }: { calendar: Calendar }) {
  const trpc = useTRPC();
  const router = useRouter();
  const shifts = useRows<Shift>(calendar.shifts);
  const stops = useRows<PlannedStop>(calendar.plannedStops);
  const holidays = useRows<Holiday>(calendar.holidays);
  const save = useMutation(trpc.equipment.saveShiftCalendar.mutationOptions({ onSuccess: () => router.refresh() }));
  const zone = calendar.line.timeZone;

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    save.mutate({ lineId: calendar.line.id, shifts: shifts.rows, plannedStops: stops.rows, holidays: holidays.rows });
  }

  return (
    <form aria-label="Shift calendar" className="space-y-6" onSubmit={onSubmit}>
      <RowsCard
        title="Shift pattern"
        description={`Local times in ${zone}. An end before the start ends the next morning (an overnight shift); shifts may not overlap.`}
        addLabel="Add shift"
        onAdd={() => shifts.add({ name: "", start: "06:00", end: "14:00", weekdays: workdays })}
        columns={["Name", "Start", "End", "Starts on", ""]}
        isEmpty={shifts.rows.length === 0}
        empty={
          <>
            No pattern of its own: the line works the default three shifts, Early 06:00–14:00, Late 14:00–22:00 and Night 22:00–06:00, every day.{" "}
            <Button size="xs" variant="secondary" onClick={() => shifts.setRows(calendar.defaultShifts)}>
              Start from the default
            </Button>
          </>
        }
      >
        {shifts.rows.map((s, i) => {
          const label = `shift ${i + 1}`;
          return (
            <TableRow key={i}>
              <TableCell>
                <Input size="sm" aria-label={`Shift ${i + 1} name`} value={s.name} onChange={(e) => shifts.change(i, { name: e.target.value })} className="w-32" />
              </TableCell>
              <TableCell>
                <Input size="sm" type="time" aria-label={`Shift ${i + 1} start`} value={s.start} onChange={(e) => shifts.change(i, { start: e.target.value })} />
              </TableCell>
              <TableCell>
                <Input size="sm" type="time" aria-label={`Shift ${i + 1} end`} value={s.end} onChange={(e) => shifts.change(i, { end: e.target.value })} />
              </TableCell>
              <TableCell>
                <WeekdayPicker label={`Shift ${i + 1}`} value={s.weekdays} onChange={(weekdays) => shifts.change(i, { weekdays })} />
              </TableCell>
              <TableCell>
                <RemoveButton label={label} onClick={() => shifts.remove(i)} />
              </TableCell>
            </TableRow>
          );
        })}
      </RowsCard>

      <RowsCard
        title="Planned stops"
        description="Breaks and other planned stops inside shifts, on the weekdays they happen: they come off the shift's output target."
        addLabel="Add planned stop"
        onAdd={() => stops.add({ start: "12:00", end: "12:30", weekdays: workdays, reason: "Break" })}
        columns={["Start", "End", "On", "Reason", ""]}
        isEmpty={stops.rows.length === 0}
        empty="No planned stops: the whole shift counts towards the target."
      >
        {stops.rows.map((p, i) => (
          <TableRow key={i}>
            <TableCell>
              <Input size="sm" type="time" aria-label={`Planned stop ${i + 1} start`} value={p.start} onChange={(e) => stops.change(i, { start: e.target.value })} />
            </TableCell>
            <TableCell>
              <Input size="sm" type="time" aria-label={`Planned stop ${i + 1} end`} value={p.end} onChange={(e) => stops.change(i, { end: e.target.value })} />
            </TableCell>
            <TableCell>
              <WeekdayPicker label={`Planned stop ${i + 1}`} value={p.weekdays} onChange={(weekdays) => stops.change(i, { weekdays })} />
            </TableCell>
            <TableCell>
              <Input size="sm" aria-label={`Planned stop ${i + 1} reason`} value={p.reason} onChange={(e) => stops.change(i, { reason: e.target.value })} className="w-40" />
            </TableCell>
            <TableCell>
              <RemoveButton label={`planned stop ${i + 1}`} onClick={() => stops.remove(i)} />
            </TableCell>
          </TableRow>
        ))}
      </RowsCard>

      <RowsCard
        title="Holidays and shutdown days"
        description="No shift starts on these dates; a night shift begun the evening before still ends."
        addLabel="Add holiday"
        onAdd={() => holidays.add({ day: "", name: "" })}
        columns={["Date", "Name", ""]}
        isEmpty={holidays.rows.length === 0}
        empty="No holidays."
      >
        {holidays.rows.map((h, i) => (
          <TableRow key={i}>
            <TableCell>
              <Input size="sm" type="date" aria-label={`Holiday ${i + 1} date`} value={h.day} onChange={(e) => holidays.change(i, { day: e.target.value })} />
            </TableCell>
            <TableCell>
              <Input size="sm" aria-label={`Holiday ${i + 1} name`} value={h.name} onChange={(e) => holidays.change(i, { name: e.target.value })} className="w-56" />
            </TableCell>
            <TableCell>
              <RemoveButton label={`holiday ${i + 1}`} onClick={() => holidays.remove(i)} />
            </TableCell>
          </TableRow>
        ))}
      </RowsCard>

      <div className="flex flex-wrap items-center gap-3">
        <SubmitRow label="Save calendar" isPending={save.isPending} error={save.error?.message} />
        {save.isSuccess && !save.isPending && (
          <p role="status" className="text-sm text-green-700">
            Saved. The live views follow the new calendar.
          </p>
        )}
      </div>
    </form>
  );
}
