import { describe, expect, it } from 'vitest';
import { assertPasswordAcceptable, normalizeLogin } from './login.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

async function medianMs(run: () => Promise<unknown>, times = 7): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < times; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples.sort((a, b) => a - b)[Math.floor(times / 2)]!;
}

describe('passwords', () => {
  it('hashes with argon2id and verifies only the right password', async () => {
    const stored = await hashPassword('correct horse battery');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(stored, 'Correct horse battery')).toBe(false);
  });

  it('refuses a corrupt stored hash instead of throwing', async () => {
    expect(await verifyPassword('not-a-phc-string', 'whatever')).toBe(false);
  });

  it('spends the time of a real verification when there is no account', async () => {
    const stored = await hashPassword('correct horse battery');
    await verifyPassword(null, 'warm up the dummy hash');
    const known = await medianMs(() => verifyPassword(stored, 'wrong password'));
    const unknown = await medianMs(() => verifyPassword(null, 'wrong password'));
    expect(await verifyPassword(null, 'anything')).toBe(false);
    // Without the dummy hash an unknown login answers in microseconds; with it, in the same
    // order as a real check. The wide margin keeps a busy machine from failing the test.
    expect(unknown).toBeGreaterThan(known * 0.5);
  });
});

describe('login rules', () => {
  it('compares logins case-insensitively and folds full-width digits', () => {
    expect(normalizeLogin(' Wang.Li ')).toBe('wang.li');
    expect(normalizeLogin('１３８００１３８０００')).toBe('13800138000');
  });

  it('refuses short passwords and the login as password, in any case', () => {
    expect(() => assertPasswordAcceptable('wangli', 'short')).toThrow(/at least 10/);
    expect(() => assertPasswordAcceptable('wangli-2024', 'WANGLI-2024')).toThrow(
      expect.objectContaining({ code: 'validation_failed' }),
    );
    expect(() => assertPasswordAcceptable('wangli', 'wangli-and-more')).not.toThrow();
  });
});
