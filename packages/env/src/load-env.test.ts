import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { booleanString, logLevel, port, url } from './fields.ts';
import { EnvError, loadEnv } from './load-env.ts';

const schema = z.object({
  PORT: port(3000),
  DATABASE_URL: url({ protocols: ['postgres', 'postgresql'] }),
  NATS_URL: url(),
  DEBUG_SQL: booleanString(false),
  LOG_LEVEL: logLevel(),
});

function loadError(source: Record<string, string | undefined>): EnvError {
  try {
    loadEnv(schema, source);
  } catch (error) {
    if (error instanceof EnvError) return error;
    throw error;
  }
  throw new Error('loadEnv accepted an invalid environment');
}

describe('loadEnv', () => {
  it('returns typed values with defaults applied', () => {
    const env = loadEnv(schema, {
      DATABASE_URL: 'postgres://localhost:5432/ballots',
      NATS_URL: 'nats://localhost:4222',
    });
    expect(env).toEqual({
      PORT: 3000,
      DATABASE_URL: 'postgres://localhost:5432/ballots',
      NATS_URL: 'nats://localhost:4222',
      DEBUG_SQL: false,
      LOG_LEVEL: 'info',
    });
  });

  it('treats an empty value as unset so the default applies', () => {
    const env = loadEnv(schema, {
      PORT: '',
      DATABASE_URL: 'postgres://db/x',
      NATS_URL: 'nats://n:4222',
    });
    expect(env.PORT).toBe(3000);
  });

  it('lists every bad and missing variable in one error', () => {
    const error = loadError({ PORT: '70000', DEBUG_SQL: 'maybe', LOG_LEVEL: 'loud' });
    const names = error.problems.map((problem) => problem.split(':')[0]);
    expect(names.sort()).toEqual(['DATABASE_URL', 'DEBUG_SQL', 'LOG_LEVEL', 'NATS_URL', 'PORT']);
    expect(error.message).toContain('DATABASE_URL: is required but not set');
    expect(error.message).toContain('PORT:');
  });

  it('does not echo the offending values, which may be secrets', () => {
    const error = loadError({ DATABASE_URL: 'mysql://user:s3cret@db/x', NATS_URL: 'nats://n' });
    expect(error.message).toContain('DATABASE_URL: must use one of the protocols: postgres');
    expect(error.message).not.toContain('s3cret');
  });
});
