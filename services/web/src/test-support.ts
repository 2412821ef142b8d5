/**
 * A real ballots service (its own database on the harness PostgreSQL, served over HTTP on a free
 * port) and the web in front of it, with ballots to vote on.
 */
import { randomUUID } from 'node:crypto';
import { createLogger, type ServerHandle, serve } from '@yishi/app';
import { closeDueBallots } from '@yishi/ballots/src/ballots/scheduler.ts';
import {
  draftBody,
  manualClock,
  rosterEvents,
  startTestBallots,
  type TestBallots,
} from '@yishi/ballots/src/test-support.ts';
import { expect } from 'vitest';
import { createWebApp } from './app.ts';
import { ballotsClient } from './ballots-client.ts';

export interface WebHarness {
  ballots: TestBallots;
  clock: ReturnType<typeof manualClock>;
  web: ReturnType<typeof createWebApp>;
  ballotsServer: ServerHandle;
  /** Drafts and opens a ballot of two matters for four owners; answers each owner's link token. */
  openBallot(
    overrides?: Record<string, unknown>,
    options?: {
      opensInMs?: number;
      attach?: { fileName: string; type: string; bytes: Uint8Array };
    },
  ): Promise<{
    links: Record<'a' | 'b' | 'c' | 'd', string>;
    ballotId: string;
    phones: Map<string, string>;
    reissue(owner: string): Promise<string>;
    /** Moves the clock past the close, lets the scheduler close it, and publishes the result. */
    closeAndPublish(options?: { publishInMs?: number }): Promise<void>;
  }>;
  close(): Promise<void>;
}

export async function startWebHarness(): Promise<WebHarness> {
  const clock = manualClock(new Date());
  const ballots = await startTestBallots({ now: clock.now });
  const ballotsServer = await serve(ballots.app, { port: 0, hostname: '127.0.0.1' });
  const web = createWebApp({
    ballots: ballotsClient({ baseUrl: `http://127.0.0.1:${ballotsServer.port}` }),
    logger: createLogger({ service: 'web', level: 'silent' }),
    now: clock.now,
  });
  return {
    ballots,
    clock,
    web,
    ballotsServer,
    async openBallot(overrides = {}, options = {}) {
      const communityId = randomUUID();
      const roster = rosterEvents(communityId, [
        { building: '1', room: '101', area: '100.00', owner: 'a' },
        { building: '1', room: '102', area: '80.00', owner: 'b' },
        { building: '2', room: '101', area: '70.00', owner: 'a' },
        { building: '2', room: '201', area: '90.00', owner: 'c' },
        { building: '3', room: '301', area: '95.50', owner: 'd' },
      ]);
      await ballots.project(roster.events);
      // Roles held in this community (and their union, for tokens of either shape).
      const roles = ['committee_admin', 'committee_member'] as const;
      const claims = {
        sub: randomUUID(),
        roles: [...roles],
        communities: [communityId],
        communityRoles: { [communityId]: [...roles] },
      };
      const token = await ballots.tokenFor(claims);
      const base = `/communities/${communityId}/ballots`;
      const opensAt = new Date(clock.now().getTime() + (options.opensInMs ?? 0));
      const body = draftBody(opensAt, { title: '更换消防门并增设电动车充电桩', ...overrides });
      if (!('matters' in overrides)) {
        body.matters = [
          {
            item: 6,
            title: '使用维修资金更换全部楼栋消防门',
            body: '预算38.6万元，从公共维修资金列支。',
          },
          {
            item: 9,
            title: '在地下车库增设电动车充电桩',
            body: '由供电公司出资建设，业主按次付费。',
          },
        ];
      }
      const drafted = await ballots.request(base, { token, json: body });
      if (drafted.status !== 201)
        throw new Error(`draft: ${drafted.status} ${await drafted.text()}`);
      const ballot = (await drafted.json()) as { id: string; matters: { id: string }[] };
      if (options.attach) {
        const form = new FormData();
        const { fileName, type, bytes } = options.attach;
        form.set('file', new File([bytes], fileName, { type }));
        const res = await ballots.app.request(
          `${base}/${ballot.id}/matters/${ballot.matters[0]!.id}/attachments`,
          { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form },
        );
        if (res.status !== 201) throw new Error(`attach: ${res.status} ${await res.text()}`);
      }
      const opened = await ballots.request(`${base}/${ballot.id}/open`, { token, method: 'POST' });
      expect(opened.status).toBe(200);
      // Links come the way a committee gets them: issuing a fresh one for a holder key.
      const issue = async (owner: string) => {
        const holderKey = encodeURIComponent(roster.holderKeys.get(owner)!);
        const res = await ballots.request(`${base}/${ballot.id}/credentials/${holderKey}/reissue`, {
          token,
          json: { reason: '测试发放' },
        });
        expect(res.status).toBe(201);
        const { link } = (await res.json()) as { link: string };
        return link.slice(link.lastIndexOf('/v/') + 3);
      };
      const linkOf = issue;
      return {
        ballotId: ballot.id,
        phones: roster.phones,
        links: {
          a: await linkOf('a'),
          b: await linkOf('b'),
          c: await linkOf('c'),
          d: await linkOf('d'),
        },
        reissue: issue,
        async closeAndPublish(publishOptions = {}) {
          clock.set(new Date(Date.parse(body.window.closesAt) + 1000));
          expect(await closeDueBallots(ballots.deps)).toBeGreaterThanOrEqual(1);
          const from = new Date(clock.now().getTime() + (publishOptions.publishInMs ?? 0));
          const published = await ballots.request(`${base}/${ballot.id}/publish`, {
            token: await ballots.tokenFor(claims),
            json: {
              from: from.toISOString(),
              until: new Date(from.getTime() + 20 * 86_400_000).toISOString(),
            },
          });
          if (published.status !== 200) {
            throw new Error(`publish: ${published.status} ${await published.text()}`);
          }
        },
      };
    },
    async close() {
      await ballotsServer.close();
      await ballots.close();
    },
  };
}
