import {
  JetStreamApiCodes,
  JetStreamApiError,
  type JetStreamManager,
  StorageType,
  type StreamConfig,
} from '@nats-io/jetstream';
import { nanos } from '@nats-io/transport-node';

/** What a stream of events needs; everything else keeps JetStream's defaults. */
export interface EnsureStreamOptions {
  name: string;
  subjects: string[];
  /**
   * How long JetStream remembers message ids to drop re-published events (a relay that
   * crashed before marking its batch). Default 2 minutes; make it longer than a relay
   * can take to come back.
   */
  duplicateWindowMs?: number;
  /** Default file storage. */
  storage?: StorageType;
}

/**
 * Creates the stream, or brings an existing one's subjects and duplicate window up to date.
 *
 * @example
 * await ensureStream(await js.jetstreamManager(), streams.ballots);
 */
export async function ensureStream(
  jsm: JetStreamManager,
  options: EnsureStreamOptions,
): Promise<void> {
  const wanted: Partial<StreamConfig> = {
    subjects: options.subjects,
    duplicate_window: nanos(options.duplicateWindowMs ?? 120_000),
  };
  const existing = await jsm.streams.info(options.name).catch((err: unknown) => {
    if (isNotFound(err)) return undefined;
    throw err;
  });
  if (!existing) {
    await jsm.streams.add({
      name: options.name,
      storage: options.storage ?? StorageType.File,
      ...wanted,
    });
    return;
  }
  await jsm.streams.update(options.name, { ...existing.config, ...wanted });
}

function isNotFound(err: unknown): boolean {
  return err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound;
}
