import { setupServer } from 'msw/node';
import { afterEach, expect, test } from 'vitest';
import { failOnUnhandledRequests } from './fail-on-unhandled';

const server = setupServer();
afterEach(() => {
  server.close();
});

// This suite runs under msw 2 on Node 20 and under msw 3 on Node 24 (vitest.msw3.config.ts). Nothing
// listens on the loopback port, so without msw's own rejection the fetch would fail with ECONNREFUSED.
test('a request no handler matches is rejected by msw itself, not sent', async () => {
  server.listen(failOnUnhandledRequests);
  const error = await fetch('http://127.0.0.1:59431/unhandled').then(
    () => new Error('the request went through'),
    (reason: unknown) => reason as Error,
  );
  expect(`${String(error)} ${String(error.cause)}`).toMatch(/\[MSW\]/);
});
