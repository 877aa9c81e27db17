// Soak control: how much heap msw's in-process interception alone keeps for N requests (the bare SDK
// sending to a bare msw handler, no rolechain code), so the soak can tell msw's growth from the service's.
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { failOnUnhandledRequests } from '@rolechain/sts-mock';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

const requests = Number(process.argv[2] ?? '1000');
const gc = (globalThis as { gc?: () => void }).gc;
const heapMb = (): number => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed / 1e6;
};
const xml =
  '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>' +
  '<Arn>arn:aws:iam::111111111111:user/control</Arn><UserId>AIDACONTROL</UserId><Account>111111111111</Account>' +
  '</GetCallerIdentityResult><ResponseMetadata><RequestId>control</RequestId></ResponseMetadata></GetCallerIdentityResponse>';
const server = setupServer(
  http.post('https://sts.eu-west-1.amazonaws.com/', () =>
    HttpResponse.xml(xml, { headers: { 'x-amzn-RequestId': 'control' } }),
  ),
);
server.listen(failOnUnhandledRequests);
const client = new STSClient({
  region: 'eu-west-1',
  credentials: { accessKeyId: 'AKIACONTROL', secretAccessKey: 'control' },
});
const send = () => client.send(new GetCallerIdentityCommand({}));
for (let i = 0; i < 200; i++) await send();
const before = heapMb();
for (let i = 0; i < requests; i += 10)
  await Promise.all(Array.from({ length: Math.min(10, requests - i) }, send));
process.stdout.write(JSON.stringify({ growthMb: heapMb() - before }));
process.exit();
