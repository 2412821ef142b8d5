export {
  assertCommunityAccess,
  canAccessCommunity,
  hasRole,
  hasRoleIn,
  rolesIn,
} from './access.ts';
export {
  type StaffClaims,
  type StaffClaimsInput,
  type StaffRole,
  staffClaimsSchema,
  staffRoles,
} from './claims.ts';
export {
  algorithm,
  generateSigningKey,
  importSigningKey,
  importVerificationKey,
  type PrivateKeySource,
  type SigningKey,
  toPublicJwks,
  type VerificationKey,
} from './keys.ts';
export { requireStaff, type StaffEnv } from './middleware.ts';
export {
  createOwnerVerifier,
  type OwnerClaims,
  type OwnerVerifier,
  type OwnerVerifierOptions,
  ownerAudience,
  ownerTokenType,
  type SignOwnerTokenOptions,
  signOwnerToken,
  verifyOwnerToken,
} from './owner.ts';
export { type OwnerEnv, requireOwner } from './owner-middleware.ts';
export { accessTokenType, type SignAccessTokenOptions, signAccessToken } from './sign.ts';
export { createVerifier, type KeySource, type Verifier, type VerifierOptions } from './verify.ts';
