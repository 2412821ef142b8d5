import { describe, expect, it } from 'vitest';
import { booleanString, logLevel, port, url } from './fields.ts';

describe('field helpers', () => {
  it('port refuses non-integers and out-of-range values', () => {
    expect(port().safeParse('8080').data).toBe(8080);
    expect(port().safeParse('80.5').success).toBe(false);
    expect(port().safeParse('0').success).toBe(false);
    expect(port().safeParse('http').success).toBe(false);
  });

  it('booleanString accepts the usual spellings and refuses typos', () => {
    expect(booleanString().parse('TRUE')).toBe(true);
    expect(booleanString().parse('on')).toBe(true);
    expect(booleanString().parse('0')).toBe(false);
    expect(booleanString().safeParse('ture').success).toBe(false);
  });

  it('logLevel normalises case and refuses unknown levels', () => {
    expect(logLevel().parse('WARN')).toBe('warn');
    expect(logLevel().parse(undefined)).toBe('info');
    expect(logLevel().safeParse('verbose').success).toBe(false);
  });

  it('url refuses relative references', () => {
    expect(url().safeParse('/relative').success).toBe(false);
    expect(url({ fallback: 'nats://127.0.0.1:4222' }).parse(undefined)).toBe(
      'nats://127.0.0.1:4222',
    );
  });
});
