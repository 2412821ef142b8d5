import { formatArea, isAreaString, parseArea, thresholdOf } from '@yishi/domain';

/**
 * The figures counted at an owners' assembly held in person, per decision item: the totals of the
 * community (from the directory), who took part and who agreed, in area and heads.
 */
export interface CountedFigures {
  totalArea: string;
  totalHeadcount: number;
  participatingArea: string;
  participatingHeadcount: number;
  agreeArea: string;
  agreeHeadcount: number;
  quorumMet: boolean;
  approvalMet: boolean;
  passed: boolean;
}

export type FiguresInput = Pick<
  CountedFigures,
  'participatingArea' | 'participatingHeadcount' | 'agreeArea' | 'agreeHeadcount'
>;

export type FiguresCheck =
  | { ok: true; figures: CountedFigures }
  | { ok: false; reason: 'bad_area' | 'exceeds_total' | 'agree_exceeds_participating' };

/**
 * Decides an item from counted figures by the rule of Civil Code Art. 278 (RULES.md §2): two
 * thirds of the area and of the owners take part; of those taking part, more than half (items
 * 1–5, 9) or three quarters (items 6–8) agree, in area and heads at once. Integer arithmetic only.
 */
export function evaluateFigures(
  item: number,
  totals: { totalArea: string; totalHeadcount: number },
  input: FiguresInput,
): FiguresCheck {
  const areas = [totals.totalArea, input.participatingArea, input.agreeArea];
  if (!areas.every(isAreaString)) return { ok: false, reason: 'bad_area' };
  const [TA, PA, AA] = areas.map(parseArea) as [bigint, bigint, bigint];
  const TH = BigInt(totals.totalHeadcount);
  const PH = BigInt(input.participatingHeadcount);
  const AH = BigInt(input.agreeHeadcount);
  if (PA > TA || PH > TH) return { ok: false, reason: 'exceeds_total' };
  if (AA > PA || AH > PH) return { ok: false, reason: 'agree_exceeds_participating' };
  const quorumMet = 3n * PA >= 2n * TA && 3n * PH >= 2n * TH;
  const approvalMet =
    thresholdOf(item) === 'three_quarters'
      ? PH > 0n && 4n * AA >= 3n * PA && 4n * AH >= 3n * PH
      : 2n * AA > PA && 2n * AH > PH;
  return {
    ok: true,
    figures: {
      totalArea: formatArea(TA),
      totalHeadcount: totals.totalHeadcount,
      participatingArea: formatArea(PA),
      participatingHeadcount: input.participatingHeadcount,
      agreeArea: formatArea(AA),
      agreeHeadcount: input.agreeHeadcount,
      quorumMet,
      approvalMet,
      passed: quorumMet && approvalMet,
    },
  };
}
