import { parseArea } from '../tally/area.ts';

/** One candidate of an election, as its own voted question was decided by `tally`. */
export interface CandidateOutcome {
  /** The candidate's question (a matter id in the services). */
  id: string;
  /** Whether the candidate's question passed: quorum and approval under its item's threshold. */
  passed: boolean;
  /** Agreeing area ("x.yy") and heads, as `tally` reports them (deemed ones included). */
  agreeArea: string;
  agreeHeadcount: number;
}

/**
 * `elected`: passed and given a seat; `passed_no_seat`: passed, but the seats went to candidates
 * with more agreement; `tied`: passed, level with others for the last seats, which stay vacant
 * until a further vote decides between them; `not_passed`: the candidate's question formed no
 * decision.
 */
export type CandidateStatus = 'elected' | 'passed_no_seat' | 'tied' | 'not_passed';

export interface RankedCandidate extends CandidateOutcome {
  /**
   * 1-based standing among those who passed; candidates level on both figures share a rank
   * ("1, 2, 2, 4"). Null for a candidate who did not pass.
   */
  rank: number | null;
  status: CandidateStatus;
}

export interface SeatAllocation {
  seats: number;
  /** Seats given; fewer than `seats` when too few passed or a tie left the last ones vacant. */
  filled: number;
  /** Every candidate, in order: those who passed first, by agreement, then the others. */
  candidates: RankedCandidate[];
}

/** More agreeing heads first, then more agreeing area; 0 when level on both. */
function byAgreement(a: CandidateOutcome, b: CandidateOutcome): number {
  if (a.agreeHeadcount !== b.agreeHeadcount) return b.agreeHeadcount - a.agreeHeadcount;
  const area = parseArea(b.agreeArea) - parseArea(a.agreeArea);
  return area > 0n ? 1 : area < 0n ? -1 : 0;
}

/**
 * Fills an election's seats (选举业主委员会委员, Civil Code Art. 278 item 3). Each candidate was
 * decided on their own by the same rule; among those who passed, the seats go to the most agreeing
 * heads, then the most agreeing area. Candidates level on both for the last seats are all `tied`
 * and those seats stay vacant: the law names no lot or other tie-break, so a further vote decides.
 * Pure; the input order never changes the outcome (level candidates keep the order given).
 *
 * @example
 * allocateSeats(1, [
 *   { id: 'a', passed: true, agreeArea: '300.00', agreeHeadcount: 3 },
 *   { id: 'b', passed: true, agreeArea: '400.00', agreeHeadcount: 2 },
 * ]).candidates.map((c) => c.status) // ['elected', 'passed_no_seat']
 */
export function allocateSeats(
  seats: number,
  candidates: readonly CandidateOutcome[],
): SeatAllocation {
  if (!Number.isInteger(seats) || seats < 1) {
    throw new RangeError(`seats must be a positive integer, got ${seats}`);
  }
  const ids = new Set(candidates.map((c) => c.id));
  if (ids.size !== candidates.length) throw new RangeError('a candidate is listed twice');

  const passed = candidates.filter((c) => c.passed).sort(byAgreement);
  const failed = candidates.filter((c) => !c.passed).sort(byAgreement);
  const ranked: RankedCandidate[] = [];
  let free = seats;
  for (let start = 0; start < passed.length; ) {
    let end = start + 1;
    while (end < passed.length && byAgreement(passed[start]!, passed[end]!) === 0) end += 1;
    const level = passed.slice(start, end);
    const status: CandidateStatus =
      level.length <= free ? 'elected' : free === 0 ? 'passed_no_seat' : 'tied';
    if (status === 'elected') free -= level.length;
    // A tie for the last seats leaves them vacant: no later candidate takes them either.
    if (status === 'tied') free = 0;
    for (const c of level) ranked.push({ ...c, rank: start + 1, status });
    start = end;
  }
  for (const c of failed) ranked.push({ ...c, rank: null, status: 'not_passed' });
  const filled = ranked.filter((c) => c.status === 'elected').length;
  return { seats, filled, candidates: ranked };
}
