/** A real local HTTP server playing a provider (SMS gateway, Aliyun, WeChat) in tests and the benchmark. */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

export type Responder = (req: ReceivedRequest) => { status: number; json: unknown };

export interface TestGateway {
  url: string;
  received: ReceivedRequest[];
  /** Changes how the next requests are answered. */
  respond(responder: Responder): void;
  close(): Promise<void>;
}

/** Starts the server on a free port; by default answers 200 `{ ok: true }`. */
export async function startTestGateway(
  responder: Responder = () => ({ status: 200, json: { ok: true } }),
  options: { keep?: boolean } = {},
): Promise<TestGateway> {
  let answer = responder;
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://gateway.local'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      if (options.keep !== false) received.push(request);
      const { status, json } = answer(request);
      const body = JSON.stringify(json);
      res.writeHead(status, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    respond: (r) => {
      answer = r;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
