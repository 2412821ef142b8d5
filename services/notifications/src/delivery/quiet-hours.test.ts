import { describe, expect, it } from 'vitest';
import { allowedAt } from './quiet-hours.ts';
import { TokenBucket } from './token-bucket.ts';

const quiet = { start: '21:00', end: '08:00' };

describe('quiet hours (Asia/Shanghai)', () => {
  it('lets 20:59 through and holds 21:00 until 08:00 the next morning', () => {
    const at2059 = new Date('2026-03-02T12:59:00Z');
    expect(allowedAt(at2059, quiet)).toEqual(at2059);
    expect(allowedAt(new Date('2026-03-02T13:00:00Z'), quiet).toISOString()).toBe(
      '2026-03-03T00:00:00.000Z',
    );
  });
  it('holds 03:00 until 08:00 the same morning and lets 08:00 through', () => {
    expect(allowedAt(new Date('2026-03-02T19:00:00Z'), quiet).toISOString()).toBe(
      '2026-03-03T00:00:00.000Z',
    );
    const at0800 = new Date('2026-03-03T00:00:00Z');
    expect(allowedAt(at0800, quiet)).toEqual(at0800);
  });
});

describe('token bucket', () => {
  it('lets the burst through at once and then the sustained rate', async () => {
    let now = 0;
    const bucket = new TokenBucket(10, 3, () => now);
    for (let i = 0; i < 3; i += 1) await bucket.take();
    let fourth = false;
    const pending = bucket.take().then(() => {
      fourth = true;
    });
    await new Promise((r) => setTimeout(r, 20));
    expect(fourth).toBe(false);
    now = 100; // 100 ms at 10/s is one token
    await pending;
    expect(fourth).toBe(true);
  });
});
