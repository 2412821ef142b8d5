import type { z } from 'zod';

/** Variables as they arrive from the process: every value is a string or absent. */
export type EnvSource = Readonly<Record<string, string | undefined>>;

/** Thrown by {@link loadEnv}; `message` lists every bad or missing variable, one per line. */
export class EnvError extends Error {
  override readonly name = 'EnvError';
  /** `NAME: problem` for each variable that failed. */
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`Invalid environment:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
    this.problems = problems;
  }
}

/**
 * Parses the environment with a zod object schema and returns the typed result, or throws an
 * {@link EnvError} naming every variable that is missing or invalid (not only the first), so one
 * failed start shows everything to fix. Values are never echoed: they may be secrets.
 *
 * Empty strings count as unset, so `FOO=` in a `.env` file falls back to the default.
 *
 * Call it once, from the service's `env.ts`, the only module that reads `process.env`:
 *
 * @example
 * ```ts
 * // services/ballots/src/env.ts
 * import { loadEnv, port, logLevel, url } from '@yishi/env';
 * import { z } from 'zod';
 *
 * export const env = loadEnv(
 *   z.object({
 *     PORT: port(3002),
 *     LOG_LEVEL: logLevel(),
 *     DATABASE_URL: url().optional(),
 *   }),
 *   process.env,
 * );
 * ```
 */
export function loadEnv<S extends z.ZodObject>(
  schema: S,
  source: EnvSource = process.env,
): z.output<S> {
  const values = withoutEmptyValues(source);
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  throw new EnvError(result.error.issues.map((issue) => describeIssue(issue, values)));
}

function withoutEmptyValues(source: EnvSource): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== undefined && value !== '') values[name] = value;
  }
  return values;
}

function describeIssue(issue: z.core.$ZodIssue, values: Record<string, string>): string {
  const [variable] = issue.path;
  if (variable === undefined) return `(environment): ${issue.message}`;
  const name = String(variable);
  return name in values ? `${name}: ${issue.message}` : `${name}: is required but not set`;
}
