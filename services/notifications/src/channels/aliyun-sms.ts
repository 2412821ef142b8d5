import { createHmac, randomUUID } from 'node:crypto';
import type { Channel, ChannelResult, OutgoingMessage } from './channel.ts';
import { networkFailure, providerTimeoutMs, readBody, retryableStatus } from './http.ts';

/** Configuration of {@link createAliyunSms}. */
export interface AliyunSmsConfig {
  /** `https://dysmsapi.aliyuncs.com` in production. */
  endpoint: string;
  accessKeyId: string;
  accessKeySecret: string;
  /** The approved signature (签名) shown in 【】. */
  signName: string;
  regionId?: string;
  /** Approved template code (`SMS_…`) per message kind. */
  templates: Partial<Record<OutgoingMessage['kind'], string>>;
  now?: () => Date;
  nonce?: () => string;
  timeoutMs?: number;
}

/** RFC 3986 encoding as Alibaba Cloud's RPC signature wants it: space as %20, `*` as %2A, `~` kept. */
export const percentEncode = (value: string) =>
  encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );

/**
 * Signs Alibaba Cloud RPC-style parameters (signature version 1.0, HMAC-SHA1):
 * `base64(HMAC-SHA1(secret + "&", METHOD & %2F & percentEncode(canonical query)))`, where the
 * canonical query is the percent-encoded parameters sorted by name and joined with `&`.
 *
 * @example
 * signRpc('GET', { Action: 'SendSms', ... }, 'testSecret') // 'zJDF+Lrzhj/ThnlvIToysFRq6t4='
 */
export function signRpc(method: 'GET' | 'POST', params: Record<string, string>, secret: string) {
  const canonical = Object.keys(params)
    .sort()
    .map((key) => `${percentEncode(key)}=${percentEncode(params[key]!)}`)
    .join('&');
  const stringToSign = `${method}&${percentEncode('/')}&${percentEncode(canonical)}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}

// Codes that say "not now" rather than "never": throttling and the provider's own trouble.
const retryableCodes = new Set([
  'isv.BUSINESS_LIMIT_CONTROL',
  'Throttling.User',
  'Throttling',
  'ServiceUnavailable',
  'InternalError',
  'isp.SYSTEM_ERROR',
  'SignatureNonceUsed',
]);

/** `Timestamp` as the API wants it: ISO 8601 in UTC without milliseconds. */
const timestamp = (at: Date) => `${at.toISOString().slice(0, 19)}Z`;

/**
 * SMS through Alibaba Cloud SMS (阿里云短信服务), API `dysmsapi` 2017-05-25 `SendSms`, with the
 * published RPC request signing. The delivery id travels as `OutId`, echoed in delivery receipts.
 */
export function createAliyunSms(config: AliyunSmsConfig): Channel {
  const now = config.now ?? (() => new Date());
  const nonce = config.nonce ?? randomUUID;
  const endpoint = config.endpoint.replace(/\/$/, '');
  return {
    name: 'aliyun-sms',
    async send(message): Promise<ChannelResult> {
      const template = config.templates[message.kind];
      if (!template) {
        return { ok: false, retryable: false, error: `no Aliyun template for ${message.kind}` };
      }
      const params: Record<string, string> = {
        AccessKeyId: config.accessKeyId,
        Action: 'SendSms',
        Format: 'JSON',
        OutId: message.deliveryId,
        PhoneNumbers: message.to,
        RegionId: config.regionId ?? 'cn-hangzhou',
        SignName: config.signName,
        SignatureMethod: 'HMAC-SHA1',
        SignatureNonce: nonce(),
        SignatureVersion: '1.0',
        TemplateCode: template,
        TemplateParam: JSON.stringify(message.params),
        Timestamp: timestamp(now()),
        Version: '2017-05-25',
      };
      const signature = signRpc('GET', params, config.accessKeySecret);
      const query = [`Signature=${percentEncode(signature)}`]
        .concat(Object.entries(params).map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`))
        .join('&');
      let response: Response;
      try {
        response = await fetch(`${endpoint}/?${query}`, {
          signal: AbortSignal.timeout(config.timeoutMs ?? providerTimeoutMs),
        });
      } catch (err) {
        return networkFailure(err);
      }
      const body = await readBody(response);
      const answer = (typeof body === 'object' && body ? body : {}) as {
        Code?: string;
        Message?: string;
        BizId?: string;
      };
      if (response.ok && answer.Code === 'OK') {
        return { ok: true, providerMessageId: answer.BizId, response: body };
      }
      const code = answer.Code ?? `HTTP ${response.status}`;
      return {
        ok: false,
        retryable: retryableCodes.has(code) || retryableStatus(response.status),
        error: `${code}: ${answer.Message ?? ''}`.trim(),
        response: body,
      };
    },
  };
}
