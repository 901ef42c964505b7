"use client";

import { useId } from "react";
import { Input, Select } from "@/components/ui/field";

export interface EffectivityValue {
  effectivity: "date" | "serial" | "work_order";
  effectivityValue: string;
}

const hints = { date: "Units started on or after this day (plant time).", serial: "Units with this serial number and later.", work_order: "This work order and the ones planned after it." };

export function EffectivityFields({ value, onChange }: { value: EffectivityValue; onChange: (v: EffectivityValue) => void }) {
  const id = useId();
  return (
    <fieldset className="grid gap-3 text-sm sm:grid-cols-[12rem_1fr]">
      <legend className="mb-1 font-medium">Effectivity</legend>
      <label className="block">
        <span className="mb-1 block text-slate-600">Takes effect</span>
        <Select value={value.effectivity} onChange={(e) => onChange({ effectivity: e.target.value as EffectivityValue["effectivity"], effectivityValue: "" })}>
          <option value="date">from a date</option>
          <option value="serial">from a serial number</option>
          <option value="work_order">from a work order</option>
        </Select>
      </label>
      <div>
        <label htmlFor={`${id}-value`} className="mb-1 block text-slate-600">
          {value.effectivity === "date" ? "Effective date" : value.effectivity === "serial" ? "First serial number" : "First work order"}
        </label>
        <Input
          id={`${id}-value`}
          aria-describedby={`${id}-hint`}
          type={value.effectivity === "date" ? "date" : "text"}
          value={value.effectivityValue}
          onChange={(e) => onChange({ ...value, effectivityValue: e.target.value })}
          required
          placeholder={value.effectivity === "serial" ? "e.g. CP40-0001200" : value.effectivity === "work_order" ? "e.g. WO-100012" : undefined}
        />
        <span id={`${id}-hint`} className="mt-1 block text-xs text-slate-500">
          {hints[value.effectivity]}
        </span>
      </div>
    </fieldset>
  );
}
