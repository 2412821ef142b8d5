import type { Logger } from '@yishi/app';
import type { Verifier } from '@yishi/auth';
import type { Channels } from './channels/channel.ts';
import type { NotificationsDb } from './db/database.ts';
import type { RetryPolicy } from './delivery/backoff.ts';
import type { QuietHours } from './delivery/quiet-hours.ts';

/** What the flows decide by; read from env in main.ts, chosen by tests. */
export interface NotificationsConfig {
  /**
   * The web, where owners open the public page of a meeting (`${webBaseUrl}/m/<id>`) or a
   * proposal (`${webBaseUrl}/p/<id>`).
   */
  webBaseUrl: string;
  /** Every owner-facing message also goes to the owner's in-app inbox. */
  inboxEnabled: boolean;
  quietHours: QuietHours;
  /** Automatic reminders, in hours before the close (e.g. 72 and 24). */
  reminderHoursBeforeClose: number[];
  retry: RetryPolicy;
}

/** Everything the service's verbs, consumers and routers need, built once in main.ts (or a test). */
export interface Deps {
  db: NotificationsDb;
  /** The clock: nothing reads the time itself, so tests control quiet hours and reminders. */
  now: () => Date;
  newId: () => string;
  verifier: Verifier;
  /** The configured channel per medium; a medium without one is unreachable. */
  channels: Channels;
  config: NotificationsConfig;
  logger: Logger;
}
