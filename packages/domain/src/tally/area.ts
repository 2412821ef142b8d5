/**
 * Areas travel as decimal strings with at most two decimals ("89.50") and are computed in integer
 * hundredths of a square metre (BigInt), so no comparison ever depends on floating-point rounding.
 */
const AREA_PATTERN = /^(\d+)(?:\.(\d{1,2}))?$/;

/** True when `value` is a non-negative decimal string with at most two decimals. */
export function isAreaString(value: unknown): value is string {
  return typeof value === 'string' && AREA_PATTERN.test(value);
}

/** Hundredths of a square metre, or undefined when `value` is not a valid area string. */
export function tryParseArea(value: unknown): bigint | undefined {
  const digits = hundredthsDigits(value);
  return digits === undefined ? undefined : BigInt(digits);
}

/**
 * Hundredths of a square metre as a JavaScript number, or undefined when `value` is not a valid
 * area string. Exact while the result is a safe integer (below 2^53 hundredths, about 90 million
 * km²); callers that add areas check that their total stays safe.
 */
export function tryParseAreaNumber(value: unknown): number | undefined {
  const digits = hundredthsDigits(value);
  return digits === undefined ? undefined : Number(digits);
}

function hundredthsDigits(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = AREA_PATTERN.exec(value);
  if (!match) return undefined;
  return (match[1] ?? '0') + (match[2] ?? '').padEnd(2, '0');
}

/**
 * Parses an area string into hundredths of a square metre.
 * @example parseArea('89.5') === 8950n
 * @throws RangeError when the string is not a non-negative decimal with at most two decimals.
 */
export function parseArea(value: string): bigint {
  const hundredths = tryParseArea(value);
  if (hundredths === undefined) {
    throw new RangeError(`"${value}" is not a non-negative area with at most two decimals`);
  }
  return hundredths;
}

/**
 * Formats hundredths of a square metre with exactly two decimals.
 * @example formatArea(8950n) === '89.50'
 */
export function formatArea(hundredths: bigint): string {
  const sign = hundredths < 0n ? '-' : '';
  const digits = (hundredths < 0n ? -hundredths : hundredths).toString().padStart(3, '0');
  return `${sign}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
