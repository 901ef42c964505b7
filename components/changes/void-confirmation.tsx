"use client";

/** An edit over signatures voids them; the author ticks this to say they mean it. */
export function VoidConfirmation({ count, isConfirmed, onChange }: { count: number; isConfirmed: boolean; onChange: (v: boolean) => void }) {
  if (count === 0) return null;
  return (
    <label className="flex items-start gap-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900">
      <input type="checkbox" checked={isConfirmed} onChange={(e) => onChange(e.target.checked)} className="mt-0.5" />
      <span>This order carries {count} signature(s). Saving voids them and the board must sign again.</span>
    </label>
  );
}
