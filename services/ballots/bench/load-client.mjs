// The load generator, run in its own process so it does not share the server's event loop.
// argv: <baseUrl> <tokens file> <concurrency> <matterId>
//
// Like wrk or pgbench it is a thin client: `concurrency` keep-alive HTTP/1.1 connections on raw
// sockets, one request in flight on each, requests written as prepared bytes and responses read
// only as far as their status and length. It runs on the same two cores as the server and
// PostgreSQL, so every microsecond it spends is one the server does not get; node:http's client
// spent about 75 µs per request here, this one about a third of that (it prints its own figure).
import { readFileSync } from 'node:fs';
import net from 'node:net';

const [baseUrl, tokensFile, concurrencyArg, matterId] = process.argv.slice(2);
const tokens = readFileSync(tokensFile, 'utf8').trim().split('\n');
const concurrency = Number(concurrencyArg);
const url = new URL(baseUrl);
const body = JSON.stringify({ choices: [{ matterId, choice: 'agree' }] });
const head = (token) =>
  `POST /v/${token}/votes HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;

const HEADERS_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = /\r\ncontent-length: *(\d+)/i;

/**
 * One connection: sends `next()`'s requests one after the other, calls `done(status, ms)` for
 * each response. Resolves when `next()` has nothing more.
 */
function connection(next, done) {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port), noDelay: true });
    let buffered = Buffer.alloc(0);
    let started = 0n;
    const send = () => {
      const token = next();
      if (token === undefined) {
        socket.end();
        resolve();
        return;
      }
      started = process.hrtime.bigint();
      socket.write(head(token));
    };
    socket.once('connect', send);
    socket.on('error', reject);
    socket.on('data', (chunk) => {
      buffered = buffered.length === 0 ? chunk : Buffer.concat([buffered, chunk]);
      const end = buffered.indexOf(HEADERS_END);
      if (end < 0) return;
      const headers = buffered.toString('latin1', 0, end);
      const length = CONTENT_LENGTH.exec(headers);
      if (!length) {
        reject(new Error(`response without content-length: ${headers}`));
        return;
      }
      const total = end + HEADERS_END.length + Number(length[1]);
      if (buffered.length < total) return;
      if (buffered.length > total) {
        reject(new Error('more bytes than one response: the server answered unasked'));
        return;
      }
      buffered = Buffer.alloc(0);
      done(Number(headers.slice(9, 12)), Number(process.hrtime.bigint() - started) / 1e6);
      send();
    });
  });
}

let nextToken = 0;
const latencies = [];
const statuses = {};
const started = process.hrtime.bigint();
const cpuBefore = process.cpuUsage();
await Promise.all(
  Array.from({ length: concurrency }, () =>
    connection(
      () => tokens[nextToken++],
      (status, ms) => {
        latencies.push(ms);
        statuses[status] = (statuses[status] ?? 0) + 1;
      },
    ),
  ),
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
latencies.sort((a, b) => a - b);
const pct = (p) =>
  latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))];
process.stdout.write(
  JSON.stringify({
    requests: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50: pct(50),
    p99: pct(99),
    statuses,
    cpuUs: (cpu.user + cpu.system) / latencies.length,
  }),
);
