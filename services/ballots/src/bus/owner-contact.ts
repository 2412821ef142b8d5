/** Digits of a phone number without a +86 / 0086 country prefix. */
function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length > 11 && digits.startsWith('86')
    ? digits.slice(2)
    : digits.replace(/^0086/, '');
}

/**
 * A phone masked for door-to-door lists: `138****1234`. Short numbers keep only their last two
 * digits. Null for no phone.
 */
export function maskPhone(phone: string | null): string | null {
  if (!phone) return null;
  const digits = phoneDigits(phone);
  if (digits.length === 0) return null;
  if (digits.length >= 7) return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
  return `****${digits.slice(-2)}`;
}

/** The last four digits of a phone, or null when it has fewer than four. */
export function phoneLast4(phone: string | null): string | null {
  const digits = phone ? phoneDigits(phone) : '';
  return digits.length >= 4 ? digits.slice(-4) : null;
}

/** The last four characters of an ID number as the owner types them (an X is upper-cased). */
export function normaliseLast4(value: string | null): string | null {
  const v = value?.trim().toUpperCase() ?? '';
  return /^[0-9X]{4}$/.test(v) ? v : null;
}
