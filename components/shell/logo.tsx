export function Logo({ className }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className ?? ""}`}>
      <svg viewBox="0 0 24 24" aria-hidden="true" className="size-6">
        <rect width="24" height="24" rx="6" className="fill-sky-600" />
        <path d="M5 16c3-8 5 0 7-4s4-4 7-4" fill="none" stroke="white" strokeWidth="2" strokeLinecap="round" />
        <circle cx="5" cy="16" r="1.6" fill="white" />
        <circle cx="19" cy="8" r="1.6" fill="white" />
      </svg>
      Threadline
    </span>
  );
}
