// Figure 1: AssumeRole calls for K clients × N concurrent sends over a 3-hop chain.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { figureMain } from '../figure-io';
import { anchorRow, oursRow } from '../model';
import type { Row } from '../model';
import { loadRoleChain } from '../ours';
import { summarize } from '../stats';
import { createWorld, iniRoleProfiles, nestedTemporaryCredentials, region, serve } from '../world';
import type { World } from '../world';

const clientCounts = [1, 10, 50];
const sends = 10;
const repeats = 3;
const metric = 'AssumeRole calls';

async function assumeRoleCallsFor(world: World, provider: AwsCredentialIdentityProvider, clients: number) {
  const before = world.assumeRoleCalls();
  const stsClients = Array.from({ length: clients }, () => new STSClient({ region, credentials: provider }));
  const answers = await Promise.all(
    stsClients.flatMap((client) =>
      Array.from({ length: sends }, () => client.send(new GetCallerIdentityCommand({}))),
    ),
  );
  for (const client of stsClients) client.destroy();
  const last = world.roles[world.roles.length - 1]?.roleName ?? '';
  const wrong = answers.find((answer) => !(answer.Arn ?? '').includes(`:assumed-role/${last}/`));
  if (wrong !== undefined) throw new Error(`a send was signed by ${wrong.Arn ?? 'nobody'}, not the last hop`);
  return world.assumeRoleCalls() - before;
}

await figureMain(
  {
    id: 1,
    slug: 'figure-1-sts-calls',
    title: `AssumeRole calls for K clients × ${sends} concurrent sends over a 3-hop chain`,
    method:
      `K STS clients share one provider; each sends ${sends} GetCallerIdentity requests, all at once, ` +
      'through the real SDK to @rolechain/sts-mock (in-process, msw), which counts the AssumeRole calls it ' +
      `answers. Every answer is checked to come from the last hop's session. ${repeats} runs per K, each with a ` +
      'fresh provider. Anchors: nested `fromTemporaryCredentials` and `fromIni` with three chained role profiles ' +
      'in a temporary config file.',
  },
  async () => {
    const world = createWorld();
    const server = serve(world);
    const roleChain = await loadRoleChain();
    const subjects: { name: string; make: () => AwsCredentialIdentityProvider; ours: boolean }[] = [
      { name: 'nested fromTemporaryCredentials', make: () => nestedTemporaryCredentials(world), ours: false },
      { name: 'fromIni role profiles', make: () => iniRoleProfiles(world), ours: false },
    ];
    if (typeof roleChain !== 'string')
      subjects.push({ name: 'fromRoleChain', make: () => roleChain(world), ours: true });
    const rows: Row[] = [];
    for (const clients of clientCounts) {
      const caseName = `K=${clients}`;
      const measured = new Map<string, number[]>();
      for (let run = 0; run < repeats; run++) {
        for (const subject of subjects) {
          const calls = await assumeRoleCallsFor(world, subject.make(), clients);
          measured.set(subject.name, [...(measured.get(subject.name) ?? []), calls]);
        }
      }
      const anchors = subjects
        .filter((subject) => !subject.ours)
        .map((subject) =>
          anchorRow({
            case: caseName,
            metric,
            subject: subject.name,
            unit: 'calls',
            summary: summarize(measured.get(subject.name) ?? []),
          }),
        );
      rows.push(...anchors);
      const ours = measured.get('fromRoleChain');
      if (ours !== undefined) {
        rows.push(
          oursRow(
            { case: caseName, metric, subject: 'fromRoleChain', unit: 'calls', summary: summarize(ours) },
            anchors[0],
            {
              text: '= 3 (one per hop)',
              met: (median) => median === 3 && Math.max(...ours) === 3,
            },
          ),
        );
      }
    }
    server.close();
    return {
      rows,
      notes: [],
      ...(typeof roleChain === 'string' ? { missing: `our half: ${roleChain}` } : {}),
    };
  },
);
