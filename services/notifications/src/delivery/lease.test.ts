import { describe, expect, it } from 'vitest';
import { leaseFor } from './dispatcher.ts';
import { TokenBucket } from './token-bucket.ts';

const rows = (medium: string, n: number) => Array.from({ length: n }, () => ({ medium }));

describe('the lease of a claimed batch', () => {
  it('is the minimum when no medium is rate-limited', () => {
    expect(leaseFor(rows('sms', 500), {}, 120_000)).toBe(120_000);
  });

  it('outlasts twice the sending time of the slowest limited medium', () => {
    const limits = { email: new TokenBucket(3, 3), sms: new TokenBucket(100, 100) };
    // 500 e-mails at 3 a second take ~167 s: the 120 s lease would run out mid-send.
    const lease = leaseFor([...rows('email', 500), ...rows('sms', 500)], limits, 120_000);
    expect(lease).toBe(Math.ceil(2 * (500 / 3) * 1000));
  });
});
