import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  authorizeInternal,
  checkCredentials,
  checkInternalUsers,
  checkLegacyCredentials,
  usesLegacyCredentials,
  type AuthRequest,
} from '../../../src/main/engine/core/auth';
import { AuthFailureThrottle } from '../../../src/main/engine/core/auth-throttle';
import { ipMatches } from '../../../src/main/engine/core/ip-match';
import { credentialMatches, hashCredentialSha256 } from '../../../src/main/engine/core/password';
import type { AuthInternalUser } from '../../../src/shared/config';
import { DEFAULT_PATH_CONF, makeConfig } from '../../fakes/config';

const sha = (s: string) => 'sha256:' + createHash('sha256').update(s).digest('base64');

describe('credentialMatches', () => {
  it.each([
    ['secret', 'secret', true],
    ['secret', 'Secret', false],
    ['secret', 'secret ', false],
    ['', '', true],
    ['', 'x', false],
    [sha('secret'), 'secret', true],
    [sha('secret'), 'other', false],
    // The stored hash itself is not a password.
    [sha('secret'), sha('secret'), false],
    ['sha256:not-base64-of-32-bytes', 'x', false],
    ['argon2:$argon2id$v=19$m=4096,t=3,p=1$c2FsdA$aGFzaA', 'x', false],
  ])('stored %j vs given %j → %s', (stored, given, ok) => {
    expect(credentialMatches(stored, given)).toBe(ok);
  });

  it('hashCredentialSha256 produces the MediaMTX form', () => {
    expect(hashCredentialSha256('testpass')).toBe(sha('testpass'));
    expect(credentialMatches(hashCredentialSha256('p'), 'p')).toBe(true);
  });
});

describe('ipMatches', () => {
  it.each([
    ['10.1.2.3', [], true],
    ['10.1.2.3', ['10.0.0.0/8'], true],
    ['11.1.2.3', ['10.0.0.0/8'], false],
    ['192.168.1.77', ['192.168.1.77'], true],
    ['192.168.1.78', ['192.168.1.77'], false],
    ['192.168.1.78', ['192.168.1.77/32'], false],
    ['::ffff:10.1.2.3', ['10.0.0.0/8'], true],
    ['::FFFF:10.1.2.3', ['10.0.0.0/8'], true],
    ['10.1.2.3', ['::ffff:10.0.0.0/104'], true],
    ['::1', ['::1'], true],
    ['[::1]', ['::1/128'], true],
    ['2001:db8::5', ['2001:db8::/32'], true],
    ['2001:db9::5', ['2001:db8::/32'], false],
    ['fe80::1%eth0', ['fe80::/10'], true],
    ['127.0.0.1', ['::1'], false],
    ['127.0.0.1', ['not-an-ip', '127.0.0.0/8'], true],
    ['127.0.0.1', ['127.0.0.0/33'], false],
    ['garbage', ['0.0.0.0/0'], false],
  ] as [string, string[], boolean][])('%s in %j → %s', (ip, list, ok) => {
    expect(ipMatches(ip, list)).toBe(ok);
  });
});

const req = (over: Partial<AuthRequest> = {}): AuthRequest => ({ action: 'publish', path: 'cam1', ip: '127.0.0.1', ...over });

describe('checkInternalUsers', () => {
  const users: AuthInternalUser[] = [
    { user: 'alice', pass: 'wonder', ips: [], permissions: [{ action: 'publish', path: 'cam1' }, { action: 'read', path: '' }] },
    { user: 'bob', pass: sha('builder'), ips: ['10.0.0.0/8', 'fd00::/8'], permissions: [{ action: 'publish', path: '~^bob/' }] },
    { user: 'any', pass: '', ips: [], permissions: [{ action: 'read', path: '~^public/(\\w+)$' }] },
    { user: 'any', pass: '', ips: ['127.0.0.1', '::1'], permissions: [{ action: 'api', path: '' }] },
  ];

  it.each<[string, Partial<AuthRequest>, boolean | 'unauthorized' | 'forbidden']>([
    ['alice publishes cam1', { user: 'alice', pass: 'wonder' }, true],
    ['alice publishes cam2: exact path only', { user: 'alice', pass: 'wonder', path: 'cam2' }, 'forbidden'],
    ['alice reads anything (empty path)', { user: 'alice', pass: 'wonder', action: 'read', path: 'x/y' }, true],
    ['alice with a wrong password', { user: 'alice', pass: 'Wonder' }, 'unauthorized'],
    ['alice may not playback', { user: 'alice', pass: 'wonder', action: 'playback' }, 'forbidden'],
    ['bob (sha256) from 10/8 publishes bob/x', { user: 'bob', pass: 'builder', ip: '10.9.9.9', path: 'bob/x' }, true],
    ['bob from a mapped 10/8 address', { user: 'bob', pass: 'builder', ip: '::ffff:10.9.9.9', path: 'bob/x' }, true],
    ['bob from IPv6 fd00::/8', { user: 'bob', pass: 'builder', ip: 'fd12::1', path: 'bob/x' }, true],
    ['bob from elsewhere', { user: 'bob', pass: 'builder', ip: '192.168.0.2', path: 'bob/x' }, 'forbidden'],
    ['bob outside his regex', { user: 'bob', pass: 'builder', ip: '10.9.9.9', path: 'alice/x' }, 'forbidden'],
    ['bob presenting the hash as password', { user: 'bob', pass: sha('builder'), ip: '10.9.9.9', path: 'bob/x' }, 'unauthorized'],
    ['anonymous reads public/cam', { action: 'read', path: 'public/cam' }, true],
    ['anonymous: the anchored regex does not match public/a/b', { action: 'read', path: 'public/a/b' }, 'unauthorized'],
    ['anonymous publish', {}, 'unauthorized'],
    ['a stranger reads public/cam ("any" matches named users too)', { user: 'mallory', pass: 'x', action: 'read', path: 'public/cam' }, true],
    ['api from localhost', { action: 'api', path: '' }, true],
    ['api from the LAN', { action: 'api', path: '', ip: '192.168.1.2' }, 'unauthorized'],
  ])('%s', (_name, over, expected) => {
    const r = checkInternalUsers(users, req(over));
    if (expected === true) expect(r).toEqual({ ok: true });
    else expect(r).toMatchObject({ ok: false, code: expected });
  });

  it('reasons never contain the password', () => {
    const r = checkInternalUsers(users, req({ user: 'alice', pass: 'hunter2-secret' }));
    expect(JSON.stringify(r)).not.toContain('hunter2');
  });

  it('"any" ignores the password', () => {
    const open: AuthInternalUser[] = [{ user: 'any', pass: 'ignored', ips: [], permissions: [{ action: 'publish', path: '' }] }];
    expect(checkInternalUsers(open, req()).ok).toBe(true);
    expect(checkInternalUsers(open, req({ user: 'x', pass: 'y' })).ok).toBe(true);
  });

  it('hashed user names are compared hashed too', () => {
    const hashed: AuthInternalUser[] = [{ user: sha('carol'), pass: sha('pw'), ips: [], permissions: [{ action: 'publish', path: '' }] }];
    expect(checkInternalUsers(hashed, req({ user: 'carol', pass: 'pw' })).ok).toBe(true);
    expect(checkInternalUsers(hashed, req({ user: 'carl', pass: 'pw' })).ok).toBe(false);
  });

  it('no users: nobody', () => {
    expect(checkInternalUsers([], req())).toMatchObject({ ok: false, code: 'unauthorized' });
  });
});

describe('legacy per-path credentials', () => {
  const conf = { ...DEFAULT_PATH_CONF, publishUser: 'pub', publishPass: sha('pubpass'), readIPs: ['192.168.0.0/16'] };

  it.each<[string, Partial<AuthRequest>, boolean | 'unauthorized' | 'forbidden']>([
    ['publisher with the right credentials', { user: 'pub', pass: 'pubpass' }, true],
    ['publisher with a wrong password', { user: 'pub', pass: 'nope' }, 'unauthorized'],
    ['anonymous publisher', {}, 'unauthorized'],
    ['reader from the allowed network, no credentials needed', { action: 'read', ip: '192.168.3.4' }, true],
    ['reader from elsewhere', { action: 'read', ip: '10.0.0.1' }, 'forbidden'],
  ])('%s', (_name, over, expected) => {
    const r = checkLegacyCredentials(conf, req(over));
    if (expected === true) expect(r).toEqual({ ok: true });
    else expect(r).toMatchObject({ ok: false, code: expected });
  });

  it('any legacy key anywhere switches publish/read to the matched path conf, as MediaMTX does', () => {
    const config = makeConfig({
      authInternalUsers: [],
      paths: { secure: { publishUser: 'u', publishPass: 'p' }, all_others: {} },
    });
    expect(usesLegacyCredentials(config)).toBe(true);
    const secure = { ...config.pathDefaults, ...config.paths.secure };
    expect(checkCredentials(config, secure, req({ path: 'secure', user: 'u', pass: 'p' })).ok).toBe(true);
    expect(checkCredentials(config, secure, req({ path: 'secure' })).ok).toBe(false);
    // A path without keys is open, whatever authInternalUsers says (here: nobody).
    expect(checkCredentials(config, config.pathDefaults, req({ path: 'other' })).ok).toBe(true);
    // api still goes through authInternalUsers.
    expect(checkCredentials(config, null, req({ action: 'api' })).ok).toBe(false);
  });

  it('without legacy keys authInternalUsers decides', () => {
    const config = makeConfig({ paths: { all_others: {} }, authInternalUsers: [] });
    expect(usesLegacyCredentials(config)).toBe(false);
    expect(checkCredentials(config, config.pathDefaults, req())).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(checkCredentials(makeConfig(), makeConfig().pathDefaults, req()).ok).toBe(true);
  });

  it('empty legacy values do not count as set', () => {
    expect(usesLegacyCredentials(makeConfig({ paths: { a: { publishUser: '', readIPs: [] } } }))).toBe(false);
    expect(usesLegacyCredentials(makeConfig({ pathDefaults: { readUser: 'r' } }))).toBe(true);
  });
});

describe('authMethod', () => {
  it('fails closed for methods not implemented', () => {
    const config = makeConfig({ authMethod: 'http' });
    expect(checkCredentials(config, config.pathDefaults, req())).toMatchObject({ ok: false, code: 'forbidden' });
    expect(authorizeInternal(config, req({ action: 'api' }))).toBe(false);
    expect(authorizeInternal(makeConfig(), req({ action: 'api' }))).toBe(true);
  });
});

describe('AuthFailureThrottle', () => {
  it('delays only after the threshold, doubling up to the cap', () => {
    const t = new AuthFailureThrottle({ threshold: 5, windowMs: 60_000, baseDelayMs: 250, maxDelayMs: 2000 });
    const delays = Array.from({ length: 10 }, (_, i) => t.recordFailure('1.2.3.4', 1000 + i));
    expect(delays).toEqual([0, 0, 0, 0, 0, 250, 500, 1000, 2000, 2000]);
  });

  it('counts per address; IPv4-mapped and plain IPv4 are one address', () => {
    const t = new AuthFailureThrottle({ threshold: 2 });
    t.recordFailure('10.0.0.1', 0);
    t.recordFailure('::ffff:10.0.0.1', 0);
    expect(t.recordFailure('10.0.0.1', 0)).toBeGreaterThan(0);
    expect(t.recordFailure('10.0.0.2', 0)).toBe(0);
  });

  it('forgets failures older than the window', () => {
    const t = new AuthFailureThrottle({ threshold: 2, windowMs: 60_000 });
    t.recordFailure('a', 0);
    t.recordFailure('a', 1);
    expect(t.failureCount('a', 2)).toBe(2);
    expect(t.recordFailure('a', 60_001)).toBe(0);
    expect(t.failureCount('a', 60_001)).toBe(1);
  });

  it('remembers a bounded number of addresses', () => {
    const t = new AuthFailureThrottle({ maxTrackedAddresses: 100 });
    for (let i = 0; i < 1000; i++) t.recordFailure(`10.0.${i >> 8}.${i & 255}`, i);
    expect(t.trackedAddresses).toBe(100);
  });
});
