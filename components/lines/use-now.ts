"use client";

import { useEffect, useState } from "react";

/**
 * The current time, refreshed every `intervalMs`, so durations on screen keep
 * counting. Until mounted it is `base` (e.g. when the data was fetched), which
 * server and browser agree on, so hydration matches.
 */
export function useNow(base: number, intervalMs = 15_000) {
  const [tick, setTick] = useState(0);
  useEffect(() => {
    setTick(Date.now());
    const timer = setInterval(() => setTick(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return Math.max(base, tick);
}
