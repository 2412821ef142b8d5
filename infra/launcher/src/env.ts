import { booleanString, loadEnv, url } from '@yishi/env';
import { z } from 'zod';

/** The launcher's configuration; every value has a default that works on a fresh machine. */
export function readEnv(source: NodeJS.ProcessEnv) {
  return loadEnv(
    z.object({
      /** Where embedded databases and the local JetStream store live. */
      YISHI_DATA_DIR: z.string().default('.yishi/data'),
      /** Folder of the services to start (one sub-folder each). */
      YISHI_SERVICES_DIR: z.string().default('services'),
      /** A PostgreSQL server; each service gets its own database on it. Embedded PGlite when unset. */
      YISHI_DATABASE_URL: url({ protocols: ['postgres', 'postgresql'] }).optional(),
      /** An existing NATS server with JetStream; one is started when unset. */
      NATS_URL: url({ protocols: ['nats', 'tls'] }).optional(),
      NATS_PORT: z.coerce.number().int().min(1).max(65_535).default(4222),
      /** When set, services listen on consecutive ports from here instead of their own defaults. */
      YISHI_PORT_BASE: z.coerce.number().int().min(1).max(65_000).optional(),
      YISHI_HOST: z.string().default('127.0.0.1'),
      /** Seed the demo community (幸福里) and its staff accounts in the services that have one. */
      YISHI_DEMO: booleanString(true),
      /** May the launcher `apt-get install nats-server` when it is missing (root on Debian only). */
      YISHI_INSTALL_NATS: booleanString(true),
    }),
    source,
  );
}

export type LauncherEnv = ReturnType<typeof readEnv>;
