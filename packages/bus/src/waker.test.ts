import { expect, it } from 'vitest';
import { Waker } from './waker.ts';

it('cuts a wait short when woken', async () => {
  const waker = new Waker();
  const started = Date.now();
  const waiting = waker.wait(10_000);
  waker.wake();
  await waiting;
  expect(Date.now() - started).toBeLessThan(1_000);
});

it('remembers a wake that came before the wait', async () => {
  const waker = new Waker();
  waker.wake();
  const started = Date.now();
  await waker.wait(10_000);
  expect(Date.now() - started).toBeLessThan(1_000);
});
