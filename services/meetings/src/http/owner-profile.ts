import { createRoute, createRouter, errorResponses } from '@yishi/app';
import { type OwnerClaims, requireOwner } from '@yishi/auth';
import { formatArea, parseArea } from '@yishi/domain';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Deps } from '../context.ts';
import { dirCommunities, dirHoldings, dirUnits } from '../db/schema/index.ts';
import { ownerLinkVersion } from '../meetings/owner-links.ts';
import { json, ownerSecurity } from './schemas.ts';

const ownerProfileSchema = z.object({
  communityId: z.uuid(),
  /** Null until the community's event reached this service's copy of the directory. */
  communityName: z.string().nullable(),
  /** Every unit the owner key holds now (parking included), in walking order. */
  units: z.array(
    z.object({
      building: z.string(),
      entrance: z.string(),
      room: z.string(),
      kind: z.enum(['residence', 'commercial', 'parking', 'other']),
      area: z.string(),
    }),
  ),
  area: z.string(),
});

const meRoute = createRoute({
  method: 'get',
  path: '/owner/me',
  tags: ['owners'],
  summary: "The owner's community and units (for the owner's home page)",
  description:
    'From this service’s copy of the directory: unit numbers, kinds and areas only. An owner key that sold its units answers an empty list.',
  security: ownerSecurity,
  responses: {
    200: { description: 'The owner', ...json(ownerProfileSchema) },
    ...errorResponses(401),
  },
});

/** `GET /owner/me`: who the owner page token speaks for, as the owner's home page shows it. */
export function ownerProfileRouter(deps: Deps) {
  const owner = requireOwner({
    verifier: deps.ownerVerifier,
    currentVersion: ownerLinkVersion(deps.db),
  });
  const ownerOf = (c: { get(key: 'owner'): OwnerClaims }) => c.get('owner');
  return createRouter().openapi({ ...meRoute, middleware: [owner] }, async (c) => {
    const { communityId, holderKey } = ownerOf(c);
    const [community] = await deps.db
      .select({ name: dirCommunities.name })
      .from(dirCommunities)
      .where(eq(dirCommunities.communityId, communityId));
    const units = await deps.db
      .select({
        building: dirUnits.building,
        entrance: dirUnits.entrance,
        room: dirUnits.room,
        kind: dirUnits.kind,
        area: dirUnits.area,
      })
      .from(dirHoldings)
      .innerJoin(dirUnits, eq(dirUnits.unitId, dirHoldings.unitId))
      .where(and(eq(dirHoldings.communityId, communityId), eq(dirHoldings.holderKey, holderKey)))
      .orderBy(asc(dirUnits.building), asc(dirUnits.entrance), asc(dirUnits.room));
    const area = units.reduce((sum, u) => sum + parseArea(u.area), 0n);
    return c.json(
      { communityId, communityName: community?.name ?? null, units, area: formatArea(area) },
      200,
    );
  });
}
