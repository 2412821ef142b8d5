import type { Channel, ChannelResult, OutgoingMessage } from './channel.ts';
import { networkFailure, providerTimeoutMs, readBody, retryableStatus } from './http.ts';

/** Configuration of {@link createWechatTemplate}. */
export interface WechatConfig {
  /** `https://api.weixin.qq.com`. */
  apiBase: string;
  appId: string;
  appSecret: string;
  /** Template id per message kind; its keywords are named after the message's params. */
  templates: Partial<Record<OutgoingMessage['kind'], string>>;
  now?: () => Date;
  timeoutMs?: number;
}

// Token no longer valid: fetch a new one and try once more at once.
const tokenErrors = new Set([40001, 40014, 42001]);
// System busy, frequency limits: later.
const retryableErrors = new Set([-1, 45009, 45011, 45047]);

type Answer = {
  errcode?: number;
  errmsg?: string;
  access_token?: string;
  expires_in?: number;
  msgid?: number;
};

/**
 * WeChat official-account template messages (模板消息): a cached `access_token` from
 * `/cgi-bin/token` (refreshed five minutes before it expires, or when WeChat says it is invalid),
 * then `/cgi-bin/message/template/send` to the owner's openid. Clicking opens the link.
 */
export function createWechatTemplate(config: WechatConfig): Channel {
  const now = config.now ?? (() => new Date());
  const base = config.apiBase.replace(/\/$/, '');
  const timeout = () => AbortSignal.timeout(config.timeoutMs ?? providerTimeoutMs);
  let cached: { token: string; until: number } | undefined;
  let pending: Promise<string> | undefined;

  const fetchToken = async (): Promise<string> => {
    const url = `${base}/cgi-bin/token?grant_type=client_credential&appid=${encodeURIComponent(config.appId)}&secret=${encodeURIComponent(config.appSecret)}`;
    const response = await fetch(url, { signal: timeout() });
    const answer = (await readBody(response)) as Answer;
    if (!response.ok || !answer.access_token) {
      throw new Error(`token: ${answer.errcode ?? response.status} ${answer.errmsg ?? ''}`.trim());
    }
    cached = {
      token: answer.access_token,
      until: now().getTime() + ((answer.expires_in ?? 7200) - 300) * 1000,
    };
    return answer.access_token;
  };
  // One token request at a time, however many messages are waiting for it.
  const token = (): Promise<string> => {
    if (cached && cached.until > now().getTime()) return Promise.resolve(cached.token);
    pending ??= fetchToken().finally(() => {
      pending = undefined;
    });
    return pending;
  };

  const post = async (message: OutgoingMessage, template: string) => {
    const body = JSON.stringify({
      touser: message.to,
      template_id: template,
      url: message.params.link ?? message.params.resultLink,
      data: Object.fromEntries(Object.entries(message.params).map(([k, v]) => [k, { value: v }])),
    });
    const response = await fetch(
      `${base}/cgi-bin/message/template/send?access_token=${encodeURIComponent(await token())}`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: timeout() },
    );
    return { response, answer: (await readBody(response)) as Answer };
  };

  return {
    name: 'wechat-template',
    async send(message): Promise<ChannelResult> {
      const template = config.templates[message.kind];
      if (!template) {
        return { ok: false, retryable: false, error: `no WeChat template for ${message.kind}` };
      }
      try {
        let { response, answer } = await post(message, template);
        if (answer.errcode !== undefined && tokenErrors.has(answer.errcode)) {
          cached = undefined;
          ({ response, answer } = await post(message, template));
        }
        if (response.ok && answer.errcode === 0) {
          return { ok: true, providerMessageId: String(answer.msgid ?? ''), response: answer };
        }
        return {
          ok: false,
          retryable:
            retryableStatus(response.status) ||
            (answer.errcode !== undefined &&
              (retryableErrors.has(answer.errcode) || tokenErrors.has(answer.errcode))),
          error: `${answer.errcode ?? `HTTP ${response.status}`}: ${answer.errmsg ?? ''}`.trim(),
          response: answer,
        };
      } catch (err) {
        return networkFailure(err);
      }
    },
  };
}
