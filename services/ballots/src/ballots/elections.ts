import { allocateSeats } from '@yishi/domain';
import type { ballotMatters } from '../db/schema/index.ts';

type MatterRow = typeof ballotMatters.$inferSelect;

/** What an election's allocation reads of each candidate's certified result. */
interface CandidateResult {
  passed: boolean;
  agreeArea: string;
  agreeHeadcount: number;
}

/**
 * The elections of a ballot, each with its candidates' questions in ballot order, listed where
 * its first candidate stands.
 */
export function electionsOf(matters: readonly MatterRow[]) {
  const elections = new Map<
    string,
    NonNullable<MatterRow['election']> & {
      item: number;
      candidates: { matterId: string; name: string }[];
    }
  >();
  for (const m of [...matters].sort((a, b) => a.position - b.position)) {
    if (!m.election) continue;
    const election = elections.get(m.election.id) ?? {
      ...m.election,
      item: m.item,
      candidates: [],
    };
    election.candidates.push({ matterId: m.id, name: m.title });
    elections.set(m.election.id, election);
  }
  return [...elections.values()];
}

/**
 * Each election with its outcome once every candidate's question has a certified result: the
 * candidates in order, elected / passed without a seat / tied for the last seats / not passed
 * (`allocateSeats` of @yishi/domain). `result` is null before the close.
 */
export function electionResults(
  matters: readonly MatterRow[],
  results: ReadonlyMap<string, unknown>,
) {
  return electionsOf(matters).map((election) => {
    const names = new Map(election.candidates.map((c) => [c.matterId, c.name]));
    const outcomes = election.candidates.map((c) => {
      const r = results.get(c.matterId) as CandidateResult | undefined;
      return r
        ? {
            id: c.matterId,
            passed: r.passed,
            agreeArea: r.agreeArea,
            agreeHeadcount: r.agreeHeadcount,
          }
        : undefined;
    });
    if (outcomes.some((o) => o === undefined)) return { ...election, result: null };
    const allocation = allocateSeats(
      election.seats,
      outcomes.filter((o) => o !== undefined),
    );
    return {
      ...election,
      result: {
        seats: allocation.seats,
        filled: allocation.filled,
        candidates: allocation.candidates.map(({ id, ...c }) => ({
          matterId: id,
          name: names.get(id) ?? '',
          ...c,
        })),
      },
    };
  });
}
