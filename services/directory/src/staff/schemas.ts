import { staffRoles } from '@yishi/auth';
import { pageOf } from '@yishi/contracts';
import { z } from 'zod';
import { communityRoles } from './access.ts';
import { loginSchema, passwordSchema } from './login.ts';

/** The HTTP shapes of sign-in and staff management (they also document /openapi.json). */
export const communityRoleSchema = z.enum(communityRoles);

export const membershipSchema = z
  .object({ communityId: z.uuid(), roles: z.array(communityRoleSchema).max(communityRoles.length) })
  .meta({ id: 'Membership', description: 'The roles an account holds in one community' });

export const staffProfileSchema = z
  .object({
    id: z.uuid(),
    login: z.string(),
    displayName: z.string(),
    platformAdmin: z.boolean(),
    roles: z.array(z.enum(staffRoles)),
    communities: z.array(z.uuid()),
    buildings: z.array(z.uuid()).optional(),
    memberships: z.array(membershipSchema),
  })
  .meta({ id: 'StaffProfile' });

export const sessionSchema = z
  .object({
    accessToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().meta({ description: 'Seconds until the access token expires' }),
    refreshToken: z.string(),
    staff: staffProfileSchema,
  })
  .meta({ id: 'Session' });

export const signInBodySchema = z.object({
  login: z.string().min(1).max(128),
  password: z.string().min(1).max(1024),
});

export const refreshBodySchema = z.object({ refreshToken: z.string().min(1).max(256) });

export const staffViewSchema = z
  .object({
    id: z.uuid(),
    login: z.string(),
    displayName: z.string(),
    platformAdmin: z.boolean(),
    disabled: z.boolean(),
    memberships: z.array(membershipSchema),
    createdAt: z.iso.datetime(),
  })
  .meta({ id: 'StaffAccount' });

const displayNameSchema = z.string().trim().min(1).max(64);

export const createStaffBodySchema = z.object({
  login: loginSchema,
  displayName: displayNameSchema,
  password: passwordSchema,
  platformAdmin: z.boolean().optional(),
  memberships: z.array(membershipSchema).max(100).default([]),
});

export const updateStaffBodySchema = z
  .object({
    displayName: displayNameSchema.optional(),
    disabled: z.boolean().optional(),
    platformAdmin: z.boolean().optional(),
    memberships: z
      .array(membershipSchema)
      .max(100)
      .optional()
      .meta({ description: "Each entry replaces the account's roles in that community" }),
  })
  .refine((body) => Object.values(body).some((value) => value !== undefined), {
    message: 'name at least one change',
  });

export const changePasswordBodySchema = z.object({
  currentPassword: z
    .string()
    .max(1024)
    .optional()
    .meta({ description: 'Required when changing your own password' }),
  newPassword: passwordSchema,
});

export const communityStaffPageSchema = pageOf(
  z
    .object({
      id: z.uuid(),
      login: z.string(),
      displayName: z.string(),
      platformAdmin: z.boolean(),
      disabled: z.boolean(),
      roles: z.array(communityRoleSchema),
      createdAt: z.iso.datetime(),
    })
    .meta({ id: 'CommunityStaffMember' }),
);

/** How a staff member wants alerts: set by themselves or an admin; every field nullable. */
export const staffContactBodySchema = z
  .object({
    phone: z
      .string()
      .trim()
      .regex(/^1[3-9]\d{9}$/, 'an 11-digit mainland mobile number')
      .nullable()
      .default(null),
    email: z.email().max(320).nullable().default(null),
    wechatOpenId: z.string().trim().min(1).max(128).nullable().default(null),
    preferredChannel: z
      .enum(['sms', 'email', 'wechat'])
      .nullable()
      .default(null)
      .meta({ description: 'Null: SMS when there is a phone, else e-mail, else WeChat' }),
    locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
  })
  .meta({ id: 'StaffContactInput' });

export const staffContactSchema = z
  .object({
    staffId: z.uuid(),
    phone: z.string().nullable(),
    email: z.string().nullable(),
    wechatOpenId: z.string().nullable(),
    preferredChannel: z.enum(['sms', 'email', 'wechat']).nullable(),
    locale: z.enum(['zh-CN', 'en']),
    updatedAt: z.iso.datetime().nullable(),
  })
  .meta({ id: 'StaffContact' });
