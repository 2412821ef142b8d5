import { isMatterItem, type MatterItem } from '../matters/index.ts';
import { tryParseAreaNumber } from './area.ts';
import { TallyInputError, type TallyInputErrorCode } from './errors.ts';
import {
  CHOICES,
  type Choice,
  DEFAULT_POLICY,
  type TallyInput,
  type TallyPolicy,
} from './types.ts';

export interface ValidUnit {
  owner: string;
  /** Hundredths of a square metre; every sum of these is a safe integer (checked below). */
  area: number;
  developerUnsold: boolean;
  served: boolean;
  choice: Choice | undefined;
  /** Index in `votes` of the ballot for this unit, to name the first of two ballots. */
  voteIndex: number;
}

export interface ValidInput {
  matter: MatterItem;
  policy: TallyPolicy;
  units: ValidUnit[];
}

const describe = (value: unknown) => JSON.stringify(value) ?? String(value);
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Messages are built only on failure: the loops below run for every unit of an estate.
const unitError = (code: TallyInputErrorCode, i: number, unit: unknown, message: string) =>
  new TallyInputError(code, `units[${i}] (unit ${describe(unit)})`, message);
const voteError = (code: TallyInputErrorCode, i: number, unit: unknown, message: string) =>
  new TallyInputError(code, `votes[${i}] (unit ${describe(unit)})`, message);

/** Checks the whole input at run time (it may come from JSON) and returns it normalised. */
export function validateInput(input: TallyInput): ValidInput {
  if (!isRecord(input)) throw new TallyInputError('invalid_input', 'input', 'must be an object');
  const { matter } = input;
  if (!isMatterItem(matter)) {
    throw new TallyInputError(
      'unknown_matter',
      'matter',
      `${describe(matter)} is not an item of Civil Code Art. 278 (an integer 1 to 9)`,
    );
  }
  const policy = validatePolicy(input.policy);
  if (!Array.isArray(input.units)) {
    throw new TallyInputError('invalid_input', 'units', 'must be an array');
  }
  if (!Array.isArray(input.votes)) {
    throw new TallyInputError('invalid_input', 'votes', 'must be an array');
  }

  const units: ValidUnit[] = [];
  let totalArea = 0;
  const indexById = new Map<string, number>();
  for (let i = 0; i < input.units.length; i++) {
    const raw: unknown = input.units[i];
    if (!isRecord(raw))
      throw new TallyInputError('invalid_unit', `units[${i}]`, 'must be an object');
    const { unit, owner, area, developerUnsold, served } = raw;
    if (typeof unit !== 'string' || unit === '') {
      throw new TallyInputError(
        'invalid_unit',
        `units[${i}]`,
        'unit id must be a non-empty string',
      );
    }
    const previous = indexById.get(unit);
    if (previous !== undefined) {
      throw unitError('duplicate_unit', i, unit, `unit id repeats units[${previous}]`);
    }
    if (typeof owner !== 'string' || owner === '') {
      throw unitError('invalid_unit', i, unit, 'owner must be a non-empty string');
    }
    const hundredths = tryParseAreaNumber(area);
    if (hundredths === undefined) {
      throw unitError(
        'invalid_area',
        i,
        unit,
        `area ${describe(area)} is not a non-negative decimal with at most two decimals`,
      );
    }
    if (developerUnsold !== undefined && typeof developerUnsold !== 'boolean') {
      throw unitError('invalid_unit', i, unit, 'developerUnsold must be true or false');
    }
    if (served !== undefined && typeof served !== 'boolean') {
      throw unitError('invalid_unit', i, unit, 'served must be true or false');
    }
    indexById.set(unit, i);
    totalArea += hundredths;
    units.push({
      owner,
      area: hundredths,
      developerUnsold: developerUnsold === true,
      served: served === true,
      choice: undefined,
      voteIndex: -1,
    });
  }

  // Every partial sum of non-negative areas is at most the total, so a safe total keeps all of
  // the tally's sums exact in plain numbers; the final comparisons are done in BigInt.
  if (!Number.isSafeInteger(totalArea)) {
    throw new TallyInputError('invalid_area', 'units', 'the total area is implausibly large');
  }

  for (let i = 0; i < input.votes.length; i++) {
    const raw: unknown = input.votes[i];
    if (!isRecord(raw))
      throw new TallyInputError('invalid_vote', `votes[${i}]`, 'must be an object');
    const { unit, choice, castBy } = raw;
    const index = typeof unit === 'string' ? indexById.get(unit) : undefined;
    if (index === undefined) {
      throw voteError('unit_not_in_scope', i, unit, 'the unit is not in this ballot');
    }
    if (!CHOICES.includes(choice as Choice)) {
      throw voteError(
        'unknown_choice',
        i,
        unit,
        `choice ${describe(choice)} is not one of ${CHOICES.join(', ')}`,
      );
    }
    if (castBy !== undefined && typeof castBy !== 'string') {
      throw voteError('invalid_vote', i, unit, 'castBy must be a string');
    }
    const target = units[index]!;
    if (target.voteIndex >= 0) {
      throw voteError(
        'duplicate_vote',
        i,
        unit,
        `a second ballot for the unit (the first is votes[${target.voteIndex}])`,
      );
    }
    target.choice = choice as Choice;
    target.voteIndex = i;
  }

  return { matter, policy, units };
}

function validatePolicy(raw: unknown): TallyPolicy {
  if (raw === undefined || raw === null) return { ...DEFAULT_POLICY };
  if (!isRecord(raw)) throw new TallyInputError('invalid_policy', 'policy', 'must be an object');
  const allowed = {
    multiUnit: ['owner_ballot', 'unit_split'],
    invalidParticipates: [true, false],
    deemed: ['none', 'majority'],
  } as const;
  const policy: TallyPolicy = { ...DEFAULT_POLICY };
  // Keys this engine does not know (e.g. a community's parking setting, which shapes the scope
  // before the tally) are not policies of the tally and are left alone.
  for (const key of Object.keys(allowed) as (keyof TallyPolicy)[]) {
    const value = raw[key];
    if (value === undefined) continue;
    if (!(allowed[key] as readonly unknown[]).includes(value)) {
      throw new TallyInputError(
        'invalid_policy',
        `policy.${key}`,
        `${describe(value)} is not one of ${allowed[key].map(describe).join(', ')}`,
      );
    }
    Object.assign(policy, { [key]: value });
  }
  return policy;
}
