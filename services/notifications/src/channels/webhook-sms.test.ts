import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OutgoingMessage } from './channel.ts';
import { createWebhookSms, webhookSignature } from './webhook-sms.ts';

const secret = 'webhook-secret-of-at-least-32-characters';
let server: Server;
let base = '';
const seen: { path: string; headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen.push({ path: req.url ?? '', headers: req.headers, body });
      if (req.url === '/ok') res.end(JSON.stringify({ id: 'gw-1' }));
      else if (req.url === '/busy') res.writeHead(503).end('try later');
      else if (req.url === '/refuse') res.writeHead(400).end('{"error":"bad number"}');
      // '/silent' never answers.
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const message: OutgoingMessage = {
  deliveryId: '0b6f1c52-7a55-4c1e-9a57-3f0f0c8f2a11',
  kind: 'ballot_opened',
  medium: 'sms',
  to: '13900000101',
  locale: 'zh-CN',
  communityId: '5d0c3a3e-2f55-4a2b-8b8e-6f1d9b7c1e20',
  ballotId: null,
  subject: '投票',
  text: '请投票',
  params: {},
  urgent: false,
};

describe('webhook SMS', () => {
  it('posts the signed message with its idempotency key and reads the gateway id', async () => {
    const sms = createWebhookSms({ url: `${base}/ok`, secret });
    expect(await sms.send(message)).toEqual({
      ok: true,
      providerMessageId: 'gw-1',
      response: { id: 'gw-1' },
    });
    const req = seen.find((r) => r.path === '/ok')!;
    const ts = String(req.headers['x-yishi-timestamp']);
    expect(req.headers['x-yishi-signature']).toBe(webhookSignature(secret, ts, req.body));
    expect(req.headers['idempotency-key']).toBe(message.deliveryId);
    expect(JSON.parse(req.body)).toMatchObject({ id: message.deliveryId, to: '13900000101' });
  });

  it('retries a 5xx, gives up on a refusal, and retries a gateway that does not answer in time', async () => {
    const send = (path: string) =>
      createWebhookSms({ url: `${base}${path}`, secret, timeoutMs: 200 }).send(message);
    expect(await send('/busy')).toMatchObject({ ok: false, retryable: true, error: 'HTTP 503' });
    expect(await send('/refuse')).toMatchObject({
      ok: false,
      retryable: false,
      response: { error: 'bad number' },
    });
    expect(await send('/silent')).toMatchObject({
      ok: false,
      retryable: true,
      error: expect.stringMatching(/^network: TimeoutError: no answer within 200 ms/),
    });
  });
});
