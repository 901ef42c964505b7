import { cn } from "./cn";

const sizes = { sm: "px-2 py-1", md: "px-3 py-2" } as const;

export type ControlSize = keyof typeof sizes;

/** The look of text inputs, selects and text areas; Input, Select and Textarea in field.tsx carry it. */
export function controlVariants({ size = "md", className }: { size?: ControlSize; className?: string } = {}) {
  return cn("w-full rounded-md border border-slate-300 bg-white text-sm focus:border-sky-600 aria-invalid:border-red-600 disabled:bg-slate-50 disabled:text-slate-500", sizes[size], className);
}
