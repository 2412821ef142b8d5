import { createHash } from 'node:crypto';

/** The prev hash of a ballot's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** The content of an audit entry that its hash covers. */
export interface AuditContent {
  ballotId: string;
  seq: number;
  at: Date;
  actor: string;
  action: string;
  details: Record<string, unknown>;
}

/** JSON with object keys sorted at every level, so equal content always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** SHA-256 (hex) of the previous hash and the entry's canonical content. */
export function entryHash(prevHash: string, content: AuditContent): string {
  const { ballotId, seq, at, actor, action, details } = content;
  const body = canonicalJson({ ballotId, seq, at: at.toISOString(), actor, action, details });
  return createHash('sha256').update(`${prevHash}\n${body}`).digest('hex');
}

/** The outcome of a chain verification; `brokenAt` names the first entry that does not hold. */
export type ChainCheck =
  | { ok: true; entries: number; head: string }
  | { ok: false; entries: number; brokenAt: number; reason: string };

/**
 * Recomputes a ballot's chain from its first entry: each entry must follow the previous one in
 * sequence, point at its hash, and hash to what it stores.
 */
export function verifyChain(
  entries: readonly (AuditContent & { prevHash: string; hash: string })[],
): ChainCheck {
  let prev = GENESIS_HASH;
  for (const [index, entry] of entries.entries()) {
    const fail = (reason: string): ChainCheck => ({
      ok: false,
      entries: entries.length,
      brokenAt: entry.seq,
      reason,
    });
    if (entry.seq !== index + 1) return fail(`expected entry ${index + 1}, found ${entry.seq}`);
    if (entry.prevHash !== prev) return fail('does not point at the previous entry');
    if (entryHash(prev, entry) !== entry.hash) return fail('content does not match its hash');
    prev = entry.hash;
  }
  return { ok: true, entries: entries.length, head: prev };
}
