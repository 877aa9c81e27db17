// Figure 2: the cost of a `credentials()` call answered from cache.
import { figureMain } from '../figure-io';
import { timeCalls } from '../micro';
import { anchorRow, oursRow } from '../model';
import type { Row } from '../model';
import { loadRoleChain } from '../ours';
import { createWorld, sdkCachedNestedCredentials, serve } from '../world';

const metric = 'cached credentials() call';
const caseName = '3 hops, warm cache';

await figureMain(
  {
    id: 2,
    slug: 'figure-2-cached-call',
    title: 'Cost of a cached credentials() call',
    method:
      'Each provider fetches once through @rolechain/sts-mock, then mitata times `await provider()` while the ' +
      'credentials are fresh (batches of calls per sample, at least 0.7 s of CPU per subject). Anchor: the SDK ' +
      "clients' own cache, `memoizeIdentityProvider(provider, isIdentityExpired, doesIdentityRequireRefresh)` " +
      'from @smithy/core, over nested `fromTemporaryCredentials` — what every v3 client wraps a credentials ' +
      'provider in.',
  },
  async () => {
    const world = createWorld();
    const server = serve(world);
    const roleChain = await loadRoleChain();
    const memoized = sdkCachedNestedCredentials(world);
    await memoized();
    const anchor = anchorRow({
      case: caseName,
      metric,
      subject: 'SDK memoizeIdentityProvider',
      unit: 'ns',
      summary: await timeCalls(() => memoized()),
    });
    const rows: Row[] = [anchor];
    if (typeof roleChain !== 'string') {
      const credentials = roleChain(world);
      await credentials();
      rows.push(
        oursRow(
          {
            case: caseName,
            metric,
            subject: 'fromRoleChain',
            unit: 'ns',
            summary: await timeCalls(() => credentials()),
          },
          anchor,
          { text: '≤ 1000 ns median', met: (median) => median <= 1000 },
        ),
      );
    }
    server.close();
    return {
      rows,
      notes: [],
      ...(typeof roleChain === 'string' ? { missing: `our half: ${roleChain}` } : {}),
    };
  },
);
