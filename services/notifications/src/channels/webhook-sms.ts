import { createHmac } from 'node:crypto';
import type { Channel, ChannelResult } from './channel.ts';
import { networkFailure, parseBody, providerTimeoutMs, retryableStatus } from './http.ts';
import { createPost, type PostAnswer } from './post.ts';

/** Configuration of {@link createWebhookSms}. */
export interface WebhookSmsConfig {
  url: string;
  /** HMAC-SHA256 key shared with the gateway. */
  secret: string;
  now?: () => Date;
  timeoutMs?: number;
}

/** Header names of the webhook protocol. */
export const webhookHeaders = {
  timestamp: 'x-yishi-timestamp',
  signature: 'x-yishi-signature',
  idempotencyKey: 'idempotency-key',
} as const;

/**
 * The signature of a webhook request: `v1=` + hex HMAC-SHA256(secret, `${timestamp}.${body}`),
 * where `timestamp` is the Unix time in seconds sent in `x-yishi-timestamp`. A gateway recomputes
 * it over the raw body and refuses requests older than a few minutes (replays).
 */
export function webhookSignature(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/**
 * SMS through any HTTP gateway that accepts a signed JSON POST:
 * `{ id, to, text, kind, locale, params }`, answered 2xx (accepted; `{ id }` optional) or an
 * error status. The delivery id is also sent as `Idempotency-Key`, so a gateway that honours it
 * turns a re-sent request (after a crash) into one SMS.
 */
export function createWebhookSms(config: WebhookSmsConfig): Channel {
  const now = config.now ?? (() => new Date());
  const post = createPost(config.url);
  return {
    name: 'webhook-sms',
    async send(message): Promise<ChannelResult> {
      const body = JSON.stringify({
        id: message.deliveryId,
        to: message.to,
        text: message.text,
        kind: message.kind,
        locale: message.locale,
        params: message.params,
      });
      const timestamp = String(Math.floor(now().getTime() / 1000));
      let answer: PostAnswer;
      try {
        answer = await post(
          {
            'content-type': 'application/json',
            [webhookHeaders.timestamp]: timestamp,
            [webhookHeaders.signature]: webhookSignature(config.secret, timestamp, body),
            [webhookHeaders.idempotencyKey]: message.deliveryId,
          },
          body,
          config.timeoutMs ?? providerTimeoutMs,
        );
      } catch (err) {
        return networkFailure(err);
      }
      const response = parseBody(answer.text);
      if (answer.status >= 200 && answer.status < 300) {
        const id = (response as { id?: unknown } | null)?.id;
        return {
          ok: true,
          providerMessageId: typeof id === 'string' ? id : undefined,
          response,
        };
      }
      return {
        ok: false,
        retryable: retryableStatus(answer.status),
        error: `HTTP ${answer.status}`,
        response,
      };
    },
  };
}
