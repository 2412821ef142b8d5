/** An exact ratio, kept as integers, with a percentage for display only (never for decisions). */
export interface Ratio {
  numerator: string;
  denominator: string;
  /** Rounded half up to two decimals, e.g. "66.67"; null when the denominator is zero. */
  percent: string | null;
}

/**
 * Builds a display ratio. `format` renders the integer operands (areas as "x.yy", heads as plain
 * integers); the percentage is derived from the exact integers, rounded half up.
 */
export function ratio(
  numerator: bigint,
  denominator: bigint,
  format: (value: bigint) => string = String,
): Ratio {
  return {
    numerator: format(numerator),
    denominator: format(denominator),
    percent: denominator === 0n ? null : percentOf(numerator, denominator),
  };
}

function percentOf(numerator: bigint, denominator: bigint): string {
  // percent × 100, rounded half up: floor((n·10000·2 + d) / (2d))
  const scaled = (numerator * 20000n + denominator) / (2n * denominator);
  const digits = scaled.toString().padStart(3, '0');
  return `${digits.slice(0, -2)}.${digits.slice(-2)}`;
}
