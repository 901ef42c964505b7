"use client";

import Link from "next/link";
import { useActionState } from "react";

import { Button } from "@/components/ui/button";
import { Field, Input } from "@/components/ui/field";

import { completeSetupAction, type SetupState } from "./actions";

/** The setup code from the server's console, then the first administrator's name, e-mail address and password. */
export function SetupForm() {
  const [state, action, isPending] = useActionState<SetupState, FormData>(completeSetupAction, {});
  const values = state.values;
  return (
    <form action={action} className="space-y-4">
      <Field label="Setup code" hint="Printed by the web server when it started: “enter the setup code XXXX-XXXX-XXXX”.">
        <Input name="code" required autoComplete="off" spellCheck={false} className="font-mono uppercase" defaultValue={values?.code} />
      </Field>
      <Field label="Your name">
        <Input name="name" required autoComplete="name" defaultValue={values?.name} />
      </Field>
      <Field label="E-mail">
        <Input name="email" type="email" required autoComplete="username" defaultValue={values?.email} />
      </Field>
      <Field label="Password" hint="At least 12 characters, not your e-mail address, not a common password. A few unrelated words work well.">
        <Input name="password" type="password" required autoComplete="new-password" />
      </Field>
      <Field label="Password again">
        <Input name="repeat" type="password" required autoComplete="new-password" />
      </Field>
      {state.error && (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.error}{" "}
          {!values && (
            <Link href="/sign-in" className="font-medium underline">
              Sign in
            </Link>
          )}
        </p>
      )}
      <Button type="submit" className="w-full" disabled={isPending}>
        {isPending ? "Creating…" : "Create administrator"}
      </Button>
    </form>
  );
}
