// The load generator, run in its own process so it does not share the server's event loop.
// argv: <baseUrl> <tokens file> <concurrency> <matterId>
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [baseUrl, tokensFile, concurrencyArg, matterId] = process.argv.slice(2);
const tokens = readFileSync(tokensFile, 'utf8').trim().split('\n');
const concurrency = Number(concurrencyArg);
const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
const url = new URL(baseUrl);

function post(token) {
  const body = JSON.stringify({ choices: [{ matterId, choice: 'agree' }] });
  return new Promise((resolve) => {
    const started = process.hrtime.bigint();
    const req = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: 'POST',
        path: `/v/${token}/votes`,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({ status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
        );
      },
    );
    req.on('error', () =>
      resolve({ status: 0, ms: Number(process.hrtime.bigint() - started) / 1e6 }),
    );
    req.end(body);
  });
}

let next = 0;
const latencies = [];
const statuses = {};
const started = process.hrtime.bigint();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    while (next < tokens.length) {
      const { status, ms } = await post(tokens[next++]);
      latencies.push(ms);
      statuses[status] = (statuses[status] ?? 0) + 1;
    }
  }),
);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
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
  }),
);
agent.destroy();
