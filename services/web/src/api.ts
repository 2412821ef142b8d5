/**
 * JSON over fetch for the staff clients (directory, ballots): one answer shape, with the service's
 * error (code, message in the page's language, details) kept so pages can show it next to a field.
 */
import { z } from 'zod';
import type { Lang } from './i18n.ts';

export interface ApiError {
  /** HTTP status; 503 when the service could not be reached or answered nonsense. */
  status: number;
  /** `@yishi/errors` code (`validation_failed`, `conflict`, …) or `unavailable`. */
  code: string;
  /** The service's own sentence in the asked language, when it gave one. */
  message: string | null;
  details: Record<string, unknown>;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  }),
});

const unavailable: ApiError = { status: 503, code: 'unavailable', message: null, details: {} };

export interface CallOptions {
  method?: string;
  token?: string;
  json?: unknown;
  body?: FormData | Uint8Array | string;
  headers?: Record<string, string>;
  lang?: Lang;
}

export interface Caller {
  /** Calls and parses the JSON answer with `schema` (204 answers `undefined`). */
  json<T>(path: string, schema: z.ZodType<T>, options?: CallOptions): Promise<ApiResult<T>>;
  /** Calls and answers the raw response when it is 2xx (files). */
  raw(path: string, options?: CallOptions): Promise<ApiResult<Response>>;
}

export async function apiErrorOf(res: Response): Promise<ApiError> {
  if (res.status >= 500) return { ...unavailable, status: res.status };
  const parsed = errorBody.safeParse(await res.json().catch(() => null));
  if (!parsed.success) return { status: res.status, code: 'unknown', message: null, details: {} };
  const { code, message, details } = parsed.data.error;
  return { status: res.status, code, message: message ?? null, details: details ?? {} };
}

export function caller(options: {
  baseUrl: string;
  fetch?: typeof fetch;
  timeoutMs?: number;
}): Caller {
  const base = options.baseUrl.replace(/\/$/, '');
  const doFetch = options.fetch ?? fetch;
  const timeoutMs = options.timeoutMs ?? 15_000;
  async function send(path: string, o: CallOptions): Promise<Response | null> {
    const headers: Record<string, string> = {
      'accept-language': o.lang === 'en' ? 'en' : 'zh-CN',
      ...(o.token ? { authorization: `Bearer ${o.token}` } : {}),
      ...(o.json === undefined ? {} : { 'content-type': 'application/json' }),
      ...o.headers,
    };
    const hasBody = o.json !== undefined || o.body !== undefined;
    try {
      return await doFetch(`${base}${path}`, {
        method: o.method ?? (hasBody ? 'POST' : 'GET'),
        headers,
        ...(o.json === undefined ? {} : { body: JSON.stringify(o.json) }),
        ...(o.body === undefined ? {} : { body: o.body }),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch {
      return null;
    }
  }
  return {
    async json(path, schema, o = {}) {
      const res = await send(path, o);
      if (!res) return { ok: false, error: unavailable };
      if (!res.ok) return { ok: false, error: await apiErrorOf(res) };
      if (res.status === 204) {
        const empty = schema.safeParse(undefined);
        return empty.success ? { ok: true, value: empty.data } : { ok: false, error: unavailable };
      }
      const parsed = schema.safeParse(await res.json().catch(() => null));
      return parsed.success ? { ok: true, value: parsed.data } : { ok: false, error: unavailable };
    },
    async raw(path, o = {}) {
      const res = await send(path, o);
      if (!res) return { ok: false, error: unavailable };
      return res.ok ? { ok: true, value: res } : { ok: false, error: await apiErrorOf(res) };
    },
  };
}

/** `{ items, nextCursor }` of the services' paginated lists. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const query = (params: Record<string, string | number | undefined | null>) => {
  const entries = Object.entries(params).filter(
    (e): e is [string, string | number] => e[1] !== undefined && e[1] !== null && e[1] !== '',
  );
  return entries.length === 0
    ? ''
    : `?${new URLSearchParams(entries.map(([k, v]): [string, string] => [k, String(v)])).toString()}`;
};
