import http from 'node:http';
import https from 'node:https';

/** A provider's answer: the status and the body as text. */
export interface PostAnswer {
  status: number;
  text: string;
}

/** Sends one POST and reads the whole answer; rejects on a network failure or after `timeoutMs`. */
export type Post = (
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
) => Promise<PostAnswer>;

/**
 * A keep-alive POST client for one provider URL on `node:http(s)`. Used where a channel sends
 * thousands of requests a second: `fetch` (WHATWG streams, an `AbortSignal` per request) spent
 * more CPU per message than all the rest of the dispatcher (docs/notifications.md).
 */
export function createPost(url: string): Post {
  const target = new URL(url);
  const client = target.protocol === 'https:' ? https : http;
  const agent = new client.Agent({ keepAlive: true, maxSockets: 256 });
  return (headers, body, timeoutMs) =>
    new Promise((resolve, reject) => {
      const req = client.request(
        target,
        {
          method: 'POST',
          agent,
          headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', fail);
          res.on('end', () => {
            clearTimeout(timer);
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') });
          });
        },
      );
      const timer = setTimeout(() => {
        const err = new Error(`no answer within ${timeoutMs} ms`);
        err.name = 'TimeoutError';
        req.destroy(err);
      }, timeoutMs);
      function fail(err: Error) {
        clearTimeout(timer);
        reject(err);
      }
      req.on('error', fail);
      req.end(body);
    });
}
