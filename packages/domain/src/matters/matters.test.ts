import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  getMatter,
  getMatterByKey,
  isMatterItem,
  isMatterKey,
  MATTERS,
  QUORUM_RULE,
  THRESHOLD_RULES,
  thresholdOf,
  UnknownMatterError,
} from './index.ts';

describe('the catalogue of Civil Code Art. 278', () => {
  it('lists the nine items in the law order, each at index item - 1', () => {
    expect(MATTERS.map((m) => m.item)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('requires three quarters for items 6, 7 and 8 only', () => {
    const threeQuarters = MATTERS.filter((m) => m.threshold === 'three_quarters').map(
      (m) => m.item,
    );
    expect(threeQuarters).toEqual([6, 7, 8]);
  });

  it('gives every matter a distinct stable key', () => {
    expect(MATTERS.map((m) => m.key)).toEqual([
      'rules_of_procedure',
      'management_statute',
      'elect_committee',
      'hire_property_manager',
      'use_maintenance_fund',
      'raise_maintenance_fund',
      'renovate_rebuild',
      'change_common_use',
      'other_major',
    ]);
  });

  it('uses the wording of the law for the Chinese labels of items 5 and 6', () => {
    expect(getMatter(5).label.zh).toBe('使用建筑物及其附属设施的维修资金');
    expect(getMatter(6).label.zh).toBe('筹集建筑物及其附属设施的维修资金');
  });

  it('explains each matter in both languages by its own threshold', () => {
    for (const m of MATTERS) {
      const zh = m.threshold === 'majority' ? '过半数' : '四分之三以上';
      expect(m.explanation.zh).toContain(zh);
      expect(m.explanation.en).toContain(
        m.threshold === 'majority' ? 'more than half' : 'three quarters',
      );
      expect(m.label.en.length).toBeGreaterThan(0);
    }
  });

  it('explains item 6 as needing three quarters of both participating area and heads', () => {
    expect(getMatter(6).explanation.zh).toContain(
      '需参与表决的业主中，专有部分面积和人数均达到四分之三以上同意',
    );
  });

  it('warns in item 5 that only raising the fund (item 6) needs three quarters', () => {
    const { explanation } = getMatter(5);
    expect(explanation.zh).toContain('第六项');
    expect(explanation.en).toContain('item 6');
  });

  it('states the double two-thirds quorum in both languages', () => {
    expect(QUORUM_RULE.zh).toContain(
      '专有部分面积占比三分之二以上的业主且人数占比三分之二以上的业主参与表决',
    );
    expect(QUORUM_RULE.en).toMatch(
      /two thirds of the total exclusive area.*two thirds of all owners/,
    );
    expect(THRESHOLD_RULES.three_quarters.zh).toContain('四分之三以上');
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(MATTERS)).toBe(true);
    expect(Object.isFrozen(getMatter(1))).toBe(true);
    expect(Object.isFrozen(getMatter(1).label)).toBe(true);
  });
});

describe('getMatter and thresholdOf', () => {
  it('returns the matter of each item', () => {
    for (const item of [1, 2, 3, 4, 5, 6, 7, 8, 9] as const) {
      expect(getMatter(item).item).toBe(item);
    }
  });

  it('gives item 5 (use the fund) a majority and item 6 (raise it) three quarters', () => {
    expect(thresholdOf(5)).toBe('majority');
    expect(thresholdOf(6)).toBe('three_quarters');
  });

  it.each([0, 10, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, '5', null, undefined, 5n, {}])(
    'refuses %s with an UnknownMatterError naming the value',
    (value) => {
      expect(() => getMatter(value)).toThrow(UnknownMatterError);
      expect(() => thresholdOf(value)).toThrow(/unknown matter .*integer item 1\.\.9/);
    },
  );

  it('carries the code unknown_matter and the offending value', () => {
    const error = (() => {
      try {
        getMatter(10);
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UnknownMatterError);
    expect(error).toMatchObject({ code: 'unknown_matter', value: 10 });
  });
});

describe('isMatterItem', () => {
  it('accepts exactly the integers 1..9', () => {
    fc.assert(
      fc.property(fc.anything(), (value) => {
        const expected = typeof value === 'number' && [1, 2, 3, 4, 5, 6, 7, 8, 9].includes(value);
        expect(isMatterItem(value)).toBe(expected);
      }),
    );
    fc.assert(
      fc.property(fc.double(), (value) => {
        expect(isMatterItem(value)).toBe(Number.isInteger(value) && value >= 1 && value <= 9);
      }),
    );
  });
});

describe('matter keys', () => {
  it('finds a matter by its key', () => {
    expect(getMatterByKey('use_maintenance_fund').item).toBe(5);
    expect(isMatterKey('renovate_rebuild')).toBe(true);
  });

  it('refuses an unknown key and lists the valid ones', () => {
    expect(isMatterKey('use_fund')).toBe(false);
    expect(() => getMatterByKey('use_fund')).toThrow(/"use_fund".*use_maintenance_fund/);
  });
});
