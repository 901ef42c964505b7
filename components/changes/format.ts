/** Dates of changes, in the plant's time zone: "25 Nov 2026" and "25 Nov 2026, 14:03". */
export function formatDay(date: Date, timeZone: string) {
  return new Intl.DateTimeFormat("en-GB", { timeZone, day: "2-digit", month: "short", year: "numeric" }).format(date);
}

export function formatStamp(date: Date, timeZone: string) {
  return new Intl.DateTimeFormat("en-GB", { timeZone, day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" }).format(date);
}

export function ageInDays(date: Date, now = Date.now()) {
  return Math.max(0, Math.floor((now - date.getTime()) / 86_400_000));
}

export const effectivityLabels = { date: "from date", serial: "from serial", work_order: "from work order" } as const;

export const buttonClass = "inline-flex items-center justify-center gap-1.5 rounded-md bg-sky-700 px-3 py-2 text-sm font-medium text-white hover:bg-sky-800 disabled:opacity-60";
export const secondaryButtonClass = "inline-flex items-center justify-center gap-1.5 rounded-md border border-slate-300 bg-white px-3 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-60";
export const inputClass = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-sky-600 focus:outline-none";
export const cardClass = "rounded-lg border border-slate-200 bg-white p-4 shadow-sm";
