import { createHash } from 'node:crypto';

/**
 * The token of a voting link (`…/v/<token>`), from the whole link or the token itself; null
 * when it is neither.
 */
export function tokenOf(link: string): string | null {
  const token = link.includes('/v/') ? link.slice(link.lastIndexOf('/v/') + 3) : link;
  const clean = token.split(/[?#]/)[0] ?? '';
  return /^[A-Za-z0-9._~-]{16,200}$/.test(clean) ? clean : null;
}

/** SHA-256 (hex) of a link's token: how the inbox finds an owner key without keeping the token twice. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
