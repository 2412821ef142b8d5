import {
  MATTERS,
  type Matter,
  type MatterItem,
  type MatterKey,
  type Threshold,
} from './catalogue.ts';

/** Something that is not an item 1..9 of Civil Code Art. 278 was given where a matter is needed. */
export class UnknownMatterError extends RangeError {
  override readonly name = 'UnknownMatterError';
  readonly code = 'unknown_matter';
  constructor(
    readonly value: unknown,
    expected = 'an integer item 1..9 of Civil Code Art. 278',
  ) {
    super(`unknown matter ${describe(value)}: a matter is ${expected}`);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') {
    return String(value);
  }
  return value === null ? 'null' : `of type ${typeof value}`;
}

/** Whether `value` is an item of Civil Code Art. 278: the number 1, 2, ... or 9 (no strings, no 1.5). */
export function isMatterItem(value: unknown): value is MatterItem {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 9;
}

/**
 * The matter of an item of Civil Code Art. 278.
 *
 * @throws {UnknownMatterError} when `item` is not an integer 1..9.
 * @example getMatter(6).threshold // 'three_quarters'
 */
export function getMatter(item: unknown): Matter {
  if (!isMatterItem(item)) throw new UnknownMatterError(item);
  return MATTERS[item - 1]!;
}

/**
 * The approval threshold of an item: `three_quarters` for items 6, 7 and 8, `majority` otherwise.
 *
 * @throws {UnknownMatterError} when `item` is not an integer 1..9.
 */
export function thresholdOf(item: unknown): Threshold {
  return getMatter(item).threshold;
}

/** Whether `value` is the stable key of one of the nine matters. */
export function isMatterKey(value: unknown): value is MatterKey {
  return MATTERS.some((m) => m.key === value);
}

/**
 * The matter with a stable key, e.g. `getMatterByKey('use_maintenance_fund').item === 5`.
 *
 * @throws {UnknownMatterError} when `key` is not one of the nine keys.
 */
export function getMatterByKey(key: unknown): Matter {
  const found = MATTERS.find((m) => m.key === key);
  if (!found) {
    throw new UnknownMatterError(key, `one of ${MATTERS.map((m) => m.key).join(', ')}`);
  }
  return found;
}
