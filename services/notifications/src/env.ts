import { fileURLToPath } from 'node:url';
import { booleanString, EnvError, loadEnv, logLevel, port, url } from '@yishi/env';
import { z } from 'zod';
import { messageKinds } from './db/schema/deliveries.ts';

const rate = (perSecond: number) => z.coerce.number().min(0.01).max(100_000).default(perSecond);
/** A JSON object from message kind to a provider's template id, e.g. `{"ballot_opened":"SMS_1"}`. */
const templateMap = z
  .string()
  .default('{}')
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'not JSON' });
      return z.NEVER;
    }
  })
  .pipe(z.partialRecord(z.enum(messageKinds), z.string().min(1)));
const hours = z
  .string()
  .regex(/^\d{1,3}(,\d{1,3})*$/, 'hours before the close, comma-separated, e.g. "72,24"')
  .default('72,24')
  .transform((s) => s.split(',').map(Number));
const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

const schema = z.object({
  PORT: port(4103),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: logLevel(),
  /** A PostgreSQL database of the service's own; embedded PGlite in PGLITE_DIR when unset. */
  DATABASE_URL: url({ protocols: ['postgres', 'postgresql'] }).optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(20),
  PGLITE_DIR: z
    .string()
    .default(fileURLToPath(new URL('../../../.yishi/data/notifications/pglite', import.meta.url))),
  NATS_URL: url({ protocols: ['nats', 'tls'], fallback: 'nats://127.0.0.1:4222' }),
  YISHI_DIRECTORY_URL: url({ protocols: ['http', 'https'] }).optional(),
  DIRECTORY_JWKS_URL: url({ protocols: ['http', 'https'] }).optional(),
  JWT_ISSUER: z.string().default('yishi-directory'),
  JWT_AUDIENCE: z.string().default('yishi'),
  /**
   * The web's address: messages link to the published result `${WEB_BASE_URL}/r/<id>` and to a
   * meeting's or proposal's page (`/m/<id>`, `/p/<id>`).
   */
  WEB_BASE_URL: url({ protocols: ['http', 'https'] }).optional(),
  YISHI_WEB_URL: url({ protocols: ['http', 'https'] }).optional(),

  /** Which adapter carries SMS: `log` (default, sends nothing), `aliyun`, `webhook` or `off`. */
  SMS_PROVIDER: z.enum(['log', 'aliyun', 'webhook', 'off']).default('log'),
  ALIYUN_SMS_ENDPOINT: url({
    protocols: ['http', 'https'],
    fallback: 'https://dysmsapi.aliyuncs.com',
  }),
  ALIYUN_SMS_REGION: z.string().default('cn-hangzhou'),
  ALIYUN_ACCESS_KEY_ID: z.string().min(1).optional(),
  ALIYUN_ACCESS_KEY_SECRET: z.string().min(1).optional(),
  /** The approved signature (签名), e.g. 幸福里业委会. */
  ALIYUN_SMS_SIGN_NAME: z.string().min(1).optional(),
  /** Approved template codes per message kind, JSON: `{"ballot_opened":"SMS_123", ...}`. */
  ALIYUN_SMS_TEMPLATES: templateMap,
  SMS_WEBHOOK_URL: url({ protocols: ['http', 'https'] }).optional(),
  /** HMAC-SHA256 key of the webhook signature; at least 32 characters. */
  SMS_WEBHOOK_SECRET: z.string().min(32).optional(),
  /** `smtp://user:pass@host:587` or `smtps://…`; e-mail is off when unset. */
  SMTP_URL: url({ protocols: ['smtp', 'smtps'] }).optional(),
  SMTP_FROM: z.string().default('议事 Yishi <no-reply@yishi.local>'),
  /** WeChat official account; template messages are off when unset. */
  WECHAT_APP_ID: z.string().min(1).optional(),
  WECHAT_APP_SECRET: z.string().min(1).optional(),
  WECHAT_API_BASE: url({ protocols: ['http', 'https'], fallback: 'https://api.weixin.qq.com' }),
  /** Template ids per message kind, JSON. */
  WECHAT_TEMPLATES: templateMap,
  /** The in-app inbox the owner's page reads. */
  INBOX_ENABLED: booleanString(true),

  /** Token buckets per medium: sustained messages per second, and the burst. */
  SMS_RATE_PER_SECOND: rate(100),
  SMS_RATE_BURST: z.coerce.number().int().min(1).default(200),
  EMAIL_RATE_PER_SECOND: rate(20),
  EMAIL_RATE_BURST: z.coerce.number().int().min(1).default(40),
  WECHAT_RATE_PER_SECOND: rate(50),
  WECHAT_RATE_BURST: z.coerce.number().int().min(1).default(100),

  /** No SMS between these times (Asia/Shanghai) unless urgent; deferred to the end. */
  QUIET_HOURS_START: clockTime.default('21:00'),
  QUIET_HOURS_END: clockTime.default('08:00'),
  REMINDER_HOURS_BEFORE_CLOSE: hours,
  REMINDER_INTERVAL_MS: z.coerce.number().int().min(100).max(3_600_000).default(60_000),

  DELIVERY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  RETRY_BASE_MS: z.coerce.number().int().min(10).default(30_000),
  RETRY_MAX_MS: z.coerce.number().int().min(10).default(3_600_000),
  DISPATCH_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(500),
  DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(1_000).default(64),
  DISPATCH_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(250),
  /** How long a claimed delivery stays invisible to other dispatchers while it is being sent. */
  DISPATCH_LEASE_MS: z.coerce.number().int().min(1_000).default(120_000),
});

export type NotificationsEnv = z.output<typeof schema> & {
  DIRECTORY_JWKS_URL: string;
  WEB_BASE_URL: string;
};

/** The service's configuration; the only reader of process.env. */
export function readEnv(source: NodeJS.ProcessEnv = process.env): NotificationsEnv {
  const env = loadEnv(schema, source);
  const problems = [
    ...(env.SMS_PROVIDER === 'aliyun'
      ? (['ALIYUN_ACCESS_KEY_ID', 'ALIYUN_ACCESS_KEY_SECRET', 'ALIYUN_SMS_SIGN_NAME'] as const)
          .filter((name) => !env[name])
          .map((name) => `${name}: required when SMS_PROVIDER=aliyun`)
      : []),
    ...(env.SMS_PROVIDER === 'webhook'
      ? (['SMS_WEBHOOK_URL', 'SMS_WEBHOOK_SECRET'] as const)
          .filter((name) => !env[name])
          .map((name) => `${name}: required when SMS_PROVIDER=webhook`)
      : []),
    ...(env.WECHAT_APP_ID && !env.WECHAT_APP_SECRET
      ? ['WECHAT_APP_SECRET: required with WECHAT_APP_ID']
      : []),
  ];
  if (problems.length > 0) throw new EnvError(problems);
  const directory = (env.YISHI_DIRECTORY_URL ?? 'http://127.0.0.1:4101').replace(/\/$/, '');
  return {
    ...env,
    DIRECTORY_JWKS_URL: env.DIRECTORY_JWKS_URL ?? `${directory}/.well-known/jwks.json`,
    WEB_BASE_URL: (env.WEB_BASE_URL ?? env.YISHI_WEB_URL ?? 'http://127.0.0.1:4100').replace(
      /\/$/,
      '',
    ),
  };
}
