import { describe, expect, test } from 'vitest';
import { StsServiceError } from './errors';
import { errorDocument, escapeXml, resultDocument } from './xml';

describe('awsQuery documents', () => {
  test('a result nests fields in order, skips absent ones, and escapes text', () => {
    expect(
      resultDocument(
        'AssumeRole',
        { Credentials: { AccessKeyId: 'ASIA1' }, PackedPolicySize: undefined, SourceIdentity: 'a&b' },
        'r-1',
      ),
    ).toBe(
      '<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">\n' +
        '  <AssumeRoleResult>\n' +
        '    <Credentials>\n' +
        '      <AccessKeyId>ASIA1</AccessKeyId>\n' +
        '    </Credentials>\n' +
        '    <SourceIdentity>a&amp;b</SourceIdentity>\n' +
        '  </AssumeRoleResult>\n' +
        '  <ResponseMetadata>\n' +
        '    <RequestId>r-1</RequestId>\n' +
        '  </ResponseMetadata>\n' +
        '</AssumeRoleResponse>\n',
    );
  });

  test('a 5xx error is a Receiver fault, a 4xx a Sender fault', () => {
    expect(errorDocument(new StsServiceError('InternalFailure', 500, 'x'), 'r')).toContain(
      '<Type>Receiver</Type>',
    );
    expect(errorDocument(new StsServiceError('Throttling', 400, 'x'), 'r')).toContain('<Type>Sender</Type>');
  });

  test('messages with markup are escaped', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});
