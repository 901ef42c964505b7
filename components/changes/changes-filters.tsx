import Link from "next/link";

import { ecoStatusEnum, ecrStatusEnum } from "@/db/schema";
import { Button } from "@/components/ui/button";
import { Field, Select } from "@/components/ui/field";

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
      <Field label="State">
        <Select name="status" defaultValue={filters.status ?? ""}>
          <option value="">Any state</option>
          {states.map((s) => (
            <option key={s} value={s}>
              {s.replace("_", " ")}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Part">
        <Select name="part" defaultValue={filters.part ?? ""}>
          <option value="">Any part</option>
          {parts.map((p) => (
            <option key={p.partNumber} value={p.partNumber}>
              {p.partNumber}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Owner">
        <Select name="owner" defaultValue={filters.owner ?? ""}>
          <option value="">Anyone</option>
          {owners.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Age">
        <Select name="age" defaultValue={filters.age ?? ""}>
          <option value="">Any age</option>
          <option value="7">Older than 7 days</option>
          <option value="30">Older than 30 days</option>
          <option value="90">Older than 90 days</option>
        </Select>
      </Field>
      <div className="col-span-2 flex gap-2 md:col-span-1">
        <Button type="submit" variant="secondary">
          Filter
        </Button>
        <Link href={filters.tab === "ecos" ? "/changes?tab=ecos" : "/changes"} className="self-center text-sm text-sky-700 hover:underline">
          Clear
        </Link>
      </div>
    </form>
  );
}
