// The client side of RTSP auth, checked against the server side's own verifier (parseAuthorization
// + validateDigestCredentials): what the client sends must be what a server accepts.
import { describe, expect, it } from 'vitest';
import { RtspClientAuth } from '../../../src/main/engine/clients/rtsp/client-auth';
import { parseAuthorization } from '../../../src/main/engine/protocols/rtsp/headers/auth';
import { validateDigestCredentials } from '../../../src/main/engine/protocols/rtsp/headers/digest';

const URI = 'rtsp://127.0.0.1:8554/cam';

function digestOf(header: string | undefined) {
  const c = parseAuthorization(header ?? '');
  if (c.scheme !== 'digest') throw new Error('expected Digest');
  return c;
}

describe('RtspClientAuth', () => {
  it('sends nothing before a challenge', () => {
    expect(new RtspClientAuth('u', 'p').header('DESCRIBE', URI)).toBeUndefined();
  });

  it.each([
    ['without qop', 'Digest realm="IPCAM", nonce="abc123", algorithm=MD5'],
    ['with qop=auth', 'Digest realm="IPCAM", nonce="abc123", qop="auth,auth-int", opaque="xyz"'],
  ])('answers a Digest challenge %s so that the server verifier accepts it', (_name, challenge) => {
    const auth = new RtspClientAuth('admin', 'pa:ss wörd');
    expect(auth.onUnauthorized([challenge], false)).toBe(true);
    const first = digestOf(auth.header('DESCRIBE', URI));
    const second = digestOf(auth.header('SETUP', `${URI}/trackID=0`));
    expect(validateDigestCredentials(first, { method: 'DESCRIBE', user: 'admin', pass: 'pa:ss wörd', realm: 'IPCAM', nonce: 'abc123' })).toBe(true);
    expect(validateDigestCredentials(second, { method: 'SETUP', user: 'admin', pass: 'pa:ss wörd', realm: 'IPCAM', nonce: 'abc123' })).toBe(true);
    expect(validateDigestCredentials(first, { method: 'DESCRIBE', user: 'admin', pass: 'other', realm: 'IPCAM', nonce: 'abc123' })).toBe(false);
    if (challenge.includes('qop')) {
      // RFC 7616 §3.4: qop=auth, nonce count per request, the server's opaque echoed.
      expect([first.qop, first.nc, second.nc, first.opaque]).toEqual(['auth', '00000001', '00000002', 'xyz']);
      expect(first.cnonce).toMatch(/^[0-9a-f]{16}$/);
    } else {
      expect(first.qop).toBeUndefined();
    }
  });

  it('prefers Digest MD5 over Basic and skips schemes it cannot answer', () => {
    const auth = new RtspClientAuth('u', 'p');
    expect(auth.onUnauthorized(['Bearer realm="x"', 'Basic realm="r"', 'Digest realm="r", nonce="n", algorithm=SHA-256', 'Digest realm="r", nonce="n2"'], false)).toBe(true);
    expect(auth.scheme).toBe('digest');
    expect(digestOf(auth.header('OPTIONS', URI)).nonce).toBe('n2');
    const basicOnly = new RtspClientAuth('u', 'p');
    expect(basicOnly.onUnauthorized(['Basic realm="r"'], false)).toBe(true);
    expect(basicOnly.header('OPTIONS', URI)).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it('does not retry refused credentials unless the nonce went stale or changed', () => {
    const auth = new RtspClientAuth('u', 'wrong');
    const challenge = 'Digest realm="r", nonce="n1"';
    expect(auth.onUnauthorized([challenge], false)).toBe(true);
    expect(auth.onUnauthorized([challenge], true)).toBe(false);
    expect(auth.onUnauthorized(['Digest realm="r", nonce="n1", stale=true'], true)).toBe(true);
    expect(auth.onUnauthorized(['Digest realm="r", nonce="n2"'], true)).toBe(true);
    const basic = new RtspClientAuth('u', 'wrong');
    expect(basic.onUnauthorized(['Basic realm="r"'], false)).toBe(true);
    expect(basic.onUnauthorized(['Basic realm="r"'], true)).toBe(false);
  });

  it('cannot answer without credentials or without a usable challenge', () => {
    expect(new RtspClientAuth(undefined, undefined).onUnauthorized(['Basic realm="r"'], false)).toBe(false);
    expect(new RtspClientAuth('u', 'p').onUnauthorized(['NTLM', 'garbage ,,='], false)).toBe(false);
    expect(new RtspClientAuth('u', 'p').onUnauthorized([], false)).toBe(false);
  });
});
