import type { Logger } from '@yishi/app';
import type { NotificationsDb } from '../db/database.ts';
import { TokenBucket } from '../delivery/token-bucket.ts';
import type { NotificationsEnv } from '../env.ts';
import { createAliyunSms } from './aliyun-sms.ts';
import type { ChannelMedium, Channels } from './channel.ts';
import { createInboxChannel } from './inbox.ts';
import { createLogChannel } from './log.ts';
import { createSmtpEmail } from './smtp.ts';
import { createWebhookSms } from './webhook-sms.ts';
import { createWechatTemplate } from './wechat.ts';

/**
 * The channels the configuration switches on: SMS through the log (default), Aliyun or a
 * webhook gateway; e-mail when SMTP_URL is set; WeChat when WECHAT_APP_ID is set; the inbox
 * unless INBOX_ENABLED=false.
 */
export function channelsFromEnv(
  env: NotificationsEnv,
  db: NotificationsDb,
  logger: Logger,
  now: () => Date,
) {
  const channels: Channels = {};
  const closers: (() => void)[] = [];
  switch (env.SMS_PROVIDER) {
    case 'log':
      channels.sms = createLogChannel(logger);
      break;
    case 'aliyun':
      channels.sms = createAliyunSms({
        endpoint: env.ALIYUN_SMS_ENDPOINT,
        regionId: env.ALIYUN_SMS_REGION,
        accessKeyId: env.ALIYUN_ACCESS_KEY_ID!,
        accessKeySecret: env.ALIYUN_ACCESS_KEY_SECRET!,
        signName: env.ALIYUN_SMS_SIGN_NAME!,
        templates: env.ALIYUN_SMS_TEMPLATES,
      });
      break;
    case 'webhook':
      channels.sms = createWebhookSms({
        url: env.SMS_WEBHOOK_URL!,
        secret: env.SMS_WEBHOOK_SECRET!,
      });
      break;
    case 'off':
      break;
  }
  if (env.SMTP_URL) {
    const email = createSmtpEmail({ url: env.SMTP_URL, from: env.SMTP_FROM });
    channels.email = email;
    closers.push(() => email.close());
  }
  if (env.WECHAT_APP_ID && env.WECHAT_APP_SECRET) {
    channels.wechat = createWechatTemplate({
      apiBase: env.WECHAT_API_BASE,
      appId: env.WECHAT_APP_ID,
      appSecret: env.WECHAT_APP_SECRET,
      templates: env.WECHAT_TEMPLATES,
    });
  }
  if (env.INBOX_ENABLED) channels.inbox = createInboxChannel(db, now);
  const limits: Partial<Record<ChannelMedium, TokenBucket>> = {
    sms: new TokenBucket(env.SMS_RATE_PER_SECOND, env.SMS_RATE_BURST),
    email: new TokenBucket(env.EMAIL_RATE_PER_SECOND, env.EMAIL_RATE_BURST),
    wechat: new TokenBucket(env.WECHAT_RATE_PER_SECOND, env.WECHAT_RATE_BURST),
  };
  return {
    channels,
    limits,
    close: () => {
      for (const close of closers) close();
    },
  };
}
