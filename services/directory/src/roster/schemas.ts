import { z } from '@hono/zod-openapi';
import { pageOf } from '@yishi/contracts';

const area = z
  .string()
  .regex(/^\d+\.\d{2}$/)
  .openapi({ example: '89.50' });
const unitKind = z.enum(['residence', 'commercial', 'parking', 'other']);
const areaBasis = z.enum(['registered', 'surveyed', 'contract']);
const ownerKind = z.enum(['person', 'organisation', 'developer']);
const message = z.object({ zh: z.string(), en: z.string() });

export const communityIdParams = z.object({ communityId: z.uuid() });

export const communitySettingsSchema = z.object({
  name: z.string().trim().min(1).max(100).openapi({ example: '幸福小区' }),
  street: z
    .string()
    .trim()
    .max(100)
    .default('')
    .openapi({ description: '街道', example: '城关街道' }),
  neighbourhood: z
    .string()
    .trim()
    .max(100)
    .default('')
    .openapi({ description: '社区', example: '幸福社区' }),
  parkingIncluded: z
    .boolean()
    .default(false)
    .openapi({ description: 'Whether parking units belong to the voting scope' }),
});

export const communityPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    street: z.string().trim().max(100),
    neighbourhood: z.string().trim().max(100),
    parkingIncluded: z.boolean(),
  })
  .partial();

export const communitySchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    street: z.string(),
    neighbourhood: z.string(),
    parkingIncluded: z.boolean(),
    createdAt: z.iso.datetime(),
  })
  .openapi('Community');

export const communityPageSchema = pageOf(communitySchema);

export const buildingSchema = z
  .object({ id: z.uuid(), name: z.string(), unitCount: z.number().int(), totalArea: area })
  .openapi('Building');

const holderSchema = z.object({
  id: z.uuid(),
  names: z.array(z.string()).openapi({ description: 'The voting co-owner first' }),
  voter: z.string(),
  developerUnsold: z.boolean(),
});

const unitFields = {
  id: z.uuid(),
  buildingId: z.uuid(),
  building: z.string(),
  entrance: z.string(),
  room: z.string(),
  floor: z.number().int().nullable(),
  kind: unitKind,
  area,
  areaBasis,
  holder: holderSchema.nullable(),
};

export const unitSchema = z.object(unitFields).openapi('Unit');
export const unitPageSchema = pageOf(unitSchema);

const contacts = {
  id: z.uuid(),
  kind: ownerKind,
  name: z.string(),
  phone: z
    .string()
    .nullable()
    .openapi({ description: 'Masked (138****1234) for Party secretaries and grid workers' }),
  idLast4: z.string().nullable().openapi({ description: 'Only for committee roles' }),
};

export const unitDetailSchema = z
  .object({
    ...unitFields,
    members: z.array(z.object({ ...contacts, voter: z.boolean() })),
    history: z.array(
      holderSchema.extend({ since: z.iso.datetime(), until: z.iso.datetime().nullable() }),
    ),
  })
  .openapi('UnitDetail');

export const ownerSchema = z
  .object({
    ...contacts,
    units: z.array(
      z.object({
        unitId: z.uuid(),
        buildingId: z.uuid(),
        building: z.string(),
        entrance: z.string(),
        room: z.string(),
        area,
        voter: z.boolean(),
      }),
    ),
  })
  .openapi('Owner');
export const ownerPageSchema = pageOf(ownerSchema);

const unitLabel = z.object({ building: z.string(), entrance: z.string(), room: z.string() });
const unitFieldsSchema = unitLabel.extend({
  floor: z.number().int().nullable(),
  kind: unitKind,
  area,
  areaBasis,
});
const ownerFields = z.object({
  name: z.string(),
  kind: ownerKind,
  phone: z.string().nullable(),
  idLast4: z.string().nullable(),
});
const holding = z.object({
  names: z.array(z.string()),
  voter: z.string(),
  developerUnsold: z.boolean(),
});

export const importChangeSchema = z
  .discriminatedUnion('kind', [
    z.object({ kind: z.literal('building_added'), row: z.number(), building: z.string() }),
    z.object({
      kind: z.literal('building_renamed'),
      row: z.number(),
      buildingId: z.uuid(),
      before: z.string(),
      after: z.string(),
    }),
    z.object({ kind: z.literal('unit_added'), row: z.number(), unit: unitFieldsSchema }),
    z.object({
      kind: z.literal('unit_changed'),
      row: z.number(),
      unitId: z.uuid(),
      unit: unitLabel,
      before: unitFieldsSchema.partial(),
      after: unitFieldsSchema.partial(),
    }),
    z.object({ kind: z.literal('owner_added'), row: z.number(), owner: ownerFields }),
    z.object({
      kind: z.literal('owner_changed'),
      row: z.number(),
      ownerId: z.uuid(),
      name: z.string(),
      before: ownerFields.partial(),
      after: ownerFields.partial(),
    }),
    z.object({
      kind: z.literal('ownership_changed'),
      row: z.number(),
      unitId: z.uuid().nullable(),
      unit: unitLabel,
      before: holding.nullable(),
      after: holding,
    }),
    z.object({
      kind: z.literal('voter_changed'),
      row: z.number(),
      holderId: z.uuid(),
      names: z.array(z.string()),
      before: z.string(),
      after: z.string(),
    }),
    z.object({ kind: z.literal('unit_absent'), unitId: z.uuid(), unit: unitLabel }),
  ])
  .openapi('RosterImportChange');

export const rowErrorSchema = z
  .object({
    row: z
      .number()
      .int()
      .openapi({ description: 'Spreadsheet row (header is row 1); 0 for the whole file' }),
    column: z.string().nullable(),
    code: z.string(),
    message,
    value: z.string().optional(),
  })
  .openapi('RosterRowError');

const count = z.number().int();
export const importSummarySchema = z.object({
  rows: count,
  buildingsAdded: count,
  buildingsRenamed: count,
  unitsAdded: count,
  unitsChanged: count,
  unitsUnchanged: count,
  unitsAbsent: count,
  ownersAdded: count,
  ownersChanged: count,
  ownershipsAdded: count,
  ownershipsChanged: count,
  votersChanged: count,
  changes: count,
  errors: count,
});

export const importSchema = z
  .object({
    id: z.uuid(),
    communityId: z.uuid(),
    fileName: z.string(),
    format: z.enum(['csv', 'xlsx']),
    status: z.enum(['checking', 'ready', 'invalid', 'applying', 'applied', 'failed']),
    progress: z.object({
      phase: z.string(),
      done: z.number().int(),
      total: z.number().int().nullable(),
    }),
    summary: importSummarySchema.nullable(),
    failure: z.object({ code: z.string(), message }).nullable(),
    createdAt: z.iso.datetime(),
    finishedAt: z.iso.datetime().nullable(),
    changes: pageOf(importChangeSchema),
    errors: pageOf(rowErrorSchema),
  })
  .openapi('RosterImport');

export const gridBodySchema = z.object({
  name: z.string().trim().min(1).max(50).openapi({ example: '第一网格' }),
  buildingIds: z.array(z.uuid()).max(500),
});
export const gridPutSchema = gridBodySchema.extend({
  workerIds: z.array(z.uuid()).max(200).default([]).openapi({
    description: 'Staff ids; each must hold the grid_worker role in this community',
  }),
});
export const gridSchema = z
  .object({
    id: z.uuid(),
    name: z.string(),
    buildingIds: z.array(z.uuid()),
    workerIds: z.array(z.uuid()),
  })
  .openapi('Grid');
