export type TallyInputErrorCode =
  | 'invalid_input'
  | 'unknown_matter'
  | 'invalid_policy'
  | 'invalid_unit'
  | 'invalid_area'
  | 'duplicate_unit'
  | 'invalid_vote'
  | 'unknown_choice'
  | 'unit_not_in_scope'
  | 'duplicate_vote';

/**
 * Bad input to {@link tally}. `path` names the offending entry (e.g. `votes[3]`), and the message
 * names the unit, so a committee member can find the row; nothing is decided for such input.
 */
export class TallyInputError extends Error {
  override readonly name = 'TallyInputError';
  constructor(
    readonly code: TallyInputErrorCode,
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}
