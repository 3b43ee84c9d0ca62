// The one definition of a latency percentile the benchmarks use: nearest rank, no interpolation.

/** The value at quantile `q` (0..1) of latencies already sorted ascending; 0 for none. */
export function percentile(sortedAscending: readonly number[], q: number): number {
  return sortedAscending[Math.min(sortedAscending.length - 1, Math.floor(q * sortedAscending.length))] ?? 0;
}
