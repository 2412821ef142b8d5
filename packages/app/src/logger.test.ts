import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';

function capture(level?: 'info' | 'warn') {
  const lines: string[] = [];
  const logger = createLogger({
    service: 'ballots',
    level,
    write: (line) => lines.push(line),
    now: () => new Date('2025-03-01T00:00:00Z'),
  });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes one JSON object per line with level, time, service and message', () => {
    const { logger, lines } = capture();
    logger.info({ requestId: 'r1' }, 'request');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toEqual({
      level: 'info',
      time: '2025-03-01T00:00:00.000Z',
      service: 'ballots',
      msg: 'request',
      requestId: 'r1',
    });
  });

  it('drops lines below the configured level', () => {
    const { logger, lines } = capture('warn');
    logger.info({}, 'quiet');
    logger.debug({}, 'quieter');
    logger.warn({}, 'loud');
    expect(lines.map((line) => JSON.parse(line).msg)).toEqual(['loud']);
  });

  it('serialises an err field with its cause', () => {
    const { logger, lines } = capture();
    logger.error({ err: new Error('outer', { cause: new Error('inner') }) }, 'failed');
    const { err } = JSON.parse(lines[0]!);
    expect(err).toMatchObject({ name: 'Error', message: 'outer', cause: { message: 'inner' } });
    expect(err.stack).toContain('logger.test.ts');
  });

  it('keeps the SQL of a failed query but not its bound values, which may be personal data', () => {
    const { logger, lines } = capture();
    const failed = new Error(
      'Failed query: insert into owners (name, phone) values ($1, $2)\nparams: 王伟,13800138000',
    );
    logger.error({ err: failed }, 'failed');
    const { err } = JSON.parse(lines[0]!);
    expect(err.message).toBe('Failed query: insert into owners (name, phone) values ($1, $2)');
    expect(lines[0]).not.toContain('13800138000');
  });
});
