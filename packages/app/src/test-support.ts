import { errorBodySchema } from '@yishi/contracts';
import type { Logger } from './logger.ts';

/** A logger that keeps what it was given, for assertions. */
export function recordingLogger() {
  const lines: { level: string; message: string | undefined; fields: Record<string, unknown> }[] =
    [];
  const record =
    (level: string) =>
    (fields: Record<string, unknown>, message?: string): void => {
      lines.push({ level, message, fields });
    };
  const logger: Logger = {
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
  return { logger, lines };
}

/** The `error` of a response in the one error shape; fails the test if the shape is wrong. */
export async function errorOf(res: Response) {
  return errorBodySchema.parse(await res.json()).error;
}
