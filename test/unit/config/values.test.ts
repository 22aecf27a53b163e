// Value grammars: MediaMTX durations (Go time.ParseDuration + "d"), listen addresses
// (Go net.SplitHostPort), sizes (bytefmt), IPs/CIDRs, path names, and the typo finder.
import { describe, expect, it } from 'vitest';
import {
  checkConfName,
  checkPathName,
  compilePathRegex,
  editDistance,
  formatAddress,
  isIpOrCidr,
  nearestKey,
  parseAddress,
  parseDuration,
  parseSize,
} from '../../../src/shared/config';

describe('parseDuration', () => {
  it.each([
    ['10s', 10_000],
    ['200ms', 200],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['2h45m', 9_900_000],
    ['1.5m', 90_000],
    ['.5s', 500],
    ['1d', 86_400_000],
    ['1d12h', 129_600_000],
    ['24h', 86_400_000],
    ['0', 0],
    ['0s', 0],
    ['300us', 0.3],
    ['300µs', 0.3],
    ['300μs', 0.3],
    ['1500ns', 0.0015],
    ['-1.5h', -5_400_000],
    ['-1d', -86_400_000],
  ])('%s = %f ms', (text, ms) => {
    expect(parseDuration(text)).toBeCloseTo(ms, 9);
  });

  it.each([
    ['', /empty/],
    ['10', /without a unit/],
    ['10x', /unknown unit "x"/],
    ['s', /not a duration/],
    ['1 s', /unknown unit/],
    ['1h-', /unknown unit "h-"/],
    ['abc', /not a duration/],
    ['10s junk', /unknown unit "s junk"/],
  ])('rejects %j', (text, reason) => {
    expect(() => parseDuration(text)).toThrow(reason);
  });
});

describe('parseAddress', () => {
  it.each([
    [':8554', '', 8554],
    ['127.0.0.1:9997', '127.0.0.1', 9997],
    ['0.0.0.0:1', '0.0.0.0', 1],
    ['localhost:65535', 'localhost', 65535],
    ['[::1]:8554', '::1', 8554],
    ['[::]:8888', '::', 8888],
    ['[fe80::1%eth0]:80', 'fe80::1%eth0', 80],
    ['my-host.lan:1935', 'my-host.lan', 1935],
  ])('%s', (text, host, port) => {
    expect(parseAddress(text)).toEqual({ host, port });
    expect(formatAddress({ host, port })).toBe(text);
  });

  it.each([
    [':99999', 'port must be 1–65535'],
    [':0', 'port must be 1–65535'],
    [':abc', 'is not a number'],
    ['8554', 'write ":8554"'],
    ['localhost', 'missing ":port"'],
    ['::1:8554', 'need brackets'],
    ['[::1]8554', 'missing ":port"'],
    ['[zz::1]:80', 'not an IPv6 address'],
    ['bad host:80', 'not a host name'],
    ['', 'empty'],
  ])('rejects %j: %s', (text, reason) => {
    expect(() => parseAddress(text)).toThrow(reason);
  });
});

describe('parseSize', () => {
  it.each([
    ['50M', 50 * 1024 * 1024],
    ['50MB', 50 * 1024 * 1024],
    ['50MiB', 50 * 1024 * 1024],
    ['50m', 50 * 1024 * 1024],
    ['512K', 512 * 1024],
    ['1G', 1024 ** 3],
    ['1.5K', 1536],
    ['100B', 100],
  ])('%s = %i bytes', (text, bytes) => {
    expect(parseSize(text)).toBe(bytes);
  });

  it.each(['50', 'M', '50 M', '-1M', '50X', ''])('rejects %j', (text) => {
    expect(() => parseSize(text)).toThrow(/not a size/);
  });
});

describe('IP addresses and CIDR ranges', () => {
  it.each(['127.0.0.1', '::1', '::', '192.168.0.0/16', '10.0.0.0/8', 'fe80::/10', '2001:db8::8a2e:370:7334', '::ffff:192.168.1.1', '1:2:3:4:5:6:7:8'])(
    'accepts %s',
    (s) => expect(isIpOrCidr(s)).toBe(true),
  );
  it.each(['256.0.0.1', '1.2.3', '1.2.3.4/33', '::1/129', 'localhost', '1:2:3:4:5:6:7:8:9', '1::2::3', ':::', ''])('rejects %j', (s) => {
    expect(isIpOrCidr(s)).toBe(false);
  });
});

describe('path names', () => {
  it.each(['cam1', 'live/room.2', 'a_b-c', 'x/y/z', 'a.b-c_d/E.9', 'x..y', '.hidden', 'a/.b'])('accepts %s', (n) =>
    expect(checkPathName(n)).toBeUndefined(),
  );
  it.each([
    ['', 'empty'],
    ['/cam', 'begin with a slash'],
    ['cam/', 'end with a slash'],
    ['a/../b', '"." or ".."'],
    ['./a', '"." or ".."'],
    ['a/./b', '"." or ".."'],
    ['..', '"." or ".."'],
    ['.', '"." or ".."'],
    ['cam 1', 'only letters'],
    ['cam?x', 'only letters'],
    ['cam?x=1', 'only letters'],
    ['caméra', 'only letters'],
    ['~cam', 'only letters'],
    ['__proto__', 'reserved'],
  ])('rejects %j', (n, reason) => expect(checkPathName(n)).toContain(reason));

  it('configuration names also allow ~regex and the catch-alls', () => {
    expect(checkConfName('all_others')).toBeUndefined();
    expect(checkConfName('all')).toBeUndefined();
    expect(checkConfName('~^cam(\\d+)$')).toBeUndefined();
    expect(checkConfName('~^(unclosed')).toMatch(/invalid regular expression/);
    expect(checkConfName('~')).toMatch(/needs an expression/);
  });

  it('translates the Go-only regex spellings MediaMTX configs use', () => {
    expect(compilePathRegex('~^cam(?P<id>\\d+)$').exec('cam12')?.groups?.id).toBe('12');
    expect(compilePathRegex('~(?i)^CAM').test('cam1')).toBe(true);
    expect(compilePathRegex('~(?is)^CAM.X').test('cam\nx')).toBe(true);
    // Permission paths pass the same form; the "~" is optional.
    expect(compilePathRegex('^(?P<n>\\d+)$').exec('42')?.groups).toEqual({ n: '42' });
    // Unanchored, like Go's FindStringSubmatch.
    expect(compilePathRegex('~cam').exec('mycam1')?.[0]).toBe('cam');
  });

  it('throws on what JavaScript cannot read, e.g. Go\'s ungreedy flag or a broken expression', () => {
    expect(() => compilePathRegex('~[')).toThrow(SyntaxError);
    expect(() => compilePathRegex('~(?U)a+')).toThrow(SyntaxError);
  });
});

describe('typo suggestions', () => {
  it('measures edit distance with swaps', () => {
    expect(editDistance('rtspAdress', 'rtspAddress')).toBe(1);
    expect(editDistance('rtpsAddress', 'rtspAddress')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
  it('suggests only plausible keys', () => {
    const keys = ['rtspAddress', 'rtmpAddress', 'hlsAddress', 'api'];
    expect(nearestKey('rtspAdress', keys)).toBe('rtspAddress');
    expect(nearestKey('RTMPAddress', keys)).toBe('rtmpAddress');
    expect(nearestKey('apj', keys)).toBe('api');
    expect(nearestKey('somethingElse', keys)).toBeUndefined();
  });
});
