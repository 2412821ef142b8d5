import type { StaffClaimsInput } from './claims.ts';

/**
 * For tests: a token's roles held in each of its communities, as the directory would issue for
 * someone with the same roles everywhere. Claims that already say `communityRoles` are kept.
 */
export function withRolesInEachCommunity(claims: StaffClaimsInput): StaffClaimsInput {
  if (claims.communityRoles) return claims;
  const roles = claims.roles.filter((role) => role !== 'platform_admin');
  return {
    ...claims,
    communityRoles: Object.fromEntries(claims.communities.map((id) => [id, roles])),
  };
}
