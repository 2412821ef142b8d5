import type { LogLevel } from '@yishi/env';

/**
 * The logging surface the platform needs; pino's logger satisfies it, so a service may pass one.
 * Fields are structured; `message` is a short constant ("request", "unhandled error").
 */
export interface Logger {
  debug(fields: Record<string, unknown>, message?: string): void;
  info(fields: Record<string, unknown>, message?: string): void;
  warn(fields: Record<string, unknown>, message?: string): void;
  error(fields: Record<string, unknown>, message?: string): void;
}

const severity: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Number.POSITIVE_INFINITY,
};

/** Options of {@link createLogger}. */
export interface CreateLoggerOptions {
  /** The service name, written on every line. */
  service: string;
  level?: LogLevel;
  /** Where lines go; stdout by default (the container runtime collects it). */
  write?: (line: string) => void;
  now?: () => Date;
}

/**
 * A logger that writes one JSON object per line:
 * `{"level":"info","time":"…","service":"ballots","msg":"request",…fields}`.
 * An `err` field is reduced to name, message and stack.
 */
export function createLogger(options: CreateLoggerOptions): Logger {
  const threshold = severity[options.level ?? 'info'];
  const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
  const now = options.now ?? (() => new Date());

  const log =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: Record<string, unknown>, message?: string): void => {
      if (severity[level] < threshold) return;
      const { err, ...rest } = fields;
      const line: Record<string, unknown> = {
        level,
        time: now().toISOString(),
        service: options.service,
        ...(message === undefined ? {} : { msg: message }),
        ...rest,
      };
      if (err !== undefined) line.err = serializeError(err);
      write(JSON.stringify(line));
    };

  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

function serializeError(error: unknown): unknown {
  if (!(error instanceof Error)) return { message: String(error) };
  // drizzle's "Failed query: … params: …" carries the bound values (names, phones): keep the SQL.
  const message = error.message.split('\nparams:')[0] ?? '';
  return {
    name: error.name,
    message,
    stack: error.stack?.replace(error.message, message),
    ...(error.cause === undefined ? {} : { cause: serializeError(error.cause) }),
  };
}
