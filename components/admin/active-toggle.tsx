import { Button } from "@/components/ui/button";

/** Retires or brings back one row of a list (a user, a downtime reason); the row's name completes the button's accessible name. */
export function ActiveToggle({ isActive, labels, name, isPending, onToggle }: { isActive: boolean; labels: [retire: string, restore: string]; name: string; isPending: boolean; onToggle: (isActive: boolean) => void }) {
  return (
    <Button variant={isActive ? "secondary" : "ghost"} size="xs" disabled={isPending} onClick={() => onToggle(!isActive)}>
      {isActive ? labels[0] : labels[1]}
      <span className="sr-only"> {name}</span>
    </Button>
  );
}
