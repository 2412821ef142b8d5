import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport';
import type { Channel, ChannelResult } from './channel.ts';

/** Configuration of {@link createSmtpEmail}. */
export interface SmtpConfig {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://…:465`. */
  url: string;
  from: string;
  /** Extra nodemailer transport options (TLS, timeouts). */
  options?: SMTPTransport.Options;
}

const transientCodes = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'ECONNREFUSED',
  'ECONNRESET',
  'EDNS',
  'EPROTOCOL',
]);

/**
 * E-mail over SMTP with nodemailer, pooled connections. A 4xx reply or a connection failure is
 * retried; a 5xx reply (unknown mailbox, refused) fails the delivery.
 */
export function createSmtpEmail(config: SmtpConfig): Channel & { close(): void } {
  const url = new URL(config.url);
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: Number(url.port) || (url.protocol === 'smtps:' ? 465 : 587),
    secure: url.protocol === 'smtps:',
    ...(url.username
      ? {
          auth: {
            user: decodeURIComponent(url.username),
            pass: decodeURIComponent(url.password),
          },
        }
      : {}),
    pool: true,
    maxConnections: 5,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    ...config.options,
  });
  return {
    name: 'smtp',
    async send(message): Promise<ChannelResult> {
      try {
        const info = await transport.sendMail({
          from: config.from,
          to: message.to,
          subject: message.subject,
          text: message.text,
          // Chinese text in quoted-printable triples in size; base64 is the better wire form.
          textEncoding: 'base64',
          headers: { 'X-Yishi-Delivery': message.deliveryId },
        });
        return {
          ok: true,
          providerMessageId: info.messageId,
          response: { response: info.response, accepted: info.accepted.length },
        };
      } catch (err) {
        const e = err as {
          responseCode?: number;
          code?: string;
          response?: string;
          message?: string;
        };
        const retryable =
          e.responseCode === undefined
            ? e.code === undefined || transientCodes.has(e.code)
            : e.responseCode < 500;
        return {
          ok: false,
          retryable,
          error:
            `${e.code ?? 'SMTP'} ${e.responseCode ?? ''} ${e.response ?? e.message ?? ''}`.trim(),
          response: { responseCode: e.responseCode ?? null, response: e.response ?? null },
        };
      }
    },
    close: () => transport.close(),
  };
}
