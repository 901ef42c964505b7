/** The p-th percentile (0-100) of the samples by the nearest-rank method. */
export function percentile(samples: number[], p: number) {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
}

export const round1 = (x: number) => Math.round(x * 10) / 10;
