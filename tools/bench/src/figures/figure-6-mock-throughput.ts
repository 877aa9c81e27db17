// Figure 6: mocked AssumeRole round trips per second through the real STSClient.
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { failOnUnhandledRequests } from '@rolechain/sts-mock';
import { figureMain } from '../figure-io';
import { perSecond, sampleCalls, timeCalls } from '../micro';
import { summarize } from '../stats';
import { anchorRow, oursRow } from '../model';
import { createWorld, region } from '../world';

const metric = 'AssumeRole round trips';
const caseName = 'STSClient.send(AssumeRole)';
const unit = 'round trips/s';
const warmupCpuMs = 500;
const rounds = 6;
const roundCpuMs = 300;

const fixedXml = `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials>
      <AccessKeyId>ASIAFIXEDFIXEDFIXED1</AccessKeyId>
      <SecretAccessKey>fixed/secret/fixed/secret/fixed/secret00</SecretAccessKey>
      <SessionToken>FixedSessionToken</SessionToken>
      <Expiration>2099-01-01T00:00:00Z</Expiration>
    </Credentials>
    <AssumedRoleUser>
      <AssumedRoleId>AROAFIXEDFIXEDFIXED1:bench</AssumedRoleId>
      <Arn>arn:aws:sts::222222222222:assumed-role/hop-1/bench</Arn>
    </AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>00000000-0000-4000-8000-000000000000</RequestId></ResponseMetadata>
</AssumeRoleResponse>`;

await figureMain(
  {
    id: 6,
    slug: 'figure-6-mock-throughput',
    title: 'Mocked AssumeRole round trips per second through the SDK',
    method:
      'One STSClient (static user keys) sends AssumeRole for the first role, one call at a time, timed by ' +
      `mitata (round trips/s = 1 / time per call). Both msw subjects first run ${warmupCpuMs} ms of CPU ` +
      `unmeasured each, then ${rounds} rounds of ${roundCpuMs} ms each, alternating which goes first; ` +
      'only one msw server listens at a time. Ours: every request is ' +
      'parsed, SigV4-verified, validated and trust-checked by @rolechain/sts-mock under msw, which issues new ' +
      'credentials. Anchors in the same process: a bare msw handler returning a fixed AssumeRoleResponse XML, ' +
      'and aws-sdk-client-mock `.resolves()`, which replaces `send` (no serialization, signing, HTTP or parsing).',
  },
  async () => {
    const world = createWorld();
    const role = world.roles[0];
    if (role === undefined) throw new Error('no role');
    const command = () => new AssumeRoleCommand({ RoleArn: role.arn, RoleSessionName: 'bench' });
    const client = new STSClient({ region, credentials: world.user.credentials });

    const mock = setupServer(...world.sts.handlers);
    mock.listen(failOnUnhandledRequests);
    const check = await client.send(command());
    mock.close();
    if (!(check.AssumedRoleUser?.Arn ?? '').includes(':assumed-role/hop-1/bench'))
      throw new Error('mock answered wrong');
    const bare = setupServer(
      http.post(`https://sts.${region}.amazonaws.com/`, () =>
        HttpResponse.xml(fixedXml, {
          headers: { 'x-amzn-RequestId': '00000000-0000-4000-8000-000000000000' },
        }),
      ),
    );

    /** One subject's samples (ns per call) over `cpuMs`, with its msw server listening only meanwhile. */
    const phase = async (server: ReturnType<typeof setupServer>, cpuMs: number): Promise<number[]> => {
      server.listen(failOnUnhandledRequests);
      try {
        return await sampleCalls(() => client.send(command()), cpuMs);
      } finally {
        server.close();
      }
    };
    const oursPhase = (cpuMs: number) => phase(mock, cpuMs);
    const barePhase = (cpuMs: number) => phase(bare, cpuMs);
    // Both paths warm before anything counts: the SDK's send path, msw and the mock are compiled by then.
    await oursPhase(warmupCpuMs);
    await barePhase(warmupCpuMs);
    const oursNs: number[] = [];
    const bareNs: number[] = [];
    for (let round = 0; round < rounds; round++) {
      // Alternating which goes first, so that neither always runs on the other's heap and JIT state.
      if (round % 2 === 0) {
        oursNs.push(...(await oursPhase(roundCpuMs)));
        bareNs.push(...(await barePhase(roundCpuMs)));
      } else {
        bareNs.push(...(await barePhase(roundCpuMs)));
        oursNs.push(...(await oursPhase(roundCpuMs)));
      }
    }
    const ours = summarize(oursNs);
    const bareMsw = summarize(bareNs);

    const stub = mockClient(STSClient);
    stub.on(AssumeRoleCommand).resolves({
      Credentials: {
        AccessKeyId: 'ASIAFIXEDFIXEDFIXED1',
        SecretAccessKey: 'fixed',
        SessionToken: 'fixed',
        Expiration: new Date('2099-01-01T00:00:00Z'),
      },
    });
    await client.send(command());
    const clientMock = await timeCalls(() => client.send(command()));
    stub.restore();
    client.destroy();

    const anchor = anchorRow({
      case: caseName,
      metric,
      subject: 'bare msw handler, fixed XML',
      unit,
      summary: perSecond(bareMsw),
    });
    return {
      rows: [
        anchor,
        anchorRow({
          case: caseName,
          metric,
          subject: 'aws-sdk-client-mock .resolves()',
          unit,
          summary: perSecond(clientMock),
        }),
        oursRow(
          { case: caseName, metric, subject: '@rolechain/sts-mock', unit, summary: perSecond(ours) },
          anchor,
          {
            text: '≥ 0.5× bare msw',
            met: (_median, ratio) => ratio !== undefined && ratio >= 0.5,
          },
        ),
      ],
      notes: [],
    };
  },
);
