import { z } from 'zod';
import { defineEvent } from '../define-event.ts';

const area = z.string().regex(/^\d+\.\d{2}$/, 'an area with two decimals, e.g. "89.50"');

export const communityRegistered = defineEvent({
  type: 'directory.community.registered',
  version: 1,
  description: 'A community (小区) was registered or its settings changed.',
  payload: z.object({
    communityId: z.uuid(),
    name: z.string(),
    street: z.string(),
    neighbourhood: z.string(),
    parkingIncluded: z.boolean(),
  }),
});

export const unitRecorded = defineEvent({
  type: 'directory.unit.recorded',
  version: 1,
  description: 'A unit was added or its number, kind or area changed. Carries its building name.',
  payload: z.object({
    unitId: z.uuid(),
    buildingId: z.uuid(),
    building: z.string(),
    entrance: z.string(),
    room: z.string(),
    floor: z.number().int().nullable(),
    kind: z.enum(['residence', 'commercial', 'parking', 'other']),
    area,
    areaBasis: z.enum(['registered', 'surveyed', 'contract']),
  }),
});

/**
 * Owner contact details. The one event that carries personal data: notifications keeps the
 * contacts to reach owners, and ballots keeps only what its second factor needs. No other
 * consumer may store them.
 */
export const ownerRecorded = defineEvent({
  type: 'directory.owner.recorded',
  version: 1,
  description: 'An owner was added or their contact details changed.',
  payload: z.object({
    ownerId: z.uuid(),
    kind: z.enum(['person', 'organisation', 'developer']),
    name: z.string(),
    phone: z.string().nullable(),
    idLast4: z.string().nullable(),
  }),
});

export const ownershipChanged = defineEvent({
  type: 'directory.ownership.changed',
  version: 1,
  description:
    'A unit got a (new) holder: an owner key with its members and the co-owner who votes.',
  payload: z.object({
    unitId: z.uuid(),
    holderId: z.uuid(),
    /** The owner key of RULES.md: member owner ids, sorted, joined by "&". */
    holderKey: z.string(),
    memberIds: z.array(z.uuid()).min(1),
    voterId: z.uuid(),
    developerUnsold: z.boolean(),
    since: z.iso.datetime(),
    previousHolderId: z.uuid().nullable(),
  }),
});

export const gridDefined = defineEvent({
  type: 'directory.grid.defined',
  version: 1,
  description: 'A grid (网格) was created or its buildings or workers changed.',
  payload: z.object({
    gridId: z.uuid(),
    name: z.string(),
    buildingIds: z.array(z.uuid()),
    workerIds: z.array(z.uuid()),
  }),
});

/**
 * An owner key's personal page link (`/o/<token>`, an owner page token of `@yishi/auth`) was
 * revoked and re-issued: tokens with a `ver` below `version` must be refused from now on. The
 * token itself is never published.
 */
export const ownerLinkRevoked = defineEvent({
  type: 'directory.owner_link.revoked',
  version: 1,
  description: "An owner key's page link was re-issued; older link versions are void.",
  payload: z.object({
    holderId: z.uuid(),
    holderKey: z.string(),
    /** The current link version; tokens below it are revoked. */
    version: z.number().int().min(2),
  }),
});

/**
 * A staff account as one community sees it: its roles there, whether it is active, and how to
 * reach it. Published once per community of the account whenever its roles there, its name, its
 * state or its contact details change (`roles` empty: no longer part of that community). Grid
 * workers' buildings come from `directory.grid.defined`.
 *
 * Carries personal data (name, phone, e-mail, WeChat openid): only the notifications service may
 * store it, to alert staff; every other consumer must ignore this event and never log it.
 */
export const staffRecorded = defineEvent({
  type: 'directory.staff.recorded',
  version: 1,
  description: "A staff account's roles, state or contact details in a community changed.",
  payload: z.object({
    staffId: z.uuid(),
    displayName: z.string(),
    roles: z.array(
      z.enum(['committee_admin', 'committee_member', 'party_secretary', 'grid_worker']),
    ),
    active: z.boolean(),
    contact: z.object({
      /** A mainland mobile number, as entered. */
      phone: z.string().nullable(),
      email: z.string().nullable(),
      wechatOpenId: z.string().nullable(),
      preferredChannel: z.enum(['sms', 'email', 'wechat']).nullable(),
      locale: z.enum(['zh-CN', 'en']),
    }),
  }),
});

/** Every event the directory publishes, for consumers that follow the roster. */
export const directoryEvents = [
  communityRegistered,
  unitRecorded,
  ownerRecorded,
  ownershipChanged,
  gridDefined,
  ownerLinkRevoked,
  staffRecorded,
] as const;
