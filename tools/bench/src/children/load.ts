// Soak load generator, in its own process so it does not share the service's one thread: autocannon
// against the service on 127.0.0.1, bounded connections and duration; prints its numbers as JSON.
import autocannon from 'autocannon';

const [url = '', connections = '10', seconds = '10'] = process.argv.slice(2);
if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url))
  throw new Error(`load: expected http://127.0.0.1:<port>, got '${url}'`);
const result = await autocannon({
  url,
  connections: Number(connections),
  duration: Number(seconds),
  timeout: 10,
  requests: [{ path: '/whoami' }, { path: '/reports' }, { path: '/reports/2026/q1-revenue.csv' }],
});
process.stdout.write(
  JSON.stringify({
    total: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses: Object.fromEntries(
      Object.entries(result.statusCodeStats).map(([code, stat]) => [code, stat.count]),
    ),
  }),
);
