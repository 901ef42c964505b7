"use client";

import { useMutation } from "@tanstack/react-query";
import { useState } from "react";

import { useTRPC } from "@/components/trpc/client";
import { Field, Input, Select } from "@/components/ui/field";
import { SubmitRow } from "@/components/ui/submit-row";
import type { RouterOutputs } from "@/server/api/root";

type Form = RouterOutputs["notifications"]["preferences"];

const emailChoices = (digestHour: number) =>
  [
    { value: "immediate", label: "Right away, one mail per event" },
    { value: "digest", label: `Once a day at ${String(digestHour).padStart(2, "0")}:00, a digest of what is unread` },
    { value: "off", label: "No e-mail, the inbox only" },
  ] as const;

function toggle<T>(list: T[], value: T, isOn: boolean) {
  return isOn ? [...list, value] : list.filter((v) => v !== value);
}

export function PreferencesForm({ form, isMailOn, digestHour }: { form: Form; isMailOn: boolean; digestHour: number }) {
  const trpc = useTRPC();
  const [values, setValues] = useState({ ...form.preferences, timeZone: form.preferences.timeZone ?? "" });
  const save = useMutation(trpc.notifications.setPreferences.mutationOptions());

  return (
    <form
      aria-label="Notification settings"
      className="space-y-6"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate({ eventTypes: values.eventTypes, lines: values.lines, email: values.email, timeZone: values.timeZone.trim() || null });
      }}
    >
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium text-slate-700">Tell me when</legend>
        {form.eventTypes.map(({ type, label }) => (
          <label key={type} className="flex items-center gap-2 text-sm">
            <Input type="checkbox" checked={values.eventTypes.includes(type)} onChange={(e) => setValues({ ...values, eventTypes: toggle(values.eventTypes, type, e.target.checked) })} />
            {label}
          </label>
        ))}
      </fieldset>
      <fieldset className="space-y-2">
        <legend className="mb-1 text-sm font-medium text-slate-700">On these lines</legend>
        <p className="text-xs text-slate-500">None ticked: every line. Events that belong to no line come either way.</p>
        <div className="flex flex-wrap gap-4">
          {form.lines.map((line) => (
            <label key={line} className="flex items-center gap-2 font-mono text-sm">
              <Input type="checkbox" checked={values.lines.includes(line)} onChange={(e) => setValues({ ...values, lines: toggle(values.lines, line, e.target.checked) })} />
              {line}
            </label>
          ))}
        </div>
      </fieldset>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="E-mail" hint={isMailOn ? undefined : "E-mail is off on this portal (no SMTP server is configured): only the inbox gets notifications."}>
          <Select value={values.email} onChange={(e) => setValues({ ...values, email: e.target.value as Form["preferences"]["email"] })}>
            {emailChoices(digestHour).map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </Select>
        </Field>
        <Field label="Time zone of the digest" hint={`An IANA name such as Europe/Berlin; empty: the plant's (${form.siteZone}).`}>
          <Input value={values.timeZone} placeholder={form.siteZone} onChange={(e) => setValues({ ...values, timeZone: e.target.value })} />
        </Field>
      </div>
      <div className="flex items-center gap-3">
        <SubmitRow label="Save" isPending={save.isPending} error={save.error?.message} />
        {save.isSuccess && !save.isPending && (
          <p role="status" className="text-sm text-green-800">
            Saved.
          </p>
        )}
      </div>
    </form>
  );
}
