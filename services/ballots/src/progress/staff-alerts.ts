import { createHash } from 'node:crypto';
import { enqueueIfAbsent, outbox, type PreparedEvent, prepareEvent } from '@yishi/bus';
import { progressSummarized, quorumAtRisk } from '@yishi/contracts';
import { and, inArray, isNotNull, lte } from 'drizzle-orm';
import type { Deps } from '../context.ts';
import { ballots } from '../db/schema/index.ts';
import { computeProgress, type MatterProgress, type ProgressFigures } from './compute.ts';
import { loadChoices, loadReachedMatters, loadSnapshot } from './load.ts';

/** When staff are alerted; defaults follow the notifications issue. */
export interface StaffAlertOptions {
  /** `ballots.quorum.at_risk` once this close to the close while the quorum is short. */
  atRiskHoursBeforeClose?: number;
  /** `ballots.progress.summarized` daily from this time, `HH:MM` Asia/Shanghai. */
  summaryAt?: string;
  /** How often the scheduler looks. */
  intervalMs?: number;
}

type AlertDeps = Pick<Deps, 'db' | 'now' | 'logger' | 'wakeRelay'>;

// Asia/Shanghai is UTC+8 all year (no daylight saving since 1991).
const shanghaiOffsetMs = 8 * 3_600_000;
/** Ids of these events are UUID v5 in this namespace of what they are about. */
const alertNamespace = 'a8f0c6f2-5d3e-4c1b-9f7a-2e6d4b8c1a90';

/** RFC 9562 UUID v5 (SHA-1) of `name` in `namespace`. */
export function uuidV5(name: string, namespace = alertNamespace): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The Asia/Shanghai calendar day of an instant, `YYYY-MM-DD`. */
export const shanghaiDay = (at: Date) =>
  new Date(at.getTime() + shanghaiOffsetMs).toISOString().slice(0, 10);

/** The instant of `HH:MM` Asia/Shanghai on `day`. */
const shanghaiInstant = (day: string, time: string) =>
  new Date(Date.parse(`${day}T${time}:00.000Z`) - shanghaiOffsetMs);

/** The deterministic ids: one at-risk alert per ballot and close time, one summary per day. */
export const atRiskEventId = (ballotId: string, closesAt: Date) =>
  uuidV5(`${ballotId}/quorum.at_risk/${closesAt.toISOString()}`);
export const summaryEventId = (ballotId: string, day: string) =>
  uuidV5(`${ballotId}/progress.summarized/${day}`);

const participationOf = (p: ProgressFigures) => ({
  total: p.total,
  participating: p.participating,
  shortfall: p.quorum.shortfall,
  quorumMet: p.quorum.met,
});

const mattersOf = (progress: readonly MatterProgress[]) =>
  progress.map((m) => ({
    matterId: m.matterId,
    item: m.item,
    ...participationOf(m),
    buildings: m.buildings.map((b) => ({
      buildingId: b.buildingId,
      building: b.building,
      ...participationOf(b),
    })),
  }));

/**
 * Writes the staff alerts that are due to the outbox: `ballots.quorum.at_risk` for an open ballot
 * within `atRiskHoursBeforeClose` of its close whose quorum is short, and the day's
 * `ballots.progress.summarized` from `summaryAt` (for ballots already open then). Ids are UUID v5
 * of what the event is about and the outbox skips an id it has, so a second tick, a restart or a
 * second replica writes nothing more; progress is computed only for alerts not written yet.
 * Answers how many events it wrote.
 */
export async function raiseStaffAlerts(
  deps: AlertDeps,
  options: StaffAlertOptions = {},
): Promise<number> {
  const now = deps.now();
  const atRiskMs = (options.atRiskHoursBeforeClose ?? 24) * 3_600_000;
  const day = shanghaiDay(now);
  const summaryFrom = shanghaiInstant(day, options.summaryAt ?? '09:00');
  const open = await deps.db
    .select()
    .from(ballots)
    .where(
      and(
        inArray(ballots.status, ['open', 'extended']),
        isNotNull(ballots.openedAt),
        lte(ballots.opensAt, now),
      ),
    );
  const due = open.flatMap((ballot) => {
    if (ballot.closesAt <= now) return [];
    const atRisk = now.getTime() >= ballot.closesAt.getTime() - atRiskMs;
    const summary = now >= summaryFrom && ballot.openedAt! <= summaryFrom;
    return [
      {
        ballot,
        atRisk: atRisk ? atRiskEventId(ballot.id, ballot.closesAt) : null,
        summary: summary ? summaryEventId(ballot.id, day) : null,
      },
    ];
  });
  const ids = due.flatMap((d) => [d.atRisk, d.summary]).filter((id) => id !== null);
  if (ids.length === 0) return 0;
  const written = new Set(
    (await deps.db.select({ id: outbox.id }).from(outbox).where(inArray(outbox.id, ids))).map(
      (r) => r.id,
    ),
  );

  let count = 0;
  for (const { ballot, atRisk, summary } of due) {
    const wantsAtRisk = atRisk !== null && !written.has(atRisk);
    const wantsSummary = summary !== null && !written.has(summary);
    if (!wantsAtRisk && !wantsSummary) continue;
    try {
      count += await raiseFor(deps, ballot, {
        atRisk: wantsAtRisk ? atRisk : null,
        summary: wantsSummary ? summary : null,
        day,
        now,
      });
    } catch (err) {
      deps.logger.error({ ballotId: ballot.id, err }, 'staff alert failed; will retry');
    }
  }
  if (count > 0) deps.wakeRelay();
  return count;
}

async function raiseFor(
  deps: AlertDeps,
  ballot: typeof ballots.$inferSelect,
  due: { atRisk: string | null; summary: string | null; day: string; now: Date },
): Promise<number> {
  const snapshot = await loadSnapshot(deps.db, ballot);
  // Every matter reached its quorum already: no risk, and no need to count votes for it.
  const reached = due.atRisk ? await loadReachedMatters(deps.db, ballot.id) : new Set<string>();
  const atRisk =
    due.atRisk !== null && snapshot.matters.some((m) => !reached.has(m.id)) ? due.atRisk : null;
  if (atRisk === null && due.summary === null) return 0;
  const progress = computeProgress(snapshot, await loadChoices(deps.db, ballot.id));
  const base = {
    communityId: ballot.communityId,
    aggregateId: ballot.id,
    occurredAt: due.now,
  };
  const common = {
    ballotId: ballot.id,
    closesAt: ballot.closesAt.toISOString(),
    computedAt: due.now.toISOString(),
    matters: mattersOf(progress),
  };
  const events: PreparedEvent[] = [];
  if (atRisk !== null && progress.some((m) => !m.quorum.met)) {
    events.push(prepareEvent(quorumAtRisk, { ...base, id: atRisk, payload: common }));
  }
  if (due.summary !== null) {
    events.push(
      prepareEvent(progressSummarized, {
        ...base,
        id: due.summary,
        payload: { ...common, day: due.day },
      }),
    );
  }
  if (events.length === 0) return 0;
  const written = await deps.db.transaction((tx) => enqueueIfAbsent(tx, events));
  for (const event of events) {
    if (written.includes(event.event.id)) {
      deps.logger.info({ ballotId: ballot.id, type: event.event.type }, 'staff alert raised');
    }
  }
  return written.length;
}

/** Runs {@link raiseStaffAlerts} every `intervalMs` (default a minute) until stopped. */
export function startStaffAlerts(deps: AlertDeps, options: StaffAlertOptions = {}) {
  let stopping = false;
  let wake: (() => void) | undefined;
  const loop = (async () => {
    while (!stopping) {
      try {
        await raiseStaffAlerts(deps, options);
      } catch (err) {
        deps.logger.error({ err }, 'staff alerts round failed');
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.intervalMs ?? 60_000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  })();
  return {
    async stop() {
      stopping = true;
      wake?.();
      await loop;
    },
  };
}
