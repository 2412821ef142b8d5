import { describe, expect, it } from 'vitest';
import { evaluateFigures } from './figures.ts';

const totals = { totalArea: '10000.00', totalHeadcount: 90 };

describe('evaluateFigures', () => {
  it('needs two thirds exactly: 6666.66 of 10000.00 misses the quorum', () => {
    const check = evaluateFigures(4, totals, {
      participatingArea: '6666.66',
      participatingHeadcount: 60,
      agreeArea: '6000.00',
      agreeHeadcount: 55,
    });
    expect(check.ok && check.figures.quorumMet).toBe(false);
    expect(check.ok && check.figures.passed).toBe(false);
  });

  it('passes a majority item with more than half, but not item 6 without three quarters', () => {
    const input = {
      participatingArea: '7000.00',
      participatingHeadcount: 60,
      agreeArea: '4000.00',
      agreeHeadcount: 40,
    };
    const majority = evaluateFigures(5, totals, input);
    const raise = evaluateFigures(6, totals, input);
    expect(majority.ok && majority.figures.passed).toBe(true);
    expect(raise.ok && raise.figures.passed).toBe(false);
  });

  it('fails exactly one half (过半数 is strictly more)', () => {
    const check = evaluateFigures(1, totals, {
      participatingArea: '8000.00',
      participatingHeadcount: 60,
      agreeArea: '4000.00',
      agreeHeadcount: 40,
    });
    expect(check.ok && check.figures.approvalMet).toBe(false);
  });

  it('refuses figures that cannot be', () => {
    expect(
      evaluateFigures(1, totals, {
        participatingArea: '10000.01',
        participatingHeadcount: 60,
        agreeArea: '1.00',
        agreeHeadcount: 1,
      }),
    ).toEqual({ ok: false, reason: 'exceeds_total' });
    expect(
      evaluateFigures(1, totals, {
        participatingArea: '100.00',
        participatingHeadcount: 2,
        agreeArea: '100.00',
        agreeHeadcount: 3,
      }),
    ).toEqual({ ok: false, reason: 'agree_exceeds_participating' });
    expect(
      evaluateFigures(1, totals, {
        participatingArea: '1.005',
        participatingHeadcount: 2,
        agreeArea: '1.00',
        agreeHeadcount: 1,
      }),
    ).toEqual({ ok: false, reason: 'bad_area' });
  });
});
