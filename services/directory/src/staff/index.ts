export {
  type CommunityRole,
  communityRoles,
  loadAccess,
  type Membership,
  type StaffAccess,
} from './access.ts';
export type { Actor } from './actor.ts';
export { ensureBootstrapAdmin, upsertPlatformAdmin } from './bootstrap.ts';
export { type ChangePasswordInput, changePassword } from './change-password.ts';
export { type CreateStaffInput, createStaff } from './create-staff.ts';
export { demoStaff, seedDemoStaff } from './demo.ts';
export { type CommunityStaffItem, listCommunityStaff } from './list-staff.ts';
export { loginSchema, normalizeLogin, passwordSchema } from './login.ts';
export { requireStaffIn } from './require-staff.ts';
export {
  getOwnProfile,
  refreshSession,
  type Session,
  type StaffProfile,
  signIn,
  signOut,
} from './sessions.ts';
export { loadTokenKeys, type TokenKeys } from './signing-keys.ts';
export { pruneSignInThrottle, throttlePolicy } from './throttle.ts';
export { type UpdateStaffInput, updateStaff } from './update-staff.ts';
export type { StaffView } from './views.ts';
