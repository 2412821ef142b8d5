import type { Logger } from '@yishi/app';
import type { DirectoryDb } from './db/database.ts';
import type { TokenKeys } from './staff/signing-keys.ts';

/** Everything the directory's verbs and routers need, built once in main.ts (or a test). */
export interface Deps {
  db: DirectoryDb;
  /** The clock: verbs never read the time themselves. */
  now: () => Date;
  newId: () => string;
  keys: TokenKeys;
  accessTokenTtlSeconds: number;
  refreshTokenTtlDays: number;
  /** Called after a transaction that wrote outbox rows commits, so they go out at once. */
  wakeRelay: () => void;
  logger: Logger;
  /** Where owner page links point (`${base}/o/<token>`): the web. Default http://127.0.0.1:4100. */
  ownerPageBaseUrl?: string;
}
