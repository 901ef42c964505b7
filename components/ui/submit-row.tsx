import { Button } from "./button";
import { cn } from "./cn";

/** A form's submit button with the server's answer beside it when it refused. */
export function SubmitRow({ label, isPending, error, className }: { label: string; isPending: boolean; error?: string | null; className?: string }) {
  return (
    <div className={cn("flex items-center gap-3", className)}>
      <Button type="submit" disabled={isPending}>
        {label}
      </Button>
      {error && (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}
