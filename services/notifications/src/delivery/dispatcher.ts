import type { Logger } from '@yishi/app';
import { and, asc, eq, inArray, lte, sql } from 'drizzle-orm';
import type {
  Channel,
  ChannelMedium,
  ChannelResult,
  Channels,
  OutgoingMessage,
} from '../channels/channel.ts';
import type { NotificationsDb } from '../db/database.ts';
import {
  ballots,
  type DeliveryStatus,
  deliveries,
  meetings,
  votesCast,
} from '../db/schema/index.ts';
import { render, type TemplateParams } from '../templates/templates.ts';
import { type RetryPolicy, retryDelayMs } from './backoff.ts';
import { allowedAt, type QuietHours } from './quiet-hours.ts';
import type { TokenBucket } from './token-bucket.ts';

/** What the dispatcher needs. */
export interface DispatcherOptions {
  db: NotificationsDb;
  channels: Channels;
  now: () => Date;
  logger: Logger;
  retry: RetryPolicy;
  quietHours: QuietHours;
  /** Token bucket per medium; a medium without one is not limited. */
  limits?: Partial<Record<ChannelMedium, TokenBucket>>;
  batchSize?: number;
  /** Messages in flight at once per batch. */
  concurrency?: number;
  /** How long a claimed delivery stays invisible to other dispatchers. */
  leaseMs?: number;
}

type Row = typeof deliveries.$inferSelect;

interface Outcome {
  id: string;
  /** The attempts value the claim left, which the result update checks (the lease is still ours). */
  claimed: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date;
  lastError: string | null;
  provider: string | null;
  providerResponse: unknown;
  sentAt: Date | null;
}

// Messages that only make sense while the ballot is open.
const whileOpen = new Set([
  'ballot_opened',
  'link_reissued',
  'reminder',
  'quorum_at_risk',
  'progress_summary',
]);

/**
 * Claims one batch of due deliveries and sends them. The claim is one statement:
 * `UPDATE … WHERE id IN (SELECT … FOR UPDATE SKIP LOCKED)` that counts the attempt and moves
 * `next_attempt_at` a lease ahead, so dispatchers on several replicas never take the same row, and
 * a dispatcher that dies mid-send leaves its rows to come back when the lease ends. Results are
 * written in one statement per batch, only where the lease is still ours.
 *
 * Guarantee: every queued delivery is handed to its provider at least once, and more than once
 * only if the process dies (or the result write fails) after the provider accepted it and before
 * the result is stored; the delivery id travels as the provider's idempotency key (`OutId`,
 * `Idempotency-Key`) so that a gateway honouring it sends one message. Returns the rows claimed.
 */
export async function dispatchBatch(options: DispatcherOptions): Promise<number> {
  const now = options.now();
  const batchSize = options.batchSize ?? 500;
  const leaseUntil = new Date(now.getTime() + (options.leaseMs ?? 120_000));
  const due = options.db
    .select({ id: deliveries.id })
    .from(deliveries)
    .where(and(eq(deliveries.status, 'queued'), lte(deliveries.nextAttemptAt, now)))
    .orderBy(asc(deliveries.nextAttemptAt))
    .limit(batchSize)
    .for('update', { skipLocked: true });
  const rows = await options.db
    .update(deliveries)
    .set({ attempts: sql`${deliveries.attempts} + 1`, nextAttemptAt: leaseUntil, updatedAt: now })
    .where(inArray(deliveries.id, due))
    .returning();
  if (rows.length === 0) return 0;
  // A rate-limited medium may need longer than the lease to send its share of the batch; were the
  // lease to run out, another dispatcher would claim and send the same rows again.
  const needed = leaseFor(rows, options.limits, options.leaseMs ?? 120_000);
  if (needed > (options.leaseMs ?? 120_000)) {
    await options.db
      .update(deliveries)
      .set({ nextAttemptAt: new Date(now.getTime() + needed) })
      .where(
        inArray(
          deliveries.id,
          rows.map((r) => r.id),
        ),
      );
  }

  const stale = await staleRows(options.db, rows);
  const outcomes: Outcome[] = [];
  const toSend: Row[] = [];
  for (const row of rows) {
    const base = { id: row.id, claimed: row.attempts, provider: null, providerResponse: null };
    const reason = stale.get(row.id);
    if (reason) {
      outcomes.push({
        ...base,
        status: 'skipped',
        attempts: row.attempts - 1,
        nextAttemptAt: now,
        lastError: reason,
        sentAt: null,
      });
      continue;
    }
    const allowed = row.medium === 'sms' && !row.urgent ? allowedAt(now, options.quietHours) : now;
    if (allowed > now) {
      // Quiet hours are no attempt: the message waits for the morning.
      outcomes.push({
        ...base,
        status: 'queued',
        attempts: row.attempts - 1,
        nextAttemptAt: allowed,
        lastError: 'deferred: quiet hours',
        sentAt: null,
      });
      continue;
    }
    toSend.push(row);
  }

  // Channels that take a batch (the inbox: one multi-row insert) get one call per medium.
  const batched = new Map<ChannelMedium, Row[]>();
  const single: Row[] = [];
  for (const row of toSend) {
    const medium = row.medium as ChannelMedium;
    if (row.medium !== 'letter' && row.address && options.channels[medium]?.sendBatch) {
      batched.set(medium, [...(batched.get(medium) ?? []), row]);
    } else single.push(row);
  }
  await Promise.all([
    ...[...batched].map(async ([medium, group]) => {
      outcomes.push(...(await sendGroup(options, options.channels[medium]!, group)));
    }),
    eachLimited(single, options.concurrency ?? 64, async (row) => {
      outcomes.push(await sendOne(options, row, now));
    }),
  ]);
  await writeOutcomes(options.db, outcomes, options.now());
  return rows.length;
}

/**
 * How long the claimed rows must stay invisible to other dispatchers: at least `minimumMs`, and
 * twice the time the slowest rate-limited medium needs for its rows (media are sent in parallel).
 */
export function leaseFor(
  rows: readonly { medium: string }[],
  limits: DispatcherOptions['limits'],
  minimumMs: number,
): number {
  const perMedium = new Map<string, number>();
  for (const row of rows) perMedium.set(row.medium, (perMedium.get(row.medium) ?? 0) + 1);
  let slowestMs = 0;
  for (const [medium, count] of perMedium) {
    const bucket = limits?.[medium as ChannelMedium];
    if (bucket) slowestMs = Math.max(slowestMs, (count / bucket.rate) * 1000);
  }
  return Math.max(minimumMs, Math.ceil(2 * slowestMs));
}

/**
 * Why a claimed delivery should no longer go out: the ballot ended, the owner voted, or the
 * meeting it announces was cancelled.
 */
async function staleRows(db: NotificationsDb, rows: readonly Row[]): Promise<Map<string, string>> {
  const reasons = new Map<string, string>();
  const notices = rows.filter((r) => r.kind === 'meeting_notice' && r.meetingId);
  if (notices.length > 0) {
    const cancelled = await db
      .select({ meetingId: meetings.meetingId })
      .from(meetings)
      .where(
        and(
          inArray(meetings.meetingId, [...new Set(notices.map((r) => r.meetingId!))]),
          eq(meetings.status, 'cancelled'),
        ),
      );
    const ids = new Set(cancelled.map((m) => m.meetingId));
    for (const r of notices) if (ids.has(r.meetingId!)) reasons.set(r.id, 'meeting cancelled');
  }
  const relevant = rows.filter((r) => r.ballotId && whileOpen.has(r.kind));
  if (relevant.length === 0) return reasons;
  const ballotIds = [...new Set(relevant.map((r) => r.ballotId!))];
  const states = await db
    .select({ ballotId: ballots.ballotId, status: ballots.status })
    .from(ballots)
    .where(inArray(ballots.ballotId, ballotIds));
  const closed = new Set(
    states.filter((s) => !['open', 'extended'].includes(s.status)).map((s) => s.ballotId),
  );
  const reminders = relevant.filter((r) => r.kind === 'reminder' && r.holderKey);
  const voted = new Set<string>();
  if (reminders.length > 0) {
    const cast = await db
      .select({ ballotId: votesCast.ballotId, holderKey: votesCast.holderKey })
      .from(votesCast)
      .where(
        and(
          inArray(votesCast.ballotId, [...new Set(reminders.map((r) => r.ballotId!))]),
          inArray(votesCast.holderKey, [...new Set(reminders.map((r) => r.holderKey!))]),
        ),
      );
    for (const c of cast) voted.add(`${c.ballotId} ${c.holderKey}`);
  }
  for (const r of relevant) {
    if (closed.has(r.ballotId!)) reasons.set(r.id, 'ballot no longer open');
    else if (r.kind === 'reminder' && voted.has(`${r.ballotId} ${r.holderKey}`)) {
      reasons.set(r.id, 'owner has voted');
    }
  }
  return reasons;
}

function messageOf(row: Row): OutgoingMessage {
  const rendered = render(row.kind, row.locale, row.params as TemplateParams);
  return {
    deliveryId: row.id,
    kind: row.kind,
    medium: row.medium as ChannelMedium,
    to: row.address!,
    locale: row.locale,
    communityId: row.communityId,
    ballotId: row.ballotId,
    meetingId: row.meetingId,
    proposalId: row.proposalId,
    subject: rendered.subject,
    text: rendered.text,
    params: rendered.params,
    urgent: row.urgent,
  };
}

async function sendOne(options: DispatcherOptions, row: Row, now: Date): Promise<Outcome> {
  const channel =
    row.medium === 'letter' || row.medium === 'none' ? undefined : options.channels[row.medium];
  if (!channel || !row.address) {
    return {
      id: row.id,
      claimed: row.attempts,
      attempts: row.attempts,
      status: 'dead',
      nextAttemptAt: now,
      lastError: `no channel configured for ${row.medium}`,
      provider: null,
      providerResponse: null,
      sentAt: null,
    };
  }
  const message = messageOf(row);
  await options.limits?.[message.medium]?.take();
  let result: ChannelResult;
  try {
    result = await channel.send(message);
  } catch (err) {
    result = { ok: false, retryable: true, error: `channel crashed: ${String(err)}` };
  }
  return outcomeOf(options, channel, row, result);
}

/** Hands rows of one medium to a channel that takes them in one call. */
async function sendGroup(
  options: DispatcherOptions,
  channel: Channel,
  rows: readonly Row[],
): Promise<Outcome[]> {
  const messages = rows.map(messageOf);
  const limit = options.limits?.[messages[0]!.medium];
  if (limit) for (const _ of messages) await limit.take();
  let results: ChannelResult[];
  try {
    results = await channel.sendBatch!(messages);
  } catch (err) {
    const crashed = { ok: false, retryable: true, error: `channel crashed: ${String(err)}` };
    results = messages.map(() => crashed as ChannelResult);
  }
  return rows.map((row, i) => outcomeOf(options, channel, row, results[i]!));
}

function outcomeOf(
  options: DispatcherOptions,
  channel: Channel,
  row: Row,
  result: ChannelResult,
): Outcome {
  const base = { id: row.id, claimed: row.attempts, attempts: row.attempts };
  const at = options.now();
  if (result.ok) {
    return {
      ...base,
      status: 'sent',
      nextAttemptAt: at,
      lastError: null,
      provider: channel.name,
      providerResponse: result.response ?? null,
      sentAt: at,
    };
  }
  const exhausted = row.attempts >= options.retry.maxAttempts;
  const status: DeliveryStatus = !result.retryable ? 'failed' : exhausted ? 'dead' : 'queued';
  if (status !== 'queued') {
    options.logger.warn(
      { deliveryId: row.id, medium: row.medium, attempts: row.attempts, status, err: result.error },
      'delivery gave up',
    );
  }
  return {
    ...base,
    status,
    nextAttemptAt:
      status === 'queued' ? new Date(at.getTime() + retryDelayMs(options.retry, row.attempts)) : at,
    lastError: result.error,
    provider: channel.name,
    providerResponse: result.response ?? null,
    sentAt: null,
  };
}

async function writeOutcomes(db: NotificationsDb, outcomes: readonly Outcome[], now: Date) {
  if (outcomes.length === 0) return;
  const col = (f: (o: Outcome) => string | number | null) =>
    sql.param(
      outcomes.map((o) => {
        const v = f(o);
        return v === null ? null : String(v);
      }),
    );
  await db.execute(sql`
    update deliveries d set
      status = v.status, attempts = v.attempts, next_attempt_at = v.next_attempt_at,
      last_error = v.last_error, provider = v.provider, provider_response = v.provider_response,
      sent_at = v.sent_at, updated_at = ${now.toISOString()}::timestamptz
    from unnest(
      ${col((o) => o.id)}::text[]::uuid[],
      ${col((o) => o.claimed)}::text[]::integer[],
      ${col((o) => o.status)}::text[],
      ${col((o) => o.attempts)}::text[]::integer[],
      ${col((o) => o.nextAttemptAt.toISOString())}::text[]::timestamptz[],
      ${col((o) => o.lastError)}::text[],
      ${col((o) => o.provider)}::text[],
      ${col((o) => (o.providerResponse === null ? null : JSON.stringify(o.providerResponse)))}::text[]::jsonb[],
      ${col((o) => o.sentAt?.toISOString() ?? null)}::text[]::timestamptz[]
    ) as v(id, claimed, status, attempts, next_attempt_at, last_error, provider, provider_response, sent_at)
    where d.id = v.id and d.attempts = v.claimed and d.status = 'queued'`);
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
) {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await work(item);
    }
  });
  await Promise.all(lanes);
}

/** A running dispatcher. */
export interface Dispatcher {
  /** Look for due deliveries now. */
  wake(): void;
  /** Finishes the batch in flight and stops. */
  stop(): Promise<void>;
}

/**
 * Dispatches in `workers` loops (default 2, so one batch's slow sends do not hold the next);
 * each sleeps `pollMs` when nothing is due.
 */
export function startDispatcher(
  options: DispatcherOptions & { pollMs?: number; workers?: number },
): Dispatcher {
  let stopping = false;
  let wakeUp: (() => void) | undefined;
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  const loop = async () => {
    while (!stopping) {
      let claimed = 0;
      try {
        claimed = await dispatchBatch(options);
      } catch (err) {
        options.logger.error(
          { err: err instanceof Error ? err.message : String(err) },
          'dispatch failed',
        );
      }
      if (claimed < (options.batchSize ?? 500) && !stopping) await sleep(options.pollMs ?? 250);
    }
  };
  const loops = Array.from({ length: options.workers ?? 2 }, loop);
  return {
    wake: () => wakeUp?.(),
    async stop() {
      stopping = true;
      wakeUp?.();
      await Promise.all(loops);
    },
  };
}
