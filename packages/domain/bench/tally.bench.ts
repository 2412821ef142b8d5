/**
 * Tallies a large estate and prints the time. Not a test: run with `pnpm bench`.
 * 100,000 units (some owners holding several, an unsold developer block), 60,000 ballots.
 */
import { performance } from 'node:perf_hooks';
import { type TallyInput, type TallyVote, tally } from '../src/index.ts';

const UNITS = 100_000;
const BALLOTS = 60_000;
const ROUNDS = 20;
const areas = ['88.00', '96.50', '132.25', '59.80', '143.07'];
const choices: TallyVote['choice'][] = ['agree', 'agree', 'agree', 'oppose', 'abstain', 'invalid'];

const units = Array.from({ length: UNITS }, (_, i) => ({
  unit: `B${Math.floor(i / 400) + 1}-${(i % 400) + 1}`,
  // every tenth owner holds two units; the last 500 units are the developer's
  owner: i >= UNITS - 500 ? 'developer' : `o${i % 10 === 1 ? i - 1 : i}`,
  area: areas[i % areas.length]!,
  developerUnsold: i >= UNITS - 500,
  served: i % 3 !== 0,
}));
const votes = units
  .slice(0, BALLOTS)
  .map((u, i): TallyVote => ({ unit: u.unit, choice: choices[i % choices.length]! }));

function run(input: TallyInput) {
  const times: number[] = [];
  let result = tally(input);
  for (let i = 0; i < ROUNDS; i++) {
    const start = performance.now();
    result = tally(input);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return { result, median: times[Math.floor(ROUNDS / 2)]!, worst: times[ROUNDS - 1]! };
}

for (const multiUnit of ['owner_ballot', 'unit_split'] as const) {
  const { result, median, worst } = run({
    matter: 6,
    policy: { multiUnit, deemed: 'majority' },
    units,
    votes,
  });
  console.log(
    `tally ${UNITS} units, ${BALLOTS} ballots, ${multiUnit}: median ${median.toFixed(1)} ms, ` +
      `worst ${worst.toFixed(1)} ms over ${ROUNDS} rounds ` +
      `(heads ${result.totalHeadcount}, participating ${result.participatingHeadcount}, passed ${result.passed})`,
  );
}
