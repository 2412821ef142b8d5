export { formatArea, isAreaString, parseArea } from './area.ts';
export { TallyInputError, type TallyInputErrorCode } from './errors.ts';
export type { Ratio } from './ratio.ts';
export { tally } from './tally.ts';
export {
  CHOICES,
  type Choice,
  DEFAULT_POLICY,
  type Figures,
  type TallyInput,
  type TallyPolicy,
  type TallyResult,
  type TallyUnit,
  type TallyVote,
} from './types.ts';
