import { describe, expect, it } from 'vitest';
import { AppError, isAppError, isRetryable, toAppError } from './app-error.ts';
import { errorCodes } from './codes.ts';
import { notFound, preconditionFailed } from './helpers.ts';

describe('AppError', () => {
  it('uses the code default message in both languages when none is given', () => {
    const error = new AppError('not_found');
    expect(error.messages.zh).toBe('找不到请求的内容');
    expect(error.messageIn('en')).toBe('The requested item was not found');
  });

  it('exposes the English text as Error.message so logs read the same everywhere', () => {
    const error = new AppError('forbidden', { message: { zh: '无权查看', en: 'Not yours' } });
    expect(error.message).toBe('Not yours');
    expect(error.messageIn('zh')).toBe('无权查看');
  });

  it('keeps details and cause', () => {
    const cause = new Error('db down');
    const error = new AppError('unavailable', { details: { dependency: 'postgres' }, cause });
    expect(error.details).toEqual({ dependency: 'postgres' });
    expect(error.cause).toBe(cause);
  });

  it('defines a default message for every code', () => {
    for (const code of errorCodes) {
      const error = new AppError(code);
      expect(error.messages.zh.length, code).toBeGreaterThan(0);
      expect(error.messages.en.length, code).toBeGreaterThan(0);
    }
  });
});

describe('retryability', () => {
  it('treats transient codes as retryable and input errors as permanent', () => {
    expect(new AppError('unavailable').retryable).toBe(true);
    expect(new AppError('conflict').retryable).toBe(true);
    expect(new AppError('validation_failed').retryable).toBe(false);
    expect(new AppError('already_exists').retryable).toBe(false);
  });

  it('lets a thrower override the default for one error', () => {
    expect(preconditionFailed(undefined, { retryable: true }).retryable).toBe(true);
  });

  it('counts unknown errors as retryable', () => {
    expect(isRetryable(new TypeError('boom'))).toBe(true);
    expect(isRetryable(notFound())).toBe(false);
  });
});

describe('isAppError', () => {
  it('matches on code when one is given', () => {
    const error = notFound();
    expect(isAppError(error)).toBe(true);
    expect(isAppError(error, 'not_found')).toBe(true);
    expect(isAppError(error, 'conflict')).toBe(false);
    expect(isAppError(new Error('x'))).toBe(false);
  });

  it('recognises an AppError from another copy of the package by its shape', () => {
    const foreign = Object.assign(new Error('x'), {
      name: 'AppError',
      code: 'forbidden',
      messages: { zh: '否', en: 'no' },
    });
    expect(isAppError(foreign, 'forbidden')).toBe(true);
  });
});

describe('toAppError', () => {
  it('wraps unknown errors as internal without exposing their message', () => {
    const original = new Error('password=hunter2 leaked in SQL');
    const wrapped = toAppError(original);
    expect(wrapped.code).toBe('internal');
    expect(wrapped.message).not.toContain('hunter2');
    expect(wrapped.cause).toBe(original);
  });

  it('returns AppErrors unchanged', () => {
    const error = notFound();
    expect(toAppError(error)).toBe(error);
  });
});
