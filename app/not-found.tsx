import Link from "next/link";

/** Next.js's built-in 404 page brings an inline style element, which the CSP refuses (docs/security.md). */
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center p-4">
      <div className="space-y-3 text-center">
        <h1 className="text-lg font-semibold">This page could not be found.</h1>
        <Link href="/lines" className="text-sky-700 underline">
          Back to the lines
        </Link>
      </div>
    </main>
  );
}
