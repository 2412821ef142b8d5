import type { ChannelResult } from './channel.ts';

/** Default time a provider gets to answer before the attempt counts as failed (and is retried). */
export const providerTimeoutMs = 15_000;

/** Reads a provider's answer as JSON when it is JSON, as text otherwise. */
export async function readBody(response: Response): Promise<unknown> {
  return parseBody(await response.text());
}

/** A provider's answer as JSON when it is JSON, as (at most 2,000 characters of) text otherwise. */
export function parseBody(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text.slice(0, 2_000);
  }
}

/** A transport failure (refused, reset, timed out): always worth another try. */
export function networkFailure(err: unknown): ChannelResult {
  const message = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  return { ok: false, retryable: true, error: `network: ${message}` };
}

/** HTTP statuses worth retrying: throttling and server-side trouble. */
export const retryableStatus = (status: number) =>
  status === 408 || status === 429 || status >= 500;
