import { describe, expect, it } from 'vitest';
import { assertCommunityAccess, hasRole } from './access.ts';
import { staffClaimsSchema } from './claims.ts';

const claims = staffClaimsSchema.parse({
  sub: 's',
  roles: ['grid_worker', 'mayor'],
  communities: ['c-1', 'c-2'],
});

describe('assertCommunityAccess', () => {
  it('allows a community listed in the token', () => {
    expect(() => assertCommunityAccess(claims, 'c-2')).not.toThrow();
  });

  it('answers another community as not found, so its existence does not leak', () => {
    expect(() => assertCommunityAccess(claims, 'c-3')).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
  });

  it('lets a platform admin into any community', () => {
    const admin = staffClaimsSchema.parse({ sub: 'a', roles: ['platform_admin'], communities: [] });
    expect(() => assertCommunityAccess(admin, 'c-9')).not.toThrow();
  });
});

describe('claims', () => {
  it('drop roles this service does not know', () => {
    expect(claims.roles).toEqual(['grid_worker']);
    expect(hasRole(claims, 'grid_worker')).toBe(true);
    expect(hasRole(claims, 'committee_member', 'party_secretary')).toBe(false);
  });
});
