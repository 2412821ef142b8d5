/**
 * Creates a platform admin, or restores one (promotes, re-enables and resets the password of an
 * existing account): the way into a fresh install or back into a locked-out one.
 *
 *   pnpm --filter @yishi/directory create-admin --login 13800138000 --name 王工
 *
 * The password comes from ADMIN_PASSWORD or, on a terminal, is asked for twice without echo.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { loadEnv } from '@yishi/env';
import { isAppError } from '@yishi/errors';
import { z } from 'zod';
import { migrateDirectory, openDatabase } from '../db/database.ts';
import { readEnv } from '../env.ts';
import { upsertPlatformAdmin } from '../staff/bootstrap.ts';

const usage = 'Usage: create-admin --login <phone or name> [--name <display name>]';

async function promptHidden(question: string): Promise<string> {
  const { stdin, stdout } = process;
  stdout.write(question);
  stdin.setRawMode(true);
  stdin.setEncoding('utf8');
  stdin.resume();
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (outcome: () => void) => {
      stdin.off('data', onData);
      stdin.setRawMode(false);
      stdin.pause();
      stdout.write('\n');
      outcome();
    };
    const onData = (chunk: string) => {
      for (const char of chunk) {
        if (char === '\r' || char === '\n' || char === '\u0004')
          return finish(() => resolve(value));
        if (char === '\u0003') return finish(() => reject(new Error('Cancelled')));
        if (char === '\u007f' || char === '\b') value = [...value].slice(0, -1).join('');
        else value += char;
      }
    };
    stdin.on('data', onData);
  });
}

async function readPassword(fromEnv: string | undefined): Promise<string> {
  if (fromEnv !== undefined) return fromEnv;
  if (!process.stdin.isTTY) {
    throw new Error('Set ADMIN_PASSWORD, or run on a terminal to be asked for the password');
  }
  const password = await promptHidden('Password (at least 10 characters): ');
  if ((await promptHidden('Repeat the password: ')) !== password) {
    throw new Error('The two passwords differ');
  }
  return password;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { login: { type: 'string' }, name: { type: 'string' } },
    strict: true,
  });
  if (!values.login) {
    console.error(usage);
    return 2;
  }
  const env = readEnv();
  // The CLI's own secret, read like every other variable: through a zod schema, never echoed.
  const cliEnv = loadEnv(z.object({ ADMIN_PASSWORD: z.string().optional() }), process.env);
  const password = await readPassword(cliEnv.ADMIN_PASSWORD);

  const database = openDatabase({ url: env.DATABASE_URL, dataDir: env.PGLITE_DIR });
  try {
    await migrateDirectory(database.db);
    const result = await upsertPlatformAdmin(
      { db: database.db, now: () => new Date(), newId: randomUUID },
      { login: values.login, displayName: values.name ?? values.login, password },
    );
    console.log(
      result.action === 'created'
        ? `Created platform admin "${values.login}" (${result.staffId}).`
        : `Account "${values.login}" (${result.staffId}) is now a platform admin: enabled, password reset, its sessions ended.`,
    );
    return 0;
  } finally {
    await database.close();
  }
}

try {
  process.exitCode = await main();
} catch (error) {
  console.error(isAppError(error) ? error.messages.en : (error as Error).message);
  process.exitCode = 1;
}
