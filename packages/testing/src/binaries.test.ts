import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findNatsServer, findPostgresBin } from './binaries.ts';

const empty = mkdtempSync(join(tmpdir(), 'yishi-empty-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));
const nowhere = { env: { PATH: empty }, postgresRoot: empty, systemDirs: [empty] };

describe('finding server binaries', () => {
  it('says which package to install when PostgreSQL is missing', () => {
    expect(() => findPostgresBin(nowhere)).toThrow('apt-get install postgresql-15');
  });

  it('says which package to install when nats-server is missing', () => {
    expect(() => findNatsServer(nowhere)).toThrow('apt-get install nats-server');
  });

  it('holds to an override that points at nothing instead of looking elsewhere', () => {
    expect(() => findNatsServer({ env: { NATS_SERVER: join(empty, 'nats-server') } })).toThrow(
      /NATS_SERVER is .* not an executable/,
    );
    expect(() => findPostgresBin({ env: { PG_BIN: empty } })).toThrow(/PG_BIN is .* no initdb/);
  });

  it('finds the installed servers on this machine', () => {
    expect(findPostgresBin()).toMatch(/bin$/);
    expect(findNatsServer()).toMatch(/nats-server$/);
  });
});
