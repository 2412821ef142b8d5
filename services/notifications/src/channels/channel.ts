import type { MessageKind } from '../db/schema/deliveries.ts';

/** The media a delivery can go out on, each served by one configured {@link Channel}. */
export type ChannelMedium = 'sms' | 'email' | 'wechat' | 'inbox';

/** One rendered message to one address. */
export interface OutgoingMessage {
  /** The delivery's id: the idempotency key handed to providers that accept one. */
  deliveryId: string;
  kind: MessageKind;
  medium: ChannelMedium;
  /** Phone, e-mail, WeChat openid, or the owner key for the inbox. */
  to: string;
  locale: 'zh-CN' | 'en';
  communityId: string;
  ballotId: string | null;
  /** The meeting or proposal the message is about, where it is one (kept with inbox messages). */
  meetingId?: string | null;
  proposalId?: string | null;
  subject: string;
  text: string;
  /** Template parameters for providers that send approved templates (SMS, WeChat). */
  params: Record<string, string>;
  urgent: boolean;
}

/**
 * What a provider answered. `retryable` failures (network, 5xx, throttling) are tried again with
 * backoff; the others (a number the provider refuses, a bad template) fail at once.
 */
export type ChannelResult =
  | { ok: true; providerMessageId?: string | undefined; response: unknown }
  | { ok: false; retryable: boolean; error: string; response?: unknown };

/**
 * A way out to people: SMS gateways, SMTP, WeChat, the in-app inbox, the log. `send` never throws
 * for a provider's refusal; it throws only for bugs, which the dispatcher treats as retryable.
 */
export interface Channel {
  readonly name: string;
  send(message: OutgoingMessage): Promise<ChannelResult>;
  /**
   * Sends many messages in one go (one write for the inbox); answers one result per message, in
   * order. The dispatcher prefers it to `send` where a channel has it.
   */
  sendBatch?(messages: readonly OutgoingMessage[]): Promise<ChannelResult[]>;
}

/** The channel serving each medium; a medium without one is not reachable. */
export type Channels = Partial<Record<ChannelMedium, Channel>>;
