/**
 * The public pages' test world: the proposals pages' harness (a real directory, proposals and
 * meetings services, the web in front), with the committee's calls to both services and the
 * meetings service's events handed to the proposals service as its consumer would apply them.
 */
import { outbox } from '@yishi/bus';
import { applyMeetingsEvent } from '@yishi/proposals/src/bus/decisions.ts';
import { asc, eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { type Estate, type ProposalsWebHarness, startOfTest } from '../proposals/test-support.ts';

const DAY = 86_400_000;

export interface PublicWorld {
  meetingsApi(
    path: string,
    init?: { method?: string; json?: unknown },
  ): Promise<{
    id: string;
    ballotId: string | null;
    agenda: { id: string; matterId: string | null }[];
  }>;
  proposalsApi(
    path: string,
    init?: { method?: string; json?: unknown; body?: FormData },
  ): Promise<{ id: string }>;
  /** A deliberation meeting 3 days after the start of the test at 14:00 Beijing time (a draft). */
  announce(
    title: string,
    agenda: { title: string; proposalId?: string }[],
  ): Promise<{ id: string; startsAt: Date; notice: () => ReturnType<PublicWorld['meetingsApi']> }>;
  /** Applies the meetings service's events about `meetingId` to the proposals service, in order. */
  forwardToProposals(meetingId: string): Promise<void>;
}

/** A 1×1 PNG. */
export const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

export function publicWorld(h: ProposalsWebHarness, estate: Estate): PublicWorld {
  async function meetingsApi(path: string, init: { method?: string; json?: unknown } = {}) {
    const res = await h.meetings.request(`/communities/${estate.communityId}/meetings${path}`, {
      token: await estate.staffToken(),
      ...init,
    });
    expect(res.status, `${path}: ${res.status}`).toBeLessThan(300);
    return (await res.json()) as {
      id: string;
      ballotId: string | null;
      agenda: { id: string; matterId: string | null }[];
    };
  }

  async function proposalsApi(
    path: string,
    init: { method?: string; json?: unknown; body?: FormData } = {},
  ) {
    const res = await h.proposals.request(`/communities/${estate.communityId}/proposals${path}`, {
      token: await estate.staffToken(),
      ...init,
    });
    expect(res.status, `${path}: ${res.status}`).toBeLessThan(300);
    return (await res.json()) as { id: string };
  }

  /** A draft deliberation meeting on the 5th of March 2026 at 14:00 Beijing time. */
  async function announce(title: string, agenda: { title: string; proposalId?: string }[]) {
    const startsAt = new Date(startOfTest.getTime() + 3 * DAY + 5 * 3_600_000);
    const { id } = await meetingsApi('', {
      json: {
        kind: 'deliberation',
        title,
        startsAt: startsAt.toISOString(),
        endsAt: new Date(startsAt.getTime() + 2 * 3_600_000).toISOString(),
        place: '3号楼前小广场',
        organiser: '幸福社区党委',
        agenda,
      },
    });
    return { id, startsAt, notice: () => meetingsApi(`/${id}/notice`, { method: 'POST' }) };
  }

  /** Applies the meetings service's events about `meetingId` to the proposals service, in order. */
  async function forwardToProposals(meetingId: string) {
    const rows = await h.meetings.deps.db
      .select()
      .from(outbox)
      .where(eq(outbox.aggregateId, meetingId))
      .orderBy(asc(outbox.seq));
    for (const row of rows) {
      const event = {
        id: row.id,
        type: row.type,
        version: row.version,
        occurredAt: row.occurredAt.toISOString(),
        communityId: row.communityId,
        aggregateId: row.aggregateId,
        payload: row.payload,
      } as Parameters<typeof applyMeetingsEvent>[2];
      await h.proposals.deps.db.transaction((tx) =>
        applyMeetingsEvent(tx, h.proposals.deps, event),
      );
    }
  }
  return { meetingsApi, proposalsApi, announce, forwardToProposals };
}
