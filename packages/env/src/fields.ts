import { z } from 'zod';

/** A TCP port (1–65535) given as a string; `fallback` applies when the variable is unset. */
export function port(fallback?: number) {
  const schema = z.coerce.number().int().min(1).max(65_535);
  return fallback === undefined ? schema : schema.default(fallback);
}

/**
 * An absolute URL kept as a string (drivers take strings). `protocols` restricts the scheme, e.g.
 * `url({ protocols: ['postgres', 'postgresql'] })`.
 */
export function url(options: { protocols?: readonly string[]; fallback?: string } = {}) {
  const { protocols } = options;
  const schema = z
    .url()
    .refine(
      (value) => !protocols || protocols.includes(new URL(value).protocol.replace(/:$/, '')),
      { message: `must use one of the protocols: ${protocols?.join(', ')}` },
    );
  return options.fallback === undefined ? schema : schema.default(options.fallback);
}

const truthy = new Set(['true', '1', 'yes', 'on']);
const falsy = new Set(['false', '0', 'no', 'off']);

/**
 * A boolean flag. Accepts true/false, 1/0, yes/no, on/off (any case); anything else is an error
 * rather than silently false, because `FEATURE=ture` should not quietly disable a feature.
 */
export function booleanString(fallback?: boolean) {
  const schema = z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .refine((value) => truthy.has(value) || falsy.has(value), {
      message: 'must be one of true/false, 1/0, yes/no, on/off',
    })
    .transform((value) => truthy.has(value));
  return fallback === undefined ? schema : schema.default(fallback);
}

/** Log levels, lowest first; `@yishi/app`'s logger uses the same names. */
export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof logLevels)[number];

/** A log level name; defaults to `info`. */
export function logLevel(fallback: LogLevel = 'info') {
  return z
    .string()
    .transform((value) => value.trim().toLowerCase())
    .pipe(z.enum(logLevels))
    .default(fallback);
}
