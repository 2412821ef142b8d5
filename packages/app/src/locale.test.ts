import { describe, expect, it } from 'vitest';
import { pickLocale } from './locale.ts';

describe('pickLocale', () => {
  it('defaults to zh when the header is absent or names neither language', () => {
    expect(pickLocale(undefined)).toBe('zh');
    expect(pickLocale('fr-FR,de;q=0.8')).toBe('zh');
    expect(pickLocale('*')).toBe('zh');
  });

  it('picks the language with the highest quality', () => {
    expect(pickLocale('en-US,en;q=0.9,zh-CN;q=0.8')).toBe('en');
    expect(pickLocale('en;q=0.5,zh-Hans-CN;q=0.9')).toBe('zh');
  });

  it('ignores languages the client refuses with q=0', () => {
    expect(pickLocale('zh;q=0,en')).toBe('en');
    expect(pickLocale('en;q=0')).toBe('zh');
  });
});
