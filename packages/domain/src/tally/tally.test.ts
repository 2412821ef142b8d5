import { describe, expect, it } from 'vitest';
import { TallyInputError } from './errors.ts';
import { tally } from './tally.ts';
import type { TallyInput, TallyUnit, TallyVote } from './types.ts';

const units = (n: number, area = '100.00'): TallyUnit[] =>
  Array.from({ length: n }, (_, i) => ({ unit: `u${i + 1}`, owner: `o${i + 1}`, area }));
const votes = (...choices: TallyVote['choice'][]): TallyVote[] =>
  choices.map((choice, i) => ({ unit: `u${i + 1}`, choice }));

function refusal(input: unknown): TallyInputError {
  try {
    tally(input as TallyInput);
  } catch (error) {
    if (error instanceof TallyInputError) return error;
    throw error;
  }
  throw new Error('tally accepted the input');
}

describe('tally arithmetic', () => {
  it('does not round 6666.66 of 10000.00 up to two thirds, though it displays as 66.67%', () => {
    const result = tally({
      matter: 4,
      units: [
        { unit: 'a', owner: 'a', area: '6666.66' },
        { unit: 'b', owner: 'b', area: '3333.34' },
        { unit: 'c', owner: 'c', area: '0.00' },
      ],
      votes: [
        { unit: 'a', choice: 'agree' },
        { unit: 'c', choice: 'agree' },
      ],
    });
    expect(result.quorum.area.percent).toBe('66.67');
    expect(result.quorum.areaMet).toBe(false);
    expect(result.quorum.headcountMet).toBe(true);
    expect(result.quorum.shortfall).toEqual({ area: '0.01', headcount: 0 });
    expect(result.passed).toBe(false);
    expect(result.decision).toBe('not_formed');
  });

  it('stays exact for very large areas', () => {
    const result = tally({
      matter: 4,
      units: [
        { unit: 'a', owner: 'a', area: '20000000000000.00' },
        { unit: 'b', owner: 'b', area: '10000000000000.01' },
      ],
      votes: [{ unit: 'a', choice: 'agree' }],
    });
    expect(result.totalArea).toBe('30000000000000.01');
    // 2/3 of 30000000000000.01 is 20000000000000.006…, so one hundredth more is needed
    expect(result.quorum.areaMet).toBe(false);
    expect(result.quorum.shortfall.area).toBe('0.01');
  });

  it('accepts areas with one or no decimals and reports them with two', () => {
    const result = tally({
      matter: 1,
      units: [
        { unit: 'a', owner: 'a', area: '89.5' },
        { unit: 'b', owner: 'b', area: '90' },
      ],
      votes: votes(),
    });
    expect(result.totalArea).toBe('179.50');
  });

  it('says how many owners and square metres the quorum still needs', () => {
    const result = tally({ matter: 4, units: units(9), votes: votes('agree', 'agree') });
    expect(result.quorum.shortfall).toEqual({ area: '400.00', headcount: 4 });
  });

  it('needs participants for a three-quarters item: nobody voting is no approval', () => {
    const result = tally({ matter: 7, units: units(3), votes: [] });
    expect(result.approvalMet).toBe(false);
    expect(result.approval.area.percent).toBeNull();
  });

  it('fails a three-quarters item that falls short in heads though the area is enough', () => {
    const input: TallyInput = {
      matter: 8,
      units: [
        { unit: 'big', owner: 'big', area: '900.00' },
        ...units(3, '10.00').map((u) => ({ ...u, unit: `s${u.unit}` })),
      ],
      votes: [
        { unit: 'big', choice: 'agree' },
        { unit: 'su1', choice: 'agree' },
        { unit: 'su2', choice: 'oppose' },
        { unit: 'su3', choice: 'oppose' },
      ],
    };
    const result = tally(input);
    expect(result.approval.areaMet).toBe(true);
    expect(result.approval.headcountMet).toBe(false);
    expect(result.passed).toBe(false);
  });
});

describe('heads', () => {
  it('counts all unsold developer units as one head even under different owner keys', () => {
    const result = tally({
      matter: 4,
      units: [
        { unit: 'd1', owner: 'dev-a', area: '100.00', developerUnsold: true },
        { unit: 'd2', owner: 'dev-b', area: '100.00', developerUnsold: true },
        { unit: 'o1', owner: 'o1', area: '100.00' },
      ],
      votes: [{ unit: 'd1', choice: 'agree' }],
    });
    expect(result.totalHeadcount).toBe(2);
    expect(result.participatingArea).toBe('200.00');
    expect(result.participatingHeadcount).toBe(1);
  });

  it('never merges heads through a proxy', () => {
    const result = tally({
      matter: 4,
      units: units(3),
      votes: [
        { unit: 'u1', choice: 'agree', castBy: 'proxy' },
        { unit: 'u2', choice: 'agree', castBy: 'proxy' },
      ],
    });
    expect(result.participatingHeadcount).toBe(2);
  });

  it('treats a co-owner set as a person distinct from each co-owner', () => {
    const result = tally({
      matter: 4,
      units: [
        { unit: 'a', owner: 'o1', area: '50.00' },
        { unit: 'b', owner: 'o1&o2', area: '50.00' },
      ],
      votes: [],
    });
    expect(result.totalHeadcount).toBe(2);
  });
});

describe('policies', () => {
  const multi: TallyUnit[] = [
    { unit: 'm1', owner: 'm', area: '100.00' },
    { unit: 'm2', owner: 'm', area: '50.00' },
    { unit: 'x', owner: 'x', area: '100.00' },
  ];

  it('owner_ballot: an owner voting on one unit brings all their area', () => {
    const result = tally({ matter: 4, units: multi, votes: [{ unit: 'm1', choice: 'agree' }] });
    expect(result.participatingArea).toBe('150.00');
    expect(result.agreeArea).toBe('150.00');
  });

  it('owner_ballot: disagreeing unit ballots make the owner invalid, still participating', () => {
    const result = tally({
      matter: 4,
      units: multi,
      votes: [
        { unit: 'm1', choice: 'agree' },
        { unit: 'm2', choice: 'oppose' },
      ],
    });
    expect(result.invalid).toEqual({ area: '150.00', headcount: 1 });
    expect(result.participatingHeadcount).toBe(1);
    expect(result.agreeHeadcount).toBe(0);
  });

  it('owner_ballot with invalidParticipates=false: a spoiled owner ballot does not participate', () => {
    const result = tally({
      matter: 4,
      policy: { invalidParticipates: false },
      units: multi,
      votes: [
        { unit: 'm1', choice: 'agree' },
        { unit: 'm2', choice: 'invalid' },
      ],
    });
    expect(result.participatingHeadcount).toBe(0);
    expect(result.participatingArea).toBe('0.00');
  });

  it('unit_split: each unit area follows its own ballot; one disagreeing unit loses the head', () => {
    const result = tally({
      matter: 4,
      policy: { multiUnit: 'unit_split' },
      units: multi,
      votes: [
        { unit: 'm1', choice: 'agree' },
        { unit: 'm2', choice: 'oppose' },
        { unit: 'x', choice: 'agree' },
      ],
    });
    expect(result.participatingArea).toBe('250.00');
    expect(result.participatingHeadcount).toBe(2);
    expect(result.agreeArea).toBe('200.00');
    expect(result.agreeHeadcount).toBe(1);
    expect(result.oppose).toEqual({ area: '50.00', headcount: 0 });
    expect(result.mixedHeadcount).toBe(1);
  });

  it('unit_split: an unvoted unit of a voting owner brings no area', () => {
    const result = tally({
      matter: 4,
      policy: { multiUnit: 'unit_split' },
      units: multi,
      votes: [{ unit: 'm1', choice: 'agree' }],
    });
    expect(result.participatingArea).toBe('100.00');
    expect(result.participatingHeadcount).toBe(1);
  });

  it('unit_split with invalidParticipates=false: an ignored invalid unit ballot does not block agreement', () => {
    const result = tally({
      matter: 4,
      policy: { multiUnit: 'unit_split', invalidParticipates: false },
      units: multi,
      votes: [
        { unit: 'm1', choice: 'agree' },
        { unit: 'm2', choice: 'invalid' },
      ],
    });
    expect(result.participatingArea).toBe('100.00');
    expect(result.agreeHeadcount).toBe(1);
  });

  it('deemed majority: served silent owners follow the agreeing side, reported apart', () => {
    const input: TallyInput = {
      matter: 4,
      policy: { deemed: 'majority' },
      units: [...units(6), { unit: 'u7', owner: 'o7', area: '100.00', served: false }].map(
        (u, i) => (i >= 3 && i < 6 ? { ...u, served: true } : u),
      ),
      votes: votes('agree', 'agree', 'oppose'),
    };
    const result = tally(input);
    expect(result.deemed).toEqual({ side: 'agree', area: '300.00', headcount: 3 });
    expect(result.voted).toEqual({ area: '300.00', headcount: 3 });
    expect(result.participatingHeadcount).toBe(6);
    expect(result.agreeHeadcount).toBe(5);
    expect(result.passed).toBe(true);
    expect(tally({ ...input, policy: {} }).passed).toBe(false);
  });

  it('deemed majority: no side when agree wins by area but not by heads', () => {
    const result = tally({
      matter: 4,
      policy: { deemed: 'majority' },
      units: [
        { unit: 'big', owner: 'big', area: '500.00' },
        ...units(3).map((u) => ({ ...u, served: true })),
        { unit: 'q', owner: 'q', area: '100.00' },
        { unit: 'r', owner: 'r', area: '100.00' },
      ],
      votes: [
        { unit: 'big', choice: 'agree' },
        { unit: 'q', choice: 'oppose' },
        { unit: 'r', choice: 'oppose' },
      ],
    });
    expect(result.deemed.side).toBe('none');
    expect(result.participatingHeadcount).toBe(3);
  });

  it('records the policy it applied, defaults filled in', () => {
    expect(
      tally({ matter: 1, policy: { deemed: 'majority' }, units: [], votes: [] }).policy,
    ).toEqual({
      multiUnit: 'owner_ballot',
      invalidParticipates: true,
      deemed: 'majority',
    });
  });
});

describe('bad input is refused, naming the entry', () => {
  it.each([
    ['an unknown matter', { matter: 10, units: [], votes: [] }, 'unknown_matter', 'matter'],
    ['a fractional matter', { matter: 1.5, units: [], votes: [] }, 'unknown_matter', 'matter'],
    [
      'a duplicate unit',
      { matter: 1, units: [...units(2), { unit: 'u1', owner: 'z', area: '1' }], votes: [] },
      'duplicate_unit',
      'units[2] (unit "u1")',
    ],
    [
      'an area with three decimals',
      { matter: 1, units: [{ unit: 'a', owner: 'a', area: '1.005' }], votes: [] },
      'invalid_area',
      'units[0] (unit "a")',
    ],
    [
      'a negative area',
      { matter: 1, units: [{ unit: 'a', owner: 'a', area: '-1.00' }], votes: [] },
      'invalid_area',
      'units[0] (unit "a")',
    ],
    [
      'a numeric area',
      { matter: 1, units: [{ unit: 'a', owner: 'a', area: 100 }], votes: [] },
      'invalid_area',
      'units[0] (unit "a")',
    ],
    [
      'a vote outside the scope',
      { matter: 1, units: units(1), votes: [{ unit: 'u9', choice: 'agree' }] },
      'unit_not_in_scope',
      'votes[0] (unit "u9")',
    ],
    [
      'two votes for one unit',
      { matter: 1, units: units(1), votes: [...votes('agree'), ...votes('oppose')] },
      'duplicate_vote',
      'votes[1] (unit "u1")',
    ],
    [
      'an unknown choice',
      { matter: 1, units: units(1), votes: [{ unit: 'u1', choice: 'yes' }] },
      'unknown_choice',
      'votes[0] (unit "u1")',
    ],
    [
      'an unknown policy value',
      { matter: 1, policy: { multiUnit: 'split' }, units: [], votes: [] },
      'invalid_policy',
      'policy.multiUnit',
    ],
    [
      'a total area beyond any estate',
      {
        matter: 1,
        units: [
          { unit: 'a', owner: 'a', area: '95000000000000.00' },
          { unit: 'b', owner: 'b', area: '1.00' },
        ],
        votes: [],
      },
      'invalid_area',
      'units',
    ],
    [
      'a unit without owner',
      { matter: 1, units: [{ unit: 'a', area: '1' }], votes: [] },
      'invalid_unit',
      'units[0] (unit "a")',
    ],
  ])('refuses %s', (_name, input, code, path) => {
    const error = refusal(input);
    expect(error.code).toBe(code);
    expect(error.path).toBe(path);
    expect(error.message.startsWith(path)).toBe(true);
  });
});
