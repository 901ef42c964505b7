import type { ComponentProps } from "react";

import { cn } from "./cn";

const variants = {
  primary: "bg-sky-700 text-white hover:bg-sky-800",
  secondary: "border border-slate-300 bg-white text-slate-800 hover:bg-slate-50",
  success: "bg-green-700 text-white hover:bg-green-800",
  warning: "bg-amber-700 text-white hover:bg-amber-800",
  danger: "bg-red-700 text-white hover:bg-red-800",
  ghost: "text-slate-700 hover:bg-slate-100",
} as const;

const sizes = {
  xs: "gap-1 px-2 py-0.5 text-xs",
  sm: "gap-1.5 px-2.5 py-1 text-sm",
  md: "gap-1.5 px-3 py-2 text-sm",
} as const;

export interface ButtonStyle {
  variant?: keyof typeof variants;
  size?: keyof typeof sizes;
  className?: string;
}

/** The button look as a class, for links (`<Link className={buttonVariants(…)}>`) and other elements that act as buttons. */
export function buttonVariants({ variant = "primary", size = "md", className }: ButtonStyle = {}) {
  return cn("inline-flex shrink-0 items-center justify-center rounded-md font-medium whitespace-nowrap disabled:pointer-events-none disabled:opacity-50 aria-disabled:pointer-events-none aria-disabled:opacity-50", variants[variant], sizes[size], className);
}

export function Button({ variant, size, className, type = "button", ...props }: ComponentProps<"button"> & ButtonStyle) {
  return <button type={type} className={buttonVariants({ variant, size, className })} {...props} />;
}
