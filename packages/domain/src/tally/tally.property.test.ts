import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatArea, parseArea } from './area.ts';
import { tally } from './tally.ts';
import {
  CHOICES,
  type TallyInput,
  type TallyPolicy,
  type TallyUnit,
  type TallyVote,
} from './types.ts';

const policyArb: fc.Arbitrary<TallyPolicy> = fc.record({
  multiUnit: fc.constantFrom('owner_ballot', 'unit_split'),
  invalidParticipates: fc.boolean(),
  deemed: fc.constantFrom('none', 'majority'),
});

/** Units with a small owner pool, so owners with several units and the developer occur often. */
const unitsArb: fc.Arbitrary<TallyUnit[]> = fc
  .array(
    fc.record({
      owner: fc.integer({ min: 0, max: 12 }),
      hundredths: fc.bigInt({ min: 0n, max: 50_000n }),
      developerUnsold: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      served: fc.boolean(),
    }),
    { maxLength: 30 },
  )
  .map((rows) =>
    rows.map((row, i) => ({
      unit: `u${i}`,
      owner: row.developerUnsold ? 'dev' : `o${row.owner}`,
      area: formatArea(row.hundredths),
      developerUnsold: row.developerUnsold,
      served: row.served,
    })),
  );

const inputArb: fc.Arbitrary<TallyInput> = fc
  .tuple(fc.integer({ min: 1, max: 9 }), policyArb, unitsArb)
  .chain(([matter, policy, units]) =>
    fc
      .array(fc.option(fc.constantFrom(...CHOICES), { nil: undefined }), {
        minLength: units.length,
        maxLength: units.length,
      })
      .map((choices) => ({
        matter,
        policy,
        units,
        votes: units.flatMap((u, i): TallyVote[] => {
          const choice = choices[i];
          return choice ? [{ unit: u.unit, choice }] : [];
        }),
      })),
  );

const decision = (input: TallyInput) => {
  const { quorumMet, approvalMet, passed } = tally(input);
  return { quorumMet, approvalMet, passed };
};

const shuffled = <T>(items: readonly T[]) =>
  fc.shuffledSubarray([...items], { minLength: items.length, maxLength: items.length });

describe('tally invariants', () => {
  it('never changes its result when units or votes are permuted', () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) =>
          fc.tuple(fc.constant(input), shuffled(input.units), shuffled(input.votes)),
        ),
        ([input, units, votes]) => {
          expect(tally({ ...input, units, votes })).toEqual(tally(input));
        },
      ),
    );
  });

  it('never turns a passed matter into a failed one when a silent owner agrees', () => {
    fc.assert(
      fc.property(inputArb, fc.nat(), (input, pick) => {
        const voted = new Set(input.votes.map((v) => v.unit));
        const silentOwners = [
          ...new Set(
            input.units
              .filter((u) => !input.units.some((o) => o.owner === u.owner && voted.has(o.unit)))
              .map((u) => u.owner),
          ),
        ];
        fc.pre(silentOwners.length > 0 && tally(input).passed);
        const owner = silentOwners[pick % silentOwners.length];
        const agreeing = input.units
          .filter((u) => u.owner === owner)
          .map((u): TallyVote => ({ unit: u.unit, choice: 'agree' }));
        expect(tally({ ...input, votes: [...input.votes, ...agreeing] }).passed).toBe(true);
      }),
    );
  });

  it('decides the same when every area is multiplied by the same positive integer', () => {
    fc.assert(
      fc.property(inputArb, fc.integer({ min: 2, max: 1000 }), (input, factor) => {
        const scaled = input.units.map((u) => ({
          ...u,
          area: formatArea(parseArea(u.area) * BigInt(factor)),
        }));
        expect(decision({ ...input, units: scaled })).toEqual(decision(input));
      }),
    );
  });

  it('gives the same result under both multiUnit policies when no owner splits their ballot', () => {
    fc.assert(
      fc.property(
        inputArb.chain((input) => {
          const owners = [...new Set(input.units.map((u) => u.owner))];
          return fc
            .array(fc.option(fc.constantFrom(...CHOICES), { nil: undefined }), {
              minLength: owners.length,
              maxLength: owners.length,
            })
            .map((choices) => {
              const byOwner = new Map(owners.map((o, i) => [o, choices[i]]));
              const votes = input.units.flatMap((u): TallyVote[] => {
                const choice = byOwner.get(u.owner);
                return choice ? [{ unit: u.unit, choice }] : [];
              });
              return { ...input, votes };
            });
        }),
        (input) => {
          const policy = input.policy as TallyPolicy;
          const { policy: _a, ...ownerBallot } = tally({
            ...input,
            policy: { ...policy, multiUnit: 'owner_ballot' },
          });
          const { policy: _b, ...unitSplit } = tally({
            ...input,
            policy: { ...policy, multiUnit: 'unit_split' },
          });
          expect(unitSplit).toEqual(ownerBallot);
        },
      ),
    );
  });

  it('keeps agree within participation within the total, and the breakdown adds up', () => {
    fc.assert(
      fc.property(inputArb, (input) => {
        const r = tally(input);
        const a = (s: string) => parseArea(s);
        expect(a(r.agreeArea) <= a(r.participatingArea)).toBe(true);
        expect(a(r.participatingArea) <= a(r.totalArea)).toBe(true);
        expect(r.agreeHeadcount <= r.participatingHeadcount).toBe(true);
        expect(r.participatingHeadcount <= r.totalHeadcount).toBe(true);
        expect(r.participatingHeadcount).toBe(r.voted.headcount + r.deemed.headcount);
        expect(a(r.participatingArea)).toBe(a(r.voted.area) + a(r.deemed.area));
        const realAgree = r.agreeHeadcount - (r.deemed.side === 'agree' ? r.deemed.headcount : 0);
        expect(
          realAgree +
            r.oppose.headcount +
            r.abstain.headcount +
            r.invalid.headcount +
            r.mixedHeadcount,
        ).toBe(r.voted.headcount);
        expect(r.passed).toBe(r.quorumMet && r.approvalMet);
      }),
    );
  });
});
