/** A failed action's message above the list it was about. */
export function MutationError({ error }: { error: { message: string } | null }) {
  if (!error) return null;
  return (
    <p role="alert" className="mx-4 mt-3 rounded-md bg-red-50 px-3 py-2 text-sm text-red-800">
      {error.message}
    </p>
  );
}
