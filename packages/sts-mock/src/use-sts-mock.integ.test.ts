// `useStsMock()` from `@rolechain/sts-mock/vitest`: the hooks it registers really run. The tests run in
// order and the second one checks what the first one left behind.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { http, HttpResponse } from 'msw';
import { describe, expect, test } from 'vitest';
import { useStsMock } from '@rolechain/sts-mock/vitest';

// Five minutes behind real time: still inside SigV4's 15-minute window, but not what the default clock says.
const clock = new Date(Date.now() - 5 * 60_000);
const { sts, server } = useStsMock({ now: () => clock });
const alice = sts.createUser({ accountId: '111111111111', userName: 'alice' });
const override = 'https://override.example.test/ping';

describe('useStsMock', () => {
  test('the options reach the mock, and the server answers STS before the first test', async () => {
    expect(sts.now()).toEqual(clock);
    const client = new STSClient({ region: 'eu-west-1', credentials: alice.credentials, maxAttempts: 1 });
    const identity = await client.send(new GetCallerIdentityCommand({}));
    expect(identity.Arn).toBe(alice.arn);
    expect(sts.calls.map((call) => call.action)).toEqual(['GetCallerIdentity']);

    server.use(http.get(override, () => HttpResponse.text('overridden')));
    sts.inject({ action: 'GetCallerIdentity', error: 'Throttling' });
    expect(await (await fetch(override)).text()).toBe('overridden');
  });

  test('between tests, calls, faults and server.use overrides are forgotten; users stay', async () => {
    expect(sts.calls).toEqual([]);
    const client = new STSClient({ region: 'eu-west-1', credentials: alice.credentials, maxAttempts: 1 });
    // The Throttling fault armed (without `times`) in the previous test would fail this call.
    await expect(client.send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({ Arn: alice.arn });
    // The override is gone, and msw refuses the request no handler matches instead of sending it out.
    // msw 2 rejects with its own error; msw 3 with fetch's TypeError, its own error as the cause.
    const refusal = await fetch(override).then(
      () => new Error('the request went through'),
      (reason: unknown) => reason as Error,
    );
    expect(`${String(refusal)} ${String(refusal.cause)}`).toMatch(
      /\[MSW\] Cannot bypass a request when using the "error" strategy/,
    );
  });
});
