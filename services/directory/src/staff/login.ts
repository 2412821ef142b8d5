import { validationFailed } from '@yishi/errors';
import { z } from 'zod';
import { messages } from './messages.ts';

/** Password length bounds, in characters. The upper bound only stops absurd inputs. */
export const passwordLength = { min: 10, max: 200 } as const;

/**
 * The form a login is stored and compared in: NFKC (full-width digits typed on a Chinese
 * keyboard become ASCII), trimmed and lower-cased, so sign-in is case-insensitive.
 */
export function normalizeLogin(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}

/** A login as chosen for a new account: a phone number or a name, without spaces. */
export const loginSchema = z
  .string()
  .trim()
  .min(2)
  .max(64)
  .regex(/^[^\s\p{C}]+$/u, 'no spaces or control characters')
  .meta({ description: 'Phone number or chosen name; case-insensitive', example: '13800138000' });

export const passwordSchema = z
  .string()
  .min(passwordLength.min)
  .max(passwordLength.max)
  .meta({ description: `At least ${passwordLength.min} characters, not the login` });

/**
 * Refuses a password shorter than the minimum or equal to the login (in any case). Verbs call it
 * too, because the CLI and the bootstrap do not pass through the HTTP schema.
 */
export function assertPasswordAcceptable(login: string, password: string, field = 'password') {
  const length = [...password].length;
  const code =
    length < passwordLength.min || length > passwordLength.max
      ? 'password_length'
      : normalizeLogin(password) === normalizeLogin(login)
        ? 'password_is_login'
        : undefined;
  if (code === undefined) return;
  throw validationFailed(messages.passwordRules, {
    details: { issues: [{ path: [field], code, message: messages.passwordRules.en }] },
  });
}
