import type { NatsConnection, Subscription } from '@nats-io/transport-node';
import { progressSubject, progressUpdated, voteCast } from '@yishi/contracts';
import type { Deps } from '../context.ts';
import type { MatterProgress } from './compute.ts';
import { type ComputeProgress, progressFigures } from './figures.ts';
import { loadReachedMatters } from './load.ts';
import { recordQuorumReached } from './quorum.ts';

/** A ballot's progress as last computed from its stored votes. */
export interface ProgressState {
  ballotId: string;
  communityId: string;
  status: string;
  closesAt: Date;
  /** A secret ballot: how participants voted is shown only once it is closed. */
  secret: boolean;
  computedAt: Date;
  matters: MatterProgress[];
}

/**
 * Whether agreement figures may be shown. On a secret ballot they stay hidden while voting runs:
 * next to the list of who has not voted yet, each change of the agree figure would tell how the
 * owner who just voted chose.
 */
export const showsAgreement = (state: Pick<ProgressState, 'secret' | 'status'>) =>
  !state.secret || !isOpen(state.status);

/** Receives each new progress of a ballot, and `end` when the hub shuts down. */
export interface ProgressListener {
  update(state: ProgressState): void;
  end(): void;
}

export interface ProgressHubOptions {
  /** Core NATS: subscribes to `ballots.vote.cast.v2`, publishes `ballots.progress.<id>`. */
  nats?: NatsConnection | undefined;
  /** Least time between two computations of one ballot someone follows (a live dashboard). Default 1 s. */
  refreshIntervalMs?: number;
  /**
   * Least time between two computations of one ballot nobody follows, after votes: enough to
   * notice a quorum reached and to publish progress events. Default 5 s. Each computation reads
   * every vote of the ballot and tallies the estate and each building (tens of milliseconds of a
   * core for 20,000 owners), so the hub does it no more often than someone looks.
   */
  unwatchedRefreshIntervalMs?: number;
  /** Least time between two progress events of one ballot from this replica. */
  publishIntervalMs?: number;
  /**
   * Only for a hub that no vote notifier feeds: cached progress counts as stale after this long.
   * A wired hub recomputes only when votes changed.
   */
  staleAfterMs?: number;
  /** A ballot nobody asked about or voted on for this long is dropped from memory. */
  idleMs?: number;
  /**
   * Reads a ballot's votes and computes its figures: in this thread by default; the service
   * passes a thread of its own (startProgressThread) so the vote path's event loop keeps free.
   */
  compute?: ComputeProgress;
}

interface Entry {
  ballotId: string;
  reached?: Set<string>;
  state?: ProgressState;
  /** Bumped by every change of votes heard of; `computedVersion` is what `state` reflects. */
  version: number;
  computedVersion: number;
  /** The last version covered by a published event. */
  publishedVersion: number;
  startedAt: number;
  publishedAt: number;
  computing?: Promise<ProgressState> | undefined;
  timer?: NodeJS.Timeout | undefined;
  publishTimer?: NodeJS.Timeout | undefined;
  listeners: Set<ProgressListener>;
  usedAt: number;
}

const isOpen = (status: string) => status === 'open' || status === 'extended';

/**
 * Live progress per ballot for one replica, with no shared counter on the vote path: progress is
 * computed by `tally` from the stored votes, at most every `refreshIntervalMs` per ballot and only
 * when votes changed. Changes are learnt from this replica's vote path (`votesChanged`, right
 * after commit) and from `ballots.vote.cast.v2` on core NATS, which also carries what the relays
 * publish to JetStream: votes taken by other replicas, and web votes on a path without the hook.
 * After each computation it records the first time each matter reached its quorum (exactly once,
 * by a primary key) and publishes a progress event, at most one per `publishIntervalMs` per ballot
 * and replica: with N replicas a dashboard may get up to N per second, each complete.
 */
export class ProgressHub {
  readonly #deps: Pick<Deps, 'db' | 'now' | 'newId' | 'logger' | 'wakeRelay'>;
  readonly #nats: NatsConnection | undefined;
  readonly #refreshMs: number;
  readonly #unwatchedRefreshMs: number;
  readonly #publishMs: number;
  readonly #staleMs: number | undefined;
  readonly #idleMs: number;
  readonly #computeFigures: ComputeProgress;
  readonly #entries = new Map<string, Entry>();
  readonly #subscription: Subscription | undefined;
  readonly #sweeper: NodeJS.Timeout;
  #closed = false;

  constructor(
    deps: Pick<Deps, 'db' | 'now' | 'newId' | 'logger' | 'wakeRelay'>,
    options: ProgressHubOptions = {},
  ) {
    this.#deps = deps;
    this.#nats = options.nats;
    this.#refreshMs = options.refreshIntervalMs ?? 1_000;
    this.#unwatchedRefreshMs = Math.max(
      this.#refreshMs,
      options.unwatchedRefreshIntervalMs ?? 5_000,
    );
    this.#publishMs = options.publishIntervalMs ?? 1_000;
    this.#staleMs = options.staleAfterMs;
    this.#idleMs = options.idleMs ?? 10 * 60_000;
    this.#computeFigures = options.compute ?? progressFigures(deps.db);
    this.#subscription = this.#nats?.subscribe(voteCast.subject, {
      callback: (err, msg) => {
        if (err) return;
        try {
          this.votesChanged(voteCast.parse(msg.json()).payload.ballotId);
        } catch {
          // A malformed message is the JetStream consumers' concern; here it changes nothing.
        }
      },
    });
    this.#sweeper = setInterval(() => this.#sweep(), 60_000);
    this.#sweeper.unref();
  }

  /**
   * Tells the hub that a ballot's votes changed: called by the vote path after commit, and for
   * every `ballots.vote.cast.v2` heard on NATS. The hub recomputes within `refreshIntervalMs`,
   * records a quorum reached for the first time, and publishes a progress event (throttled).
   */
  votesChanged = (ballotId: string): void => {
    if (this.#closed) return;
    const entry = this.#entry(ballotId);
    entry.version += 1;
    this.#schedule(entry);
  };

  /** The ballot's progress: cached, or computed now when stale and not computed in the last interval. */
  async current(ballotId: string): Promise<ProgressState> {
    const entry = this.#entry(ballotId);
    entry.usedAt = performance.now();
    if (!entry.state) return this.#refresh(entry);
    if (this.#isStale(entry)) {
      if (performance.now() - entry.startedAt >= this.#refreshMs) return this.#refresh(entry);
      this.#schedule(entry);
    }
    return entry.state;
  }

  /** Calls `listener` with each new progress of the ballot until the returned function is called. */
  subscribe(ballotId: string, listener: ProgressListener): () => void {
    const entry = this.#entry(ballotId);
    entry.listeners.add(listener);
    // A refresh planned at the unwatched pace comes sooner now someone looks.
    clearTimeout(entry.timer);
    entry.timer = undefined;
    if (this.#isStale(entry)) this.#schedule(entry);
    return () => {
      entry.listeners.delete(listener);
      entry.usedAt = performance.now();
    };
  }

  /** How many listeners follow the ballot (open event streams). */
  listenerCount(ballotId: string): number {
    return this.#entries.get(ballotId)?.listeners.size ?? 0;
  }

  /** Stops timers and the subscription, and ends every listener (their streams close). */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#sweeper);
    this.#subscription?.unsubscribe();
    for (const entry of this.#entries.values()) {
      clearTimeout(entry.timer);
      clearTimeout(entry.publishTimer);
      for (const listener of entry.listeners) listener.end();
      entry.listeners.clear();
    }
    await Promise.allSettled([...this.#entries.values()].map((e) => e.computing));
    this.#entries.clear();
  }

  #entry(ballotId: string): Entry {
    let entry = this.#entries.get(ballotId);
    if (!entry) {
      entry = {
        ballotId,
        version: 0,
        computedVersion: -1,
        publishedVersion: 0,
        startedAt: Number.NEGATIVE_INFINITY,
        publishedAt: Number.NEGATIVE_INFINITY,
        listeners: new Set(),
        usedAt: performance.now(),
      };
      this.#entries.set(ballotId, entry);
    }
    return entry;
  }

  #isStale(entry: Entry): boolean {
    if (entry.version > entry.computedVersion) return true;
    return this.#staleMs !== undefined && performance.now() - entry.startedAt > this.#staleMs;
  }

  #schedule(entry: Entry): void {
    if (this.#closed || entry.timer || entry.computing) return;
    const interval = entry.listeners.size > 0 ? this.#refreshMs : this.#unwatchedRefreshMs;
    const wait = Math.max(0, entry.startedAt + interval - performance.now());
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      this.#refresh(entry).catch((err: unknown) =>
        this.#deps.logger.warn({ err, ballotId: entry.ballotId }, 'progress refresh failed'),
      );
    }, wait);
  }

  #refresh(entry: Entry): Promise<ProgressState> {
    if (entry.computing) return entry.computing;
    const run = this.#compute(entry);
    entry.computing = run;
    run.then(
      () => {
        entry.computing = undefined;
        if (entry.version > entry.computedVersion) this.#schedule(entry);
      },
      // A failure is retried by the next change or request, not in a loop.
      () => {
        entry.computing = undefined;
      },
    );
    return run;
  }

  async #compute(entry: Entry): Promise<ProgressState> {
    const version = entry.version;
    entry.startedAt = performance.now();
    const { ballot, matters } = await this.#computeFigures(entry.ballotId);
    const state: ProgressState = {
      ballotId: ballot.id,
      communityId: ballot.communityId,
      status: ballot.status,
      closesAt: ballot.closesAt,
      secret: ballot.publication === 'secret',
      computedAt: this.#deps.now(),
      matters,
    };
    if (isOpen(ballot.status)) await this.#checkQuorum(entry, state);
    entry.state = state;
    entry.computedVersion = version;
    for (const listener of entry.listeners) listener.update(state);
    if (entry.computedVersion > entry.publishedVersion) this.#schedulePublish(entry);
    return state;
  }

  async #checkQuorum(entry: Entry, state: ProgressState) {
    entry.reached ??= await loadReachedMatters(this.#deps.db, entry.ballotId);
    const reached = entry.reached;
    let recorded = false;
    for (const matter of state.matters) {
      if (!matter.quorum.met || reached.has(matter.matterId)) continue;
      recorded = (await recordQuorumReached(this.#deps, state, matter)) || recorded;
      reached.add(matter.matterId);
    }
    if (recorded) this.#deps.wakeRelay();
  }

  #schedulePublish(entry: Entry): void {
    if (!this.#nats || entry.publishTimer || this.#closed) return;
    const wait = entry.publishedAt + this.#publishMs - performance.now();
    if (wait <= 0) {
      this.#publish(entry);
      return;
    }
    entry.publishTimer = setTimeout(() => {
      entry.publishTimer = undefined;
      this.#publish(entry);
    }, wait);
  }

  #publish(entry: Entry): void {
    const state = entry.state;
    if (!state || !this.#nats || this.#closed) return;
    entry.publishedAt = performance.now();
    entry.publishedVersion = entry.computedVersion;
    const event = progressUpdated.create(
      {
        communityId: state.communityId,
        aggregateId: state.ballotId,
        payload: {
          ballotId: state.ballotId,
          computedAt: state.computedAt.toISOString(),
          matters: state.matters.map((m) => ({
            matterId: m.matterId,
            item: m.item,
            threshold: m.threshold,
            total: m.total,
            participating: m.participating,
            agree: showsAgreement(state) ? m.agree : null,
            quorumMet: m.quorum.met,
            approvalMet: showsAgreement(state) ? m.approval.met : null,
            shortfall: m.quorum.shortfall,
          })),
        },
      },
      this.#deps,
    );
    try {
      this.#nats.publish(progressSubject(state.ballotId), JSON.stringify(event));
    } catch (err) {
      // Loss-tolerant by design: the next change publishes fresh figures.
      this.#deps.logger.warn({ err, ballotId: state.ballotId }, 'progress event not published');
    }
  }

  #sweep(): void {
    const cutoff = performance.now() - this.#idleMs;
    for (const [id, entry] of this.#entries) {
      const busy = entry.listeners.size > 0 || entry.timer || entry.publishTimer || entry.computing;
      if (!busy && entry.usedAt < cutoff) this.#entries.delete(id);
    }
  }
}
