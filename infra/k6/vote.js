// k6 scenario of services/ballots/bench/vote.bench.ts: 64 owners voting at once through their
// links until every link has voted once. k6 is not installed on the project's machines; run it
// where it is:
//
//   k6 run -e BASE_URL=http://127.0.0.1:4102 -e MATTER_ID=<uuid> -e TOKENS=tokens.txt infra/k6/vote.js
//
// tokens.txt holds one link token per line (the part after /v/ of the links exported as XLSX from
// GET /communities/{cid}/ballots/{id}/credentials/links.xlsx).

import { check } from 'k6';
import { SharedArray } from 'k6/data';
import exec from 'k6/execution';
import http from 'k6/http';

const tokens = new SharedArray('tokens', () =>
  open(__ENV.TOKENS || 'tokens.txt')
    .split('\n')
    .map((t) => t.trim())
    .filter(Boolean),
);

export const options = {
  scenarios: {
    owners_vote: {
      executor: 'shared-iterations',
      vus: Number(__ENV.VUS || 64),
      iterations: tokens.length,
      maxDuration: '5m',
    },
  },
  thresholds: {
    // ARCHITECTURE.md / issue 4: p99 under 25 ms at 64 concurrent clients; no failed votes.
    http_req_duration: ['p(99)<25', 'p(50)<10'],
    http_req_failed: ['rate==0'],
    checks: ['rate==1'],
  },
};

export default function () {
  const token = tokens[exec.scenario.iterationInTest];
  const res = http.post(
    `${__ENV.BASE_URL}/v/${token}/votes`,
    JSON.stringify({ choices: [{ matterId: __ENV.MATTER_ID, choice: 'agree' }] }),
    { headers: { 'content-type': 'application/json' }, tags: { name: 'POST /v/{token}/votes' } },
  );
  check(res, {
    'vote recorded (201)': (r) => r.status === 201,
    'receipt returned': (r) =>
      r.status === 201 && /^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/.test(r.json('receipt')),
  });
}
