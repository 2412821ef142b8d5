import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { serve } from './serve.ts';

describe('serve', () => {
  it('listens on a free port and answers requests', async () => {
    const app = new Hono().get('/healthz', (c) => c.text('ok'));
    const server = await serve(app, { port: 0, hostname: '127.0.0.1' });
    try {
      const res = await fetch(`http://127.0.0.1:${server.port}/healthz`);
      expect(await res.text()).toBe('ok');
    } finally {
      await server.close();
    }
  });

  it('lets an in-flight request finish on close and then refuses new connections', async () => {
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let started: () => void = () => {};
    const handlerStarted = new Promise<void>((resolve) => {
      started = resolve;
    });
    const app = new Hono().get('/slow', async (c) => {
      started();
      await released;
      return c.text('done');
    });
    const server = await serve(app, { port: 0, hostname: '127.0.0.1' });
    const url = `http://127.0.0.1:${server.port}/slow`;

    const inFlight = fetch(url);
    await handlerStarted;
    const closed = server.close();
    release();

    expect(await (await inFlight).text()).toBe('done');
    await closed;
    await expect(fetch(url)).rejects.toThrow();
  });

  it('rejects when the port is taken', async () => {
    const app = new Hono();
    const first = await serve(app, { port: 0, hostname: '127.0.0.1' });
    try {
      await expect(serve(app, { port: first.port, hostname: '127.0.0.1' })).rejects.toThrow(
        /EADDRINUSE/,
      );
    } finally {
      await first.close();
    }
  });
});
