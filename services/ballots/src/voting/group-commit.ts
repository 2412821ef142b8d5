/** The outcome of one item of a batch: its own value, or its own refusal. */
export type Settled<R> = { ok: true; value: R } | { ok: false; error: unknown };

export interface GroupCommitOptions {
  /** Most items written per batch. Default 64. */
  maxBatch?: number;
  /** How long the first item of a batch waits for others before the batch is written. Default 2 ms. */
  maxWaitMs?: number;
  /** Batches written at once (each holds a pool connection for its transaction). Default 3. */
  maxInFlight?: number;
}

export interface GroupCommitStats {
  batches: number;
  items: number;
  largestBatch: number;
}

interface Entry<T, R> {
  item: T;
  key: string | undefined;
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

/**
 * Group commit: items submitted concurrently are written together by `write`, one call (one
 * transaction) per batch, and each submitter is answered only once its batch's call returned.
 * `write` answers one {@link Settled} per item, so one item can be refused without failing the
 * others; if `write` throws, every item of that batch is rejected with that error.
 *
 * A batch is written when it reaches `maxBatch` items, when its first item has waited
 * `maxWaitMs`, or when a batch in flight finishes and items are waiting. Items with the same
 * `keyOf` are never in the same batch nor in two batches in flight at once: the later one waits
 * for the earlier one's batch to finish.
 */
export class GroupCommit<T, R> {
  readonly #write: (items: T[]) => Promise<Settled<R>[]>;
  readonly #keyOf: ((item: T) => string) | undefined;
  readonly #maxBatch: number;
  readonly #maxWaitMs: number;
  readonly #maxInFlight: number;
  #queue: Entry<T, R>[] = [];
  readonly #busy = new Set<string>();
  #inFlight = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #due = false;
  readonly #stats: GroupCommitStats = { batches: 0, items: 0, largestBatch: 0 };

  constructor(
    write: (items: T[]) => Promise<Settled<R>[]>,
    options: GroupCommitOptions & { keyOf?: (item: T) => string } = {},
  ) {
    this.#write = write;
    this.#keyOf = options.keyOf;
    this.#maxBatch = Math.max(1, options.maxBatch ?? 64);
    this.#maxWaitMs = Math.max(0, options.maxWaitMs ?? 2);
    this.#maxInFlight = Math.max(1, options.maxInFlight ?? 3);
  }

  /** Resolves with the item's value once its batch is written, or rejects with its refusal. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, key: this.#keyOf?.(item), resolve, reject });
      this.#schedule();
    });
  }

  get stats(): Readonly<GroupCommitStats> {
    return { ...this.#stats };
  }

  #schedule(): void {
    while (this.#queue.length > 0 && this.#inFlight < this.#maxInFlight) {
      if (!this.#due && this.#maxWaitMs > 0 && this.#queue.length < this.#maxBatch) {
        this.#timer ??= setTimeout(() => {
          this.#timer = undefined;
          this.#due = true;
          this.#schedule();
        }, this.#maxWaitMs);
        return;
      }
      if (!this.#flush()) return;
    }
  }

  /** Starts writing one batch; false when every waiting item is held back by its key. */
  #flush(): boolean {
    const batch: Entry<T, R>[] = [];
    const rest: Entry<T, R>[] = [];
    const keys = new Set<string>();
    for (const entry of this.#queue) {
      const held =
        batch.length >= this.#maxBatch ||
        (entry.key !== undefined && (this.#busy.has(entry.key) || keys.has(entry.key)));
      if (held) rest.push(entry);
      else {
        batch.push(entry);
        if (entry.key !== undefined) keys.add(entry.key);
      }
    }
    if (batch.length === 0) return false;
    this.#queue = rest;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = undefined;
    // Whatever is left has waited for this batch already: the next slot writes it at once.
    this.#due = rest.length > 0;
    for (const key of keys) this.#busy.add(key);
    this.#inFlight += 1;
    this.#stats.batches += 1;
    this.#stats.items += batch.length;
    this.#stats.largestBatch = Math.max(this.#stats.largestBatch, batch.length);
    void this.#run(batch, keys);
    return true;
  }

  async #run(batch: Entry<T, R>[], keys: Set<string>): Promise<void> {
    try {
      const settled = await this.#write(batch.map((e) => e.item));
      if (settled.length !== batch.length) {
        throw new Error(`group commit: ${settled.length} outcomes for ${batch.length} items`);
      }
      batch.forEach((entry, i) => {
        const outcome = settled[i]!;
        if (outcome.ok) entry.resolve(outcome.value);
        else entry.reject(outcome.error);
      });
    } catch (error) {
      for (const entry of batch) entry.reject(error);
    } finally {
      for (const key of keys) this.#busy.delete(key);
      this.#inFlight -= 1;
      if (this.#queue.length > 0) this.#due = true;
      this.#schedule();
    }
  }
}
