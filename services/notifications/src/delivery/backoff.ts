/** Retry policy of deliveries. */
export interface RetryPolicy {
  /** Attempts before a delivery is dead. */
  maxAttempts: number;
  baseMs: number;
  maxMs: number;
}

/**
 * Delay before attempt `attempts + 1`: base × 2^(attempts − 1), capped, with ±20 % jitter so that
 * thousands of deliveries failed by one outage do not all come back in the same second.
 */
export function retryDelayMs(policy: RetryPolicy, attempts: number, random = Math.random): number {
  const exact = Math.min(policy.baseMs * 2 ** Math.max(0, attempts - 1), policy.maxMs);
  return Math.round(exact * (0.8 + 0.4 * random()));
}
