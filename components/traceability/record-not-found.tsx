import Link from "next/link";

export function RecordNotFound({ message, query }: { message: string; query: string }) {
  return (
    <div role="alert" className="mx-auto mt-12 max-w-lg rounded-lg border border-amber-200 bg-amber-50 p-6 text-center">
      <h1 className="font-semibold">Not found</h1>
      <p className="mt-1 text-sm text-slate-700">{message}</p>
      <Link href={`/traceability?q=${encodeURIComponent(query)}`} className="mt-3 inline-block text-sm text-sky-700 hover:underline">
        Search for “{query}” instead
      </Link>
    </div>
  );
}
