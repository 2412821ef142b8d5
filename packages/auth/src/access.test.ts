import { describe, expect, it } from 'vitest';
import { assertCommunityAccess, hasRole, hasRoleIn, rolesIn } from './access.ts';
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

describe('roles in a community', () => {
  const mixed = staffClaimsSchema.parse({
    sub: 'x',
    roles: ['committee_member', 'grid_worker'],
    communities: ['a', 'b'],
    communityRoles: { a: ['grid_worker'], b: ['committee_member'] },
  });

  it('are those held there, not the union across communities', () => {
    expect(rolesIn(mixed, 'a')).toEqual(['grid_worker']);
    expect(hasRoleIn(mixed, 'a', 'committee_member')).toBe(false);
    expect(hasRoleIn(mixed, 'b', 'committee_member')).toBe(true);
  });

  it('are none for a token that does not say', () => {
    const old = staffClaimsSchema.parse({
      sub: 'y',
      roles: ['committee_admin'],
      communities: ['a'],
    });
    expect(rolesIn(old, 'a')).toEqual([]);
  });

  it('include platform_admin everywhere for a platform admin', () => {
    const admin = staffClaimsSchema.parse({ sub: 'z', roles: ['platform_admin'], communities: [] });
    expect(rolesIn(admin, 'any')).toEqual(['platform_admin']);
  });
});
