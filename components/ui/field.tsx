"use client";

import { createContext, useContext, useId, type ComponentProps, type ReactNode } from "react";

import { cn } from "./cn";
import { controlVariants, type ControlSize } from "./control";

interface FieldIds {
  id: string;
  describedBy: string | undefined;
  isInvalid: boolean;
}

const FieldContext = createContext<FieldIds | null>(null);

/**
 * A label, one control (Input, Select or Textarea), a hint and an error. The control gets the id,
 * aria-describedby (hint and error) and aria-invalid from the field it sits in.
 */
export function Field({ label, hint, error, id: givenId, className, children }: { label: ReactNode; hint?: ReactNode; error?: ReactNode; id?: string; className?: string; children: ReactNode }) {
  const generated = useId();
  const id = givenId ?? generated;
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = error ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(" ") || undefined;
  return (
    <div className={cn("space-y-1", className)}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <FieldContext value={{ id, describedBy, isInvalid: Boolean(error) }}>{children}</FieldContext>
      {hint && (
        <p id={hintId} className="text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="text-xs font-medium text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** The field's ids, unless the control was given its own. */
function useFieldProps<P extends { id?: string; "aria-describedby"?: string; "aria-invalid"?: ComponentProps<"input">["aria-invalid"] }>(props: P) {
  const field = useContext(FieldContext);
  return { ...props, id: props.id ?? field?.id, "aria-describedby": props["aria-describedby"] ?? field?.describedBy, "aria-invalid": props["aria-invalid"] ?? (field?.isInvalid || undefined) };
}

type Sized<P> = Omit<P, "size"> & { size?: ControlSize };

export function Input({ className, size, ...props }: Sized<ComponentProps<"input">>) {
  return <input className={props.type === "checkbox" || props.type === "radio" ? cn("size-4", className) : controlVariants({ size, className })} {...useFieldProps(props)} />;
}

export function Select({ className, size, ...props }: Sized<ComponentProps<"select">>) {
  return <select className={controlVariants({ size, className })} {...useFieldProps(props)} />;
}

export function Textarea({ className, size, ...props }: Sized<ComponentProps<"textarea">>) {
  return <textarea className={controlVariants({ size, className })} {...useFieldProps(props)} />;
}
