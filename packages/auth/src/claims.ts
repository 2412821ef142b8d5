import { z } from 'zod';

/**
 * Staff roles the directory grants (see ARCHITECTURE.md, "People and what they do"): committee
 * admins (who manage the roster and staff of their community), committee members, community Party
 * secretaries, grid workers (limited to their buildings) and platform admins (every community).
 */
export const staffRoles = [
  'platform_admin',
  'committee_admin',
  'committee_member',
  'party_secretary',
  'grid_worker',
] as const;
export type StaffRole = (typeof staffRoles)[number];

const knownRoles: ReadonlySet<string> = new Set(staffRoles);

/**
 * The claims of a staff access token after verification. Unknown roles are dropped rather than
 * refused, so the directory can introduce a role before every service knows it.
 */
export const staffClaimsSchema = z.object({
  /** The staff account id in the directory. */
  sub: z.string().min(1),
  roles: z
    .array(z.string())
    .transform((roles) => roles.filter((role): role is StaffRole => knownRoles.has(role))),
  /** Communities the holder may see; every query is scoped to one of them. */
  communities: z.array(z.string().min(1)),
  /** For grid workers: the buildings they cover. Absent means no building restriction. */
  buildings: z.array(z.string().min(1)).optional(),
  /**
   * The roles held in each community. `roles` is their union, which must never decide what a
   * caller may do in one community: a committee member of B who is a grid worker in A is only a
   * grid worker in A. A token without it grants no community role (platform admins keep theirs).
   */
  communityRoles: z
    .record(
      z.string().min(1),
      z
        .array(z.string())
        .transform((roles) => roles.filter((role): role is StaffRole => knownRoles.has(role))),
    )
    .default({}),
});

export type StaffClaims = z.output<typeof staffClaimsSchema>;

/** What `signAccessToken` puts in a token; the same shape before the role filter. */
export type StaffClaimsInput = {
  sub: string;
  roles: readonly StaffRole[];
  communities: readonly string[];
  buildings?: readonly string[];
  communityRoles?: Readonly<Record<string, readonly StaffRole[]>>;
};
