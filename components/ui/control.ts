/** The look of text inputs, selects and text areas; Input, Select and Textarea in field.tsx carry it. */
export const controlClass = "w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm focus:border-sky-600 focus:outline-none aria-invalid:border-red-600 disabled:bg-slate-50 disabled:text-slate-500";
