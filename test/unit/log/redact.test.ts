import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { redact, redactUrl } from '../../../src/main/engine/log';

// [form, input, expected]. Every row's secret is "S3cr3t" or similar, so the check below also
// asserts that no secret survives.
const cases: [string, string, string][] = [
  // key=value and query forms
  ['pass= in an RTMP query', 'rtmp://h:1935/live/cam1?user=alice&pass=S3cr3t', 'rtmp://h:1935/live/cam1?user=alice&pass=***'],
  ['pass= stops at &', 'GET /cam1/index.m3u8?pass=S3cr3t&user=alice', 'GET /cam1/index.m3u8?pass=***&user=alice'],
  ['password= stops at whitespace', 'login password=S3cr3t user=alice', 'login password=*** user=alice'],
  ['passphrase= (SRT)', 'srt://h:8890?streamid=read:cam1&passphrase=S3cr3tS3cr3t', 'srt://h:8890?streamid=read:cam1&passphrase=***'],
  ['token= query', 'http://h:8889/cam1/whep?token=S3cr3t.abc', 'http://h:8889/cam1/whep?token=***'],
  ['publishPass= key=value', 'publishUser=alice publishPass=S3cr3t', 'publishUser=alice publishPass=***'],
  ['readPass= with spaces around =', 'readUser = alice, readPass = S3cr3t', 'readUser = alice, readPass = ***'],
  ['upper-case key', 'PASSWORD=S3cr3t', 'PASSWORD=***'],
  ['command-line flag', 'ffmpeg -i in --password=S3cr3t -f flv out', 'ffmpeg -i in --password=*** -f flv out'],
  ['empty value stays empty', 'user=alice&pass=&x=1', 'user=alice&pass=&x=1'],
  ['MediaMTX SRT stream id credentials', 'streamid=publish:cam1:alice:S3cr3t', 'streamid=publish:cam1:alice:***'],

  // userinfo in any scheme
  ['rtsp userinfo', 'rtsp://alice:S3cr3t@192.168.1.10:554/stream1', 'rtsp://alice:***@192.168.1.10:554/stream1'],
  ['rtmp userinfo', 'forwarding to rtmp://alice:S3cr3t@origin/live/cam1', 'forwarding to rtmp://alice:***@origin/live/cam1'],
  ['rtmps userinfo', 'rtmps://alice:S3cr3t@origin:443/app', 'rtmps://alice:***@origin:443/app'],
  ['http userinfo', 'GET http://alice:S3cr3t@h:8888/cam1/index.m3u8', 'GET http://alice:***@h:8888/cam1/index.m3u8'],
  ['https userinfo', 'https://alice:S3cr3t@example.com', 'https://alice:***@example.com'],
  ['srt userinfo', 'srt://alice:S3cr3t@h:8890', 'srt://alice:***@h:8890'],
  ['rtsps userinfo with no port', 'rtsps://alice:S3cr3t@cam/x', 'rtsps://alice:***@cam/x'],
  ['password with a raw @ and :', 'rtsp://alice:S3:cr@3t@cam:554/x', 'rtsp://alice:***@cam:554/x'],
  ['percent-encoded password', 'rtsp://alice:S3cr%403t@cam/x', 'rtsp://alice:***@cam/x'],
  ['two URLs in one line', 'rtsp://a:S3cr3t@h1/x → rtmp://b:S3cr3t2@h2/y', 'rtsp://a:***@h1/x → rtmp://b:***@h2/y'],
  ['URL inside JSON', '{"source":"rtsp://alice:S3cr3t@cam/1"}', '{"source":"rtsp://alice:***@cam/1"}'],
  ['userinfo plus query secret', 'rtsp://alice:S3cr3t@cam/1?token=S3cr3t2', 'rtsp://alice:***@cam/1?token=***'],

  // Authorization headers
  ['Basic', 'Authorization: Basic YWxpY2U6UzNjcjN0', 'Authorization: Basic ***'],
  ['Basic in a request dump', 'DESCRIBE rtsp://h/cam RTSP/1.0\r\nAuthorization: Basic YWxpY2U6UzNjcjN0\r\nCSeq: 2', 'DESCRIBE rtsp://h/cam RTSP/1.0\r\nAuthorization: Basic ***\r\nCSeq: 2'],
  ['Bearer', 'authorization: Bearer eyJhbGciOiJIUzI1NiJ9.S3cr3t.sig', 'authorization: Bearer ***'],
  [
    'Digest keeps the username',
    'Authorization: Digest username="alice", realm="relaybox", nonce="0a1b", uri="/cam1", response="6629fae49393a05397450978507c4ef1"',
    'Authorization: Digest username="alice", ***',
  ],
  ['Proxy-Authorization', 'Proxy-Authorization: Basic YWxpY2U6UzNjcjN0', 'Proxy-Authorization: Basic ***'],
  ['header as a JS object', "{ authorization: 'Basic YWxpY2U6UzNjcjN0', host: 'h' }", "{ authorization: 'Basic ***', host: 'h' }"],
  ['header in JSON', '{"Authorization":"Basic YWxpY2U6UzNjcjN0"}', '{"Authorization":"***"}'],
  ['scheme-less value', 'Authorization: S3cr3t', 'Authorization: ***'],

  // JSON / YAML / util.inspect fields
  ['JSON pass', '{"user":"alice","pass":"S3cr3t"}', '{"user":"alice","pass":"***"}'],
  ['JSON password with escapes', '{"password":"S3\\"cr3t\\\\"}', '{"password":"***"}'],
  ['JSON publishPass and readPass', '{"publishUser":"alice","publishPass":"S3cr3t","readUser":"bob","readPass": "S3cr3t2"}', '{"publishUser":"alice","publishPass":"***","readUser":"bob","readPass": "***"}'],
  ['JSON token', '{"token":"S3cr3t","x":1}', '{"token":"***","x":1}'],
  ['JSON number', '{"pass":123456789}', '{"pass":***}'],
  ['JSON empty and null', '{"pass":"","token":null}', '{"pass":"","token":null}'],
  ['Python-style single quotes', "{'pass': 'S3cr3t'}", "{'pass': '***'}"],
  ['YAML plain', 'pass: S3cr3t', 'pass: ***'],
  ['YAML double-quoted', 'readPass: "S3 cr3t"', 'readPass: "***"'],
  ['YAML single-quoted', "publishPass: 'S3''cr3t'", "publishPass: '***'"],
  ['YAML block keeps sibling keys', 'paths:\n  cam1:\n    readUser: alice\n    readPass: S3cr3t\n    source: publisher\n', 'paths:\n  cam1:\n    readUser: alice\n    readPass: ***\n    source: publisher\n'],
  ['YAML list item', 'authInternalUsers:\n  - user: alice\n    pass: S3cr3t\n    ips: []\n', 'authInternalUsers:\n  - user: alice\n    pass: ***\n    ips: []\n'],
  ['YAML list item with pass first', '  - pass: S3cr3t\n    user: alice\n', '  - pass: ***\n    user: alice\n'],
  ['YAML block scalar', 'readPass: |\n  S3cr3t\n  S3cr3t2\nreadUser: alice', 'readPass: ***\nreadUser: alice'],
  ['YAML folded plain scalar', 'x:\n  pass: S3cr3t\n    continued\n  user: alice', 'x:\n  pass: ***\n  user: alice'],
  ['YAML value on the next line', 'pass:\n  S3cr3t\nuser: alice', 'pass: ***\nuser: alice'],
  ['YAML with CRLF', 'user: alice\r\npass: S3cr3t\r\n', 'user: alice\r\npass: ***\r\n'],
  ['YAML passphrase', 'srtReadPassphrase: S3cr3tS3cr3t', 'srtReadPassphrase: ***'],
  ['YAML hashed value', 'pass: sha256:rl3rgi4NcZkpAEcacZnQ2VuOfJ0FxAqCRaKB/SwdZoQ=', 'pass: ***'],
  ['util.inspect object', inspect({ user: 'alice', pass: 'S3cr3t' }), "{ user: 'alice', pass: '***' }"],
  ['util.inspect with a quote in the value', inspect({ user: 'alice', pass: "S3'cr3t" }), `{ user: 'alice', pass: "***" }`],
  ['YAML quote that does not end the value', 'pass: "S3"cr3t', 'pass: ***'],
  ['JSON quote that does not end the value', '{"pass":"S3"cr3t"}', '{"pass":"***"}'],
  ['inline quote that does not end the value', "{ user: 'alice', pass: 'S3'cr3t }", "{ user: 'alice', pass: ***"],
  ['header-like token', 'X-Auth-Token: S3cr3t', 'X-Auth-Token: ***'],
];

// Text that holds no secret must come out unchanged.
const untouched = [
  'RTMP listener opened on :1935',
  'rtsp://cam.local:554/stream',
  'http://h:8888/cam1/index.m3u8?user=alice',
  'rtsp://alice@h/cam1',
  'https://example.com/@alice/video',
  'user=alice&path=cam1',
  'WWW-Authenticate: Digest realm="relaybox", nonce="0a1b"',
  '{"user":"alice","readIPs":["127.0.0.1"]}',
  'session 1a2b: 3 readers, 2.1 Mbit/s',
  'wrong password for user alice',
  'passed 3 checks',
  '',
];

describe('redact', () => {
  it.each(cases)('%s', (_form, input, expected) => {
    const out = redact(input);
    expect(out).toBe(expected);
    expect(out).not.toMatch(/S3cr3t|S3:cr@3t|S3cr%403t|YWxpY2U6UzNjcjN0|eyJhbGci|6629fae4|123456789|rl3rgi4N/);
  });

  it.each(cases)('is idempotent: %s', (_form, input) => {
    expect(redact(redact(input))).toBe(redact(input));
  });

  it.each(untouched)('leaves %j unchanged', (text) => {
    expect(redact(text)).toBe(text);
  });
});

describe('redactUrl', () => {
  it.each([
    ['rtsp://alice:S3cr3t@cam:554/ch1', 'rtsp://alice:***@cam:554/ch1'],
    ['rtmp://h/live/cam1?user=alice&pass=S3cr3t', 'rtmp://h/live/cam1?user=alice&pass=***'],
    ['srt://h:8890?streamid=publish:cam1:alice:S3cr3t&passphrase=S3cr3tS3cr3t', 'srt://h:8890?streamid=publish:cam1:alice:***&passphrase=***'],
    ['http://alice:@h/x', 'http://alice:@h/x'],
    ['rtsp://cam/ch1', 'rtsp://cam/ch1'],
    ['not a url at all', 'not a url at all'],
  ])('%s → %s', (input, expected) => {
    expect(redactUrl(input)).toBe(expected);
  });
});
