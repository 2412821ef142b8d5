import { describe, expect, it } from 'vitest';
import { unitKey } from './unit-key.ts';

describe('unitKey', () => {
  it('joins building, entrance and room', () => {
    expect(unitKey({ building: '3', entrance: '2', room: '1201' })).toBe('3|2|1201');
  });

  it('ignores suffixes, full-width digits, spaces, case and leading zeros', () => {
    const key = '3|2|1201';
    expect(unitKey({ building: '3号楼', entrance: '2单元', room: '1201室' })).toBe(key);
    expect(unitKey({ building: '３栋', entrance: '02', room: ' 1201 ' })).toBe(key);
    expect(unitKey({ building: 'a座', entrance: '', room: 'b1-08' })).toBe('A||B1-08');
  });

  it('tells different units apart', () => {
    expect(unitKey({ building: '3', entrance: '', room: '21201' })).not.toBe(
      unitKey({ building: '3', entrance: '2', room: '1201' }),
    );
    expect(unitKey({ building: '12', entrance: '1', room: '101' })).not.toBe(
      unitKey({ building: '1', entrance: '21', room: '101' }),
    );
  });

  it('keeps a suffix that is the whole name', () => {
    expect(unitKey({ building: '号', entrance: '单元', room: '室' })).toBe('号|单元|室');
  });
});
