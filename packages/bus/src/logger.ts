type LogFn = (fields: Record<string, unknown>, message: string) => void;

/** The structured logger bus writes to; pino's `(fields, message)` order, so a pino logger fits. */
export interface BusLogger {
  debug: LogFn;
  info: LogFn;
  warn: LogFn;
  error: LogFn;
}

const ignore: LogFn = () => {};

/** Discards everything; the default. */
export const silentLogger: BusLogger = { debug: ignore, info: ignore, warn: ignore, error: ignore };
