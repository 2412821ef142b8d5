/** Builds a real directory for integration tests: its own database on the harness PostgreSQL. */
import { randomUUID } from 'node:crypto';
import { createLogger } from '@yishi/app';
import { type StaffClaimsInput, signAccessToken } from '@yishi/auth';
import { withRolesInEachCommunity } from '@yishi/auth/testing';
import { createTestDatabase } from '@yishi/testing';
import { createDirectoryApp } from './app.ts';
import type { Deps } from './context.ts';
import { migrateDirectory, openDatabase } from './db/database.ts';
import { loadTokenKeys } from './staff/signing-keys.ts';

export interface TestDirectory {
  deps: Deps;
  app: ReturnType<typeof createDirectoryApp>;
  /** The URL of this test's database (for a relay or a second connection). */
  databaseUrl: string;
  /** A bearer token for the given claims, signed with the directory's own key. */
  tokenFor(claims: StaffClaimsInput): Promise<string>;
  /** `app.request` with a JSON body and bearer token. */
  request(
    path: string,
    init?: { method?: string; token?: string; json?: unknown; headers?: Record<string, string> },
  ): Promise<Response>;
  close(): Promise<void>;
}

/** Creates a migrated database and an app over it; `overrides` replace dependencies (the clock). */
export async function startTestDirectory(overrides: Partial<Deps> = {}): Promise<TestDirectory> {
  const testDb = await createTestDatabase({ prefix: 'directory' });
  const database = openDatabase({ url: testDb.url, dataDir: '' });
  await migrateDirectory(database.db);
  const now = overrides.now ?? (() => new Date());
  const keys = await loadTokenKeys(database.db, {
    issuer: 'yishi-directory',
    audience: 'yishi',
    now,
  });
  const deps: Deps = {
    db: database.db,
    now,
    newId: randomUUID,
    keys,
    accessTokenTtlSeconds: 900,
    refreshTokenTtlDays: 30,
    wakeRelay: () => {},
    logger: createLogger({ service: 'directory', level: 'silent' }),
    ...overrides,
  };
  const app = createDirectoryApp(deps);
  return {
    deps,
    app,
    databaseUrl: testDb.url,
    tokenFor: (claims) =>
      signAccessToken(withRolesInEachCommunity(claims), {
        key: keys.signing,
        issuer: keys.issuer,
        audience: keys.audience,
        ttlSeconds: 900,
        now: now(),
      }),
    request: (path, init = {}) =>
      Promise.resolve(
        app.request(path, {
          method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
          headers: {
            ...(init.json === undefined ? {} : { 'content-type': 'application/json' }),
            ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
            ...init.headers,
          },
          ...(init.json === undefined ? {} : { body: JSON.stringify(init.json) }),
        }),
      ),
    async close() {
      await database.close();
      await testDb.drop();
    },
  };
}
