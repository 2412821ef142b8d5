import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { and, eq } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliveries } from '../db/schema/index.ts';
import { startTestGateway, type TestGateway } from '../test-gateway.ts';
import {
  ballotFixture,
  manualClock,
  startTestNotifications,
  type TestNotifications,
} from '../test-support.ts';
import { createAliyunSms } from './aliyun-sms.ts';
import { createSmtpEmail } from './smtp.ts';
import { createWechatTemplate } from './wechat.ts';

let t: TestNotifications;
// 10:00 in Shanghai, within the ballot's window and outside quiet hours.
const clock = manualClock(new Date('2026-03-02T02:00:00.000Z'));
beforeAll(async () => {
  t = await startTestNotifications({ now: clock.now });
});
afterAll(() => t?.close());

const rowsOf = async (communityId: string, medium: 'sms' | 'email' | 'wechat') =>
  t.deps.db
    .select()
    .from(deliveries)
    .where(and(eq(deliveries.communityId, communityId), eq(deliveries.medium, medium)));

async function setContact(communityId: string, ownerId: string, body: object) {
  const response = await t.request(`/communities/${communityId}/owners/${ownerId}/contact`, {
    method: 'PUT',
    token: await t.committeeToken(communityId),
    json: body,
  });
  expect(response.status).toBe(200);
}

describe('e-mail over SMTP', () => {
  interface Mail {
    to: string[];
    raw: string;
  }
  const mails: Mail[] = [];
  let server: SMTPServer;
  let port: number;
  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (address.address.startsWith('nobody@')) {
          const err = Object.assign(new Error('No such user'), { responseCode: 550 });
          return callback(err);
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push({
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** The text part of a mail nodemailer wrote with base64 transfer encoding. */
  const textOf = (raw: string) => {
    const [, body = ''] =
      raw.split(/\r?\n\r?\n/, 2).length === 2
        ? [null, raw.slice(raw.search(/\r?\n\r?\n/)).trim()]
        : [];
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  };

  it('delivers the personal link to the owner who chose e-mail, and fails a refused mailbox without retrying', async () => {
    const email = createSmtpEmail({
      url: `smtp://127.0.0.1:${port}`,
      from: '幸福里业委会 <committee@example.cn>',
      options: { ignoreTLS: true, pool: false },
    });
    t.deps.channels.email = email;
    const f = ballotFixture([
      { room: '501', phone: '13900000501' },
      { room: '502', phone: null },
    ]);
    await t.apply(f.directory);
    await setContact(f.communityId, f.holders[0]!.voterId, {
      preferredChannel: 'email',
      email: 'owner501@example.cn',
      locale: 'en',
    });
    await setContact(f.communityId, f.holders[1]!.voterId, { email: 'nobody@example.cn' });
    await t.apply(f.credentials);
    await t.dispatch();
    email.close();

    const mine = mails.filter((m) => m.to.includes('owner501@example.cn'));
    expect(mine).toHaveLength(1);
    const text = textOf(mine[0]!.raw);
    expect(text).toContain(f.holders[0]!.link);
    expect(text).toContain('Dear owner of 幸福里');
    expect(text).toContain('15 March 2026 at 18:00 (Beijing time)');
    expect(mine[0]!.raw).toMatch(/^X-Yishi-Delivery: [0-9a-f-]{36}$/m);

    const rows = await rowsOf(f.communityId, 'email');
    const byAddress = new Map(rows.map((r) => [r.address, r]));
    expect(byAddress.get('owner501@example.cn')?.status).toBe('sent');
    const refused = byAddress.get('nobody@example.cn')!;
    expect(refused.status).toBe('failed');
    expect(refused.attempts).toBe(1);
    expect(refused.lastError).toContain('550');
    expect(mails.some((m) => m.to.includes('nobody@example.cn'))).toBe(false);
    delete t.deps.channels.email;
  });
});

describe('SMS through Aliyun dysmsapi', () => {
  let gateway: TestGateway;
  const secret = 'aliyun-test-secret';
  beforeAll(async () => {
    gateway = await startTestGateway();
  });
  afterAll(() => gateway.close());

  /** What Aliyun does on its side: recompute the RPC signature from the received query. */
  function aliyunSignatureValid(url: URL): boolean {
    const enc = (s: string) =>
      encodeURIComponent(s)
        .replace(/\*/g, '%2A')
        .replace(/'/g, '%27')
        .replace(/\(/g, '%28')
        .replace(/\)/g, '%29')
        .replace(/!/g, '%21');
    const params = [...url.searchParams.entries()].filter(([k]) => k !== 'Signature');
    params.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const canonical = params.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
    const expected = createHmac('sha1', `${secret}&`)
      .update(`GET&%2F&${enc(canonical)}`)
      .digest('base64');
    return url.searchParams.get('Signature') === expected;
  }

  it('sends a signed SendSms request with the template and link, and tells refusals from throttling', async () => {
    gateway.respond((req) => {
      const phone = req.url.searchParams.get('PhoneNumbers');
      if (!aliyunSignatureValid(req.url)) {
        return { status: 400, json: { Code: 'SignatureDoesNotMatch', Message: 'bad signature' } };
      }
      if (phone === '13900000602') {
        return { status: 200, json: { Code: 'isv.MOBILE_NUMBER_ILLEGAL', Message: '非法手机号' } };
      }
      if (phone === '13900000603') {
        return { status: 200, json: { Code: 'isv.BUSINESS_LIMIT_CONTROL', Message: '业务限流' } };
      }
      return {
        status: 200,
        json: { Code: 'OK', Message: 'OK', BizId: `biz-${phone}`, RequestId: 'r1' },
      };
    });
    t.deps.channels.sms = createAliyunSms({
      endpoint: gateway.url,
      accessKeyId: 'test-key-id',
      accessKeySecret: secret,
      signName: '幸福里业委会',
      templates: { ballot_opened: 'SMS_100001' },
    });
    const f = ballotFixture([
      { room: '601', phone: '+86 139-0000-0601' },
      { room: '602', phone: '13900000602' },
      { room: '603', phone: '13900000603' },
    ]);
    await t.apply(f.directory);
    await t.apply(f.credentials);
    await t.dispatch();

    const sent = gateway.received.find(
      (r) => r.url.searchParams.get('PhoneNumbers') === '13900000601',
    )!;
    expect(sent).toBeDefined();
    expect(aliyunSignatureValid(sent.url)).toBe(true);
    const q = sent.url.searchParams;
    expect(q.get('Action')).toBe('SendSms');
    expect(q.get('Version')).toBe('2017-05-25');
    expect(q.get('SignName')).toBe('幸福里业委会');
    expect(q.get('TemplateCode')).toBe('SMS_100001');
    expect(q.get('Timestamp')).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    expect(JSON.parse(q.get('TemplateParam')!)).toMatchObject({
      community: '幸福里',
      link: f.holders[0]!.link,
      closesAt: '2026年3月15日 18:00',
    });

    const rows = new Map((await rowsOf(f.communityId, 'sms')).map((r) => [r.address, r]));
    expect(rows.get('13900000601')).toMatchObject({
      status: 'sent',
      provider: 'aliyun-sms',
      providerResponse: { Code: 'OK', BizId: 'biz-13900000601' },
    });
    expect(rows.get('13900000602')).toMatchObject({ status: 'failed', attempts: 1 });
    expect(rows.get('13900000603')).toMatchObject({ status: 'queued', attempts: 1 });
    expect(rows.get('13900000603')!.lastError).toContain('isv.BUSINESS_LIMIT_CONTROL');
    delete t.deps.channels.sms;
  });
});

describe('WeChat template messages', () => {
  let gateway: TestGateway;
  let currentToken = 'token-1';
  let tokenFetches = 0;
  beforeAll(async () => {
    gateway = await startTestGateway((req) => {
      if (req.url.pathname === '/cgi-bin/token') {
        const ok =
          req.url.searchParams.get('appid') === 'wx-app' &&
          req.url.searchParams.get('secret') === 'wx-secret' &&
          req.url.searchParams.get('grant_type') === 'client_credential';
        if (!ok) return { status: 200, json: { errcode: 40013, errmsg: 'invalid appid' } };
        tokenFetches += 1;
        return { status: 200, json: { access_token: currentToken, expires_in: 7200 } };
      }
      if (req.url.searchParams.get('access_token') !== currentToken) {
        return { status: 200, json: { errcode: 40001, errmsg: 'invalid credential' } };
      }
      return { status: 200, json: { errcode: 0, errmsg: 'ok', msgid: 42 } };
    });
  });
  afterAll(() => gateway.close());

  it('fetches the access token once, sends the template to the openid, and refreshes a token WeChat refuses', async () => {
    t.deps.channels.wechat = createWechatTemplate({
      apiBase: gateway.url,
      appId: 'wx-app',
      appSecret: 'wx-secret',
      templates: { ballot_opened: 'TPL-OPEN' },
    });
    const f = ballotFixture([
      { room: '701', phone: null },
      { room: '702', phone: null },
    ]);
    await t.apply(f.directory);
    await setContact(f.communityId, f.holders[0]!.voterId, { wechatOpenId: 'openid-701' });
    await setContact(f.communityId, f.holders[1]!.voterId, { wechatOpenId: 'openid-702' });
    await t.apply(f.credentials.slice(0, 1));
    await t.dispatch();
    expect(tokenFetches).toBe(1);
    const send = gateway.received.find((r) => r.url.pathname === '/cgi-bin/message/template/send')!;
    const body = JSON.parse(send.body) as {
      touser: string;
      template_id: string;
      url: string;
      data: Record<string, { value: string }>;
    };
    expect(body).toMatchObject({
      touser: 'openid-701',
      template_id: 'TPL-OPEN',
      url: f.holders[0]!.link,
    });
    expect(body.data.closesAt?.value).toBe('2026年3月15日 18:00');

    currentToken = 'token-2'; // WeChat invalidated the cached token
    await t.apply(f.credentials.slice(1));
    await t.dispatch();
    expect(tokenFetches).toBe(2);
    const rows = await rowsOf(f.communityId, 'wechat');
    expect(rows.map((r) => [r.address, r.status]).sort()).toEqual([
      ['openid-701', 'sent'],
      ['openid-702', 'sent'],
    ]);
    delete t.deps.channels.wechat;
  });
});
