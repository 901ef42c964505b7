import { ShieldAlert } from "lucide-react";

export function NotAllowed({ what }: { what: string }) {
  return (
    <div role="alert" className="mx-auto mt-16 max-w-md rounded-lg border border-amber-200 bg-amber-50 p-6 text-center">
      <ShieldAlert className="mx-auto mb-2 size-8 text-amber-600" aria-hidden="true" />
      <h1 className="font-semibold">Not available for your role</h1>
      <p className="mt-1 text-sm text-slate-700">{what} Ask an administrator if you need access.</p>
    </div>
  );
}
