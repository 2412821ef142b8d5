import { describe, expect, it } from 'vitest';
import { maskPhone, normaliseLast4, phoneLast4 } from './owner-contact.ts';

describe('owner contact reduction', () => {
  it('masks a mobile number to its first three and last four digits', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
    expect(maskPhone('+86 138-0013-5678')).toBe('138****5678');
    expect(maskPhone('6123')).toBe('****23');
    expect(maskPhone(null)).toBeNull();
  });

  it('takes the last four digits of a phone, ignoring separators and the country code', () => {
    expect(phoneLast4('+86 138 0013 5678')).toBe('5678');
    expect(phoneLast4('12')).toBeNull();
  });

  it('accepts only four digits or X as the last four of an ID number', () => {
    expect(normaliseLast4(' 123x ')).toBe('123X');
    expect(normaliseLast4('12a4')).toBeNull();
  });
});
