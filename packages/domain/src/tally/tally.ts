import { thresholdOf } from '../matters/index.ts';
import { formatArea } from './area.ts';
import { ratio } from './ratio.ts';
import type { Choice, TallyInput, TallyResult } from './types.ts';
import { type ValidUnit, validateInput } from './validate.ts';

/** One head (RULES.md §1, SPC interpretation art. 9) and what their ballots add up to. */
interface Head {
  /** Hundredths of a square metre (a safe integer, see validateInput). */
  area: number;
  served: boolean;
  ballots: number;
  /** The choice of the first ballot, and whether any later one differed (owner_ballot). */
  first: Choice | undefined;
  mixed: boolean;
  /** The same over counted ballots only (unit_split). */
  counted: number;
  countedFirst: Choice | undefined;
  countedMixed: boolean;
}

const zeroByChoice = () => ({ agree: 0, oppose: 0, abstain: 0, invalid: 0 });

/**
 * Decides one matter of an owners' vote under Civil Code Art. 278 (rules/RULES.md): the double
 * two-thirds participation quorum, then the majority or three-quarters approval of participants,
 * both by exclusive area and by headcount. Pure: no I/O, no clock. Exact integer arithmetic.
 *
 * @throws TallyInputError naming the offending entry, for input that cannot be decided.
 * @example
 * tally({ matter: 6, units: [{ unit: '1-101', owner: 'o1', area: '89.50' }],
 *         votes: [{ unit: '1-101', choice: 'agree' }] }).passed === true
 */
export function tally(input: TallyInput): TallyResult {
  const { matter, policy, units } = validateInput(input);
  const counts = (choice: Choice) => choice !== 'invalid' || policy.invalidParticipates;
  const heads = groupHeads(units, counts);

  const area = zeroByChoice();
  const headcount = zeroByChoice();
  let mixedHeadcount = 0;

  if (policy.multiUnit === 'owner_ballot') {
    for (const head of heads.values()) {
      if (head.ballots === 0) continue;
      // One choice covers all the owner's units; disagreeing unit ballots spoil it.
      const choice = head.mixed ? 'invalid' : head.first!;
      if (!counts(choice)) continue;
      area[choice] += head.area;
      headcount[choice] += 1;
    }
  } else {
    for (const unit of units) {
      if (unit.choice !== undefined && counts(unit.choice)) area[unit.choice] += unit.area;
    }
    for (const head of heads.values()) {
      if (head.counted === 0) continue;
      if (head.countedMixed) mixedHeadcount += 1;
      else headcount[head.countedFirst!] += 1;
    }
  }

  const votedArea = area.agree + area.oppose + area.abstain + area.invalid;
  const votedHeads =
    headcount.agree + headcount.oppose + headcount.abstain + headcount.invalid + mixedHeadcount;

  let side: 'agree' | 'oppose' | 'none' = 'none';
  let deemedArea = 0;
  let deemedHeads = 0;
  if (policy.deemed === 'majority') {
    if (area.agree > area.oppose && headcount.agree > headcount.oppose) side = 'agree';
    else if (area.oppose > area.agree && headcount.oppose > headcount.agree) side = 'oppose';
    if (side !== 'none') {
      for (const head of heads.values()) {
        if (head.ballots > 0 || !head.served) continue;
        deemedArea += head.area;
        deemedHeads += 1;
      }
    }
  }

  let totalArea = 0;
  for (const head of heads.values()) totalArea += head.area;
  // The comparisons multiply by 3 or 4, which may leave the safe range: compare in BigInt.
  const TA = BigInt(totalArea);
  const TH = BigInt(heads.size);
  const PA = BigInt(votedArea + deemedArea);
  const PH = BigInt(votedHeads + deemedHeads);
  const AA = BigInt(area.agree + (side === 'agree' ? deemedArea : 0));
  const AH = BigInt(headcount.agree + (side === 'agree' ? deemedHeads : 0));

  const threshold = thresholdOf(matter);
  // 民法典 第1259条: "以上" includes the bound (>=), "过半数" excludes it (>).
  const quorumAreaMet = 3n * PA >= 2n * TA;
  const quorumHeadcountMet = 3n * PH >= 2n * TH;
  const [approvalAreaMet, approvalHeadcountMet] =
    threshold === 'three_quarters'
      ? [PH > 0n && 4n * AA >= 3n * PA, PH > 0n && 4n * AH >= 3n * PH]
      : [2n * AA > PA, 2n * AH > PH];
  const quorumMet = quorumAreaMet && quorumHeadcountMet;
  const approvalMet = approvalAreaMet && approvalHeadcountMet;
  const passed = quorumMet && approvalMet;

  const figures = (a: number | bigint, h: number | bigint) => ({
    area: formatArea(BigInt(a)),
    headcount: Number(h),
  });
  return {
    matter,
    threshold,
    policy,
    totalArea: formatArea(TA),
    totalHeadcount: Number(TH),
    participatingArea: formatArea(PA),
    participatingHeadcount: Number(PH),
    agreeArea: formatArea(AA),
    agreeHeadcount: Number(AH),
    oppose: figures(area.oppose, headcount.oppose),
    abstain: figures(area.abstain, headcount.abstain),
    invalid: figures(area.invalid, headcount.invalid),
    mixedHeadcount: Number(mixedHeadcount),
    voted: figures(votedArea, votedHeads),
    deemed: { side, ...figures(deemedArea, deemedHeads) },
    quorum: {
      met: quorumMet,
      areaMet: quorumAreaMet,
      headcountMet: quorumHeadcountMet,
      area: ratio(PA, TA, formatArea),
      headcount: ratio(PH, TH),
      shortfall: figures(stillNeeded(PA, TA), stillNeeded(PH, TH)),
    },
    approval: {
      met: approvalMet,
      areaMet: approvalAreaMet,
      headcountMet: approvalHeadcountMet,
      area: ratio(AA, PA, formatArea),
      headcount: ratio(AH, PH),
    },
    quorumMet,
    approvalMet,
    passed,
    decision: passed ? 'formed' : 'not_formed',
  };
}

/** The smallest x with 3·(part + x) >= 2·total. */
function stillNeeded(part: bigint, total: bigint): bigint {
  const gap = 2n * total - 3n * part;
  return gap > 0n ? (gap + 2n) / 3n : 0n;
}

/**
 * Groups units into heads: all units of one owner key are one person, and all unsold or
 * undelivered units of the developer are one person (SPC interpretation art. 9), whatever owner
 * keys they were recorded under. The developer's key is the smallest of those keys, so the
 * grouping does not depend on the order of the units.
 */
function groupHeads(
  units: readonly ValidUnit[],
  counts: (choice: Choice) => boolean,
): Map<string, Head> {
  const developerKeys = new Set<string>();
  for (const unit of units) if (unit.developerUnsold) developerKeys.add(unit.owner);
  const developer = [...developerKeys].sort()[0];

  const heads = new Map<string, Head>();
  for (const unit of units) {
    const key = developer !== undefined && developerKeys.has(unit.owner) ? developer : unit.owner;
    let head = heads.get(key);
    if (!head) {
      head = {
        area: 0,
        served: false,
        ballots: 0,
        first: undefined,
        mixed: false,
        counted: 0,
        countedFirst: undefined,
        countedMixed: false,
      };
      heads.set(key, head);
    }
    head.area += unit.area;
    head.served ||= unit.served;
    const { choice } = unit;
    if (choice === undefined) continue;
    head.ballots += 1;
    if (head.first === undefined) head.first = choice;
    else if (head.first !== choice) head.mixed = true;
    if (!counts(choice)) continue;
    head.counted += 1;
    if (head.countedFirst === undefined) head.countedFirst = choice;
    else if (head.countedFirst !== choice) head.countedMixed = true;
  }
  return heads;
}
