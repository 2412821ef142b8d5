import { describe, expect, it } from 'vitest';
import { allocateSeats, type CandidateOutcome } from './seats.ts';

const c = (id: string, passed: boolean, agreeHeadcount: number, agreeArea: string) =>
  ({ id, passed, agreeHeadcount, agreeArea }) satisfies CandidateOutcome;
const statuses = (seats: number, candidates: CandidateOutcome[]) =>
  allocateSeats(seats, candidates).candidates.map((x) => [x.id, x.rank, x.status]);

describe('allocateSeats', () => {
  it('gives the seats to the candidates who passed with the most agreeing heads', () => {
    expect(
      statuses(2, [
        c('a', true, 10, '900.00'),
        c('b', true, 30, '2000.00'),
        c('c', true, 20, '5000.00'),
        c('d', false, 50, '9000.00'),
      ]),
    ).toEqual([
      ['b', 1, 'elected'],
      ['c', 2, 'elected'],
      ['a', 3, 'passed_no_seat'],
      ['d', null, 'not_passed'],
    ]);
  });

  it('never seats a candidate who did not pass, even with seats left over', () => {
    const result = allocateSeats(3, [c('a', true, 5, '500.00'), c('b', false, 9, '900.00')]);
    expect(result.filled).toBe(1);
    expect(result.candidates.map((x) => x.status)).toEqual(['elected', 'not_passed']);
  });

  it('breaks a level headcount by agreeing area, compared exactly', () => {
    expect(
      statuses(1, [c('a', true, 7, '700.10'), c('b', true, 7, '700.11')]).map((x) => x[0]),
    ).toEqual(['b', 'a']);
  });

  it('leaves the last seat vacant when candidates are level on heads and area for it', () => {
    const result = allocateSeats(2, [
      c('a', true, 9, '900.00'),
      c('b', true, 7, '700.00'),
      c('c', true, 7, '700.00'),
      c('d', true, 6, '800.00'),
    ]);
    expect(result.candidates.map((x) => [x.id, x.rank, x.status])).toEqual([
      ['a', 1, 'elected'],
      ['b', 2, 'tied'],
      ['c', 2, 'tied'],
      ['d', 4, 'passed_no_seat'],
    ]);
    expect(result.filled).toBe(1);
  });

  it('seats every level candidate when there are seats enough for all of them', () => {
    expect(
      statuses(3, [c('a', true, 7, '700.00'), c('b', true, 7, '700.00'), c('x', true, 1, '1.00')]),
    ).toEqual([
      ['a', 1, 'elected'],
      ['b', 1, 'elected'],
      ['x', 3, 'elected'],
    ]);
  });

  it('does not depend on the order the candidates are given in', () => {
    const list = [
      c('a', true, 9, '900.00'),
      c('b', true, 8, '950.00'),
      c('c', false, 20, '10.00'),
      c('d', true, 8, '940.00'),
    ];
    const forward = allocateSeats(2, list).candidates.map((x) => [x.id, x.status]);
    const backward = allocateSeats(2, [...list].reverse()).candidates.map((x) => [x.id, x.status]);
    expect(backward).toEqual(forward);
  });

  it('refuses a seat count that is not a positive integer and a candidate listed twice', () => {
    expect(() => allocateSeats(0, [])).toThrow(RangeError);
    expect(() => allocateSeats(1.5, [])).toThrow(RangeError);
    expect(() => allocateSeats(1, [c('a', true, 1, '1.00'), c('a', true, 1, '1.00')])).toThrow(
      /twice/,
    );
  });
});
