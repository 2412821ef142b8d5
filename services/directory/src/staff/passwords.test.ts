import { describe, expect, it } from 'vitest';
import { assertPasswordAcceptable, normalizeLogin } from './login.ts';
import { hashPassword, hashToCheck, verifyPassword } from './passwords.ts';

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

  it('checks an unknown login against a dummy hash of the same cost as a real one', async () => {
    const parameters = (phc: string) => phc.split('$').slice(1, 4).join('$');
    const real = await hashPassword('correct horse battery');
    const dummy = await hashToCheck(null);
    // Same algorithm, version, memory, passes and lanes: the same work, so the same time.
    expect(parameters(dummy)).toBe(parameters(real));
    expect(parameters(dummy)).toBe('argon2id$v=19$m=19456,t=2,p=1');
    expect(await hashToCheck(real)).toBe(real);
    expect(await verifyPassword(null, 'anything')).toBe(false);
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
