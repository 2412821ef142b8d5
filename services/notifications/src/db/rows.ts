/**
 * The rows of a raw `db.execute(sql…)`: postgres.js answers an array, PGlite `{ rows }`; drizzle's
 * driver-neutral type is `unknown`.
 */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
