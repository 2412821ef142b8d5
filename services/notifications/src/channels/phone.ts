/**
 * A mainland mobile number as Chinese SMS gateways expect it (`13912345678`), or null when the
 * text is not one. Spaces, dashes and a `+86` / `0086` prefix are accepted.
 */
export function mainlandMobile(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[\s\-()]/g, '').replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(digits) ? digits : null;
}

/** `139****5678`: enough for staff to recognise a number, never the whole of it. */
export function maskAddress(address: string | null): string | null {
  if (!address) return null;
  const at = address.indexOf('@');
  if (at > 0) return `${address.slice(0, 1)}***${address.slice(at)}`;
  if (address.length <= 7) return '***';
  return `${address.slice(0, 3)}****${address.slice(-4)}`;
}
