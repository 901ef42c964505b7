import Link from "next/link";

import { ecoStatusEnum, ecrStatusEnum } from "@/db/schema";

import { inputClass, secondaryButtonClass } from "./format";

type EcrStatus = (typeof ecrStatusEnum.enumValues)[number];
type EcoStatus = (typeof ecoStatusEnum.enumValues)[number];

export interface ChangesFilterValues {
  tab: "ecrs" | "ecos";
  status?: string;
  ecrStatus?: EcrStatus;
  ecoStatus?: EcoStatus;
  part?: string;
  owner?: number;
  age?: number;
}

const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** One reading of the list filters in the URL; anything unknown is ignored rather than failing the page. */
export function parseChangesFilters(params: Record<string, string | string[] | undefined>): ChangesFilterValues {
  const tab = first(params.tab) === "ecos" ? "ecos" : "ecrs";
  const status = first(params.status);
  const owner = Number(first(params.owner));
  const age = Number(first(params.age));
  return {
    tab,
    status,
    ecrStatus: tab === "ecrs" ? ecrStatusEnum.enumValues.find((s) => s === status) : undefined,
    ecoStatus: tab === "ecos" ? ecoStatusEnum.enumValues.find((s) => s === status) : undefined,
    part: first(params.part),
    owner: Number.isInteger(owner) && owner > 0 ? owner : undefined,
    age: Number.isInteger(age) && age > 0 ? age : undefined,
  };
}

export function ChangesFilters({ filters, parts, owners }: { filters: ChangesFilterValues; parts: { partNumber: string; name: string }[]; owners: { id: number; name: string }[] }) {
  const states = filters.tab === "ecos" ? ecoStatusEnum.enumValues : ecrStatusEnum.enumValues;
  return (
    <form className="mb-4 grid grid-cols-2 items-end gap-3 md:grid-cols-[repeat(4,minmax(0,1fr))_auto]" aria-label="Filter changes">
      {filters.tab === "ecos" && <input type="hidden" name="tab" value="ecos" />}
      <label className="text-sm">
        <span className="mb-1 block text-slate-600">State</span>
        <select name="status" defaultValue={filters.status ?? ""} className={inputClass}>
          <option value="">Any state</option>
          {states.map((s) => (
            <option key={s} value={s}>
              {s.replace("_", " ")}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        <span className="mb-1 block text-slate-600">Part</span>
        <select name="part" defaultValue={filters.part ?? ""} className={inputClass}>
          <option value="">Any part</option>
          {parts.map((p) => (
            <option key={p.partNumber} value={p.partNumber}>
              {p.partNumber}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        <span className="mb-1 block text-slate-600">Owner</span>
        <select name="owner" defaultValue={filters.owner ?? ""} className={inputClass}>
          <option value="">Anyone</option>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        <span className="mb-1 block text-slate-600">Age</span>
        <select name="age" defaultValue={filters.age ?? ""} className={inputClass}>
          <option value="">Any age</option>
          <option value="7">Older than 7 days</option>
          <option value="30">Older than 30 days</option>
          <option value="90">Older than 90 days</option>
        </select>
      </label>
      <div className="col-span-2 flex gap-2 md:col-span-1">
        <button type="submit" className={secondaryButtonClass}>
          Filter
        </button>
        <Link href={filters.tab === "ecos" ? "/changes?tab=ecos" : "/changes"} className="self-center text-sm text-sky-700 hover:underline">
          Clear
        </Link>
      </div>
    </form>
  );
}
