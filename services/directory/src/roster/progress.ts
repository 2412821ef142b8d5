import { performance } from 'node:perf_hooks';
import type { Logger } from '@yishi/app';

/** Where a job is: the phase, and how much of it is done (`total` is null while unknown). */
export interface ImportProgress {
  phase:
    | 'queued'
    | 'reading'
    | 'comparing'
    | 'saving'
    | 'buildings'
    | 'owners'
    | 'units'
    | 'ownerships'
    | 'events'
    | 'done';
  done: number;
  total: number | null;
}

/**
 * Writes a job's progress at most every `intervalMs`, never two writes at once, and never making
 * the job wait: reports made while a write is in flight only replace the pending value. Progress
 * is written outside the job's transaction (which nobody else can see before it commits).
 */
export class ProgressReporter {
  #pending: ImportProgress | null = null;
  #inFlight: Promise<void> | null = null;
  #lastWrite = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly write: (progress: ImportProgress) => Promise<void>,
    private readonly logger: Logger,
    private readonly listener?: (progress: ImportProgress) => void,
    private readonly intervalMs = 250,
  ) {}

  report(progress: ImportProgress): void {
    this.listener?.(progress);
    this.#pending = progress;
    if (this.#inFlight === null && performance.now() - this.#lastWrite >= this.intervalMs) {
      this.#start();
    }
  }

  /** Waits for the write in flight, then writes the last report if it is still pending. */
  async flush(): Promise<void> {
    if (this.#inFlight) await this.#inFlight;
    if (this.#pending) this.#start();
    if (this.#inFlight) await this.#inFlight;
  }

  #start(): void {
    const progress = this.#pending!;
    this.#pending = null;
    this.#lastWrite = performance.now();
    this.#inFlight = this.write(progress)
      .catch((err: unknown) => this.logger.warn({ err }, 'roster import progress not saved'))
      .finally(() => {
        this.#inFlight = null;
      });
  }
}
