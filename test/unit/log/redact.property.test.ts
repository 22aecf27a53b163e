// Property: a random secret embedded in each supported form never survives redaction, while the
// user name next to it does (operators need it to debug refused logins).
import { inspect } from 'node:util';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { redact } from '../../../src/main/engine/log';

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const chars = (set: string) => fc.constantFrom(...set);

const user = fc.string({ unit: chars(ALNUM + '._-'), minLength: 1, maxLength: 12 });

// Query/key=value passwords: anything but "&" and whitespace (which end the value).
const queryPass = fc.string({ unit: chars(ALNUM + '!$%\'()*+,;=:@/?#[]~._-"<>^`{|}\\'), minLength: 4, maxLength: 24 });
// RFC 3986 §3.2.1 userinfo password characters, plus a raw "@" that users type anyway.
const userinfoPass = fc.string({ unit: chars(ALNUM + "-._~!$&'()*+,;=:%@"), minLength: 4, maxLength: 24 });
const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 4, maxLength: 40 });
// A YAML plain scalar: no leading indicator or quote, no " #" comment, no ": " and no trailing space.
const yamlPlainPass = fc
  .tuple(chars(ALNUM), fc.string({ unit: chars(ALNUM + '!$%&()*+,;=@/?[]~._-'), minLength: 3, maxLength: 30 }))
  .map(([a, b]) => a + b);
// Printable ASCII with some line breaks and tabs, so the yaml package picks every scalar style.
const yamlTextChar = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom('\n', '\t', '  ') },
);
const anyString = fc.string({ unit: 'grapheme', minLength: 4, maxLength: 60 });
const bearerToken = fc.string({ unit: chars(ALNUM + '-._~+/'), minLength: 8, maxLength: 40 });
const hex32 = fc.string({ unit: chars('0123456789abcdef'), minLength: 32, maxLength: 32 });
const secretKey = fc.constantFrom('pass', 'password', 'passphrase', 'publishPass', 'readPass', 'token', 'PASS');
const scheme = fc.constantFrom('rtsp', 'rtsps', 'rtmp', 'rtmps', 'http', 'https', 'srt');

/** Runs one form: `render(secret)` is the text, `render('***')` is exactly what redact must give. */
function checkForm<T extends unknown[]>(
  arbs: { [K in keyof T]: fc.Arbitrary<T[K]> },
  build: (...args: T) => { user?: string; secret: string; input: string; expected: string },
): void {
  fc.assert(
    fc.property(...(arbs as unknown as [fc.Arbitrary<unknown>]), (...args: unknown[]) => {
      const { user: name, secret, input, expected } = build(...(args as T));
      // The secret must not occur by chance in the surrounding text, or "absent" means nothing.
      fc.pre(!expected.includes(secret) && !(name ?? '').includes(secret));
      const out = redact(input);
      expect(out).toBe(expected);
      expect(out).not.toContain(secret);
      if (name !== undefined) expect(out).toContain(name);
    }),
    { numRuns: 300 },
  );
}

describe('redact (property)', () => {
  it('query string: ?user=U&pass=P', () => {
    checkForm([user, secretKey, queryPass, scheme], (u, key, p, s) => ({
      user: u,
      secret: p,
      input: `${s}://host:1935/live/cam1?user=${u}&${key}=${p}&x=1`,
      expected: `${s}://host:1935/live/cam1?user=${u}&${key}=***&x=1`,
    }));
  });

  it('key=value in prose, ended by whitespace', () => {
    checkForm([user, secretKey, queryPass], (u, key, p) => ({
      user: u,
      secret: p,
      input: `auth failed: ${key}=${p} user=${u}`,
      expected: `auth failed: ${key}=*** user=${u}`,
    }));
  });

  it('userinfo user:pass@ in any scheme', () => {
    checkForm([user, userinfoPass, scheme], (u, p, s) => ({
      user: u,
      secret: p,
      input: `source ${s}://${u}:${p}@192.168.1.10:554/stream1?x=1 ready`,
      expected: `source ${s}://${u}:***@192.168.1.10:554/stream1?x=1 ready`,
    }));
  });

  it('Authorization: Basic (credentials base64-encoded)', () => {
    checkForm([user, printable], (u, p) => {
      const token = Buffer.from(`${u}:${p}`).toString('base64');
      return { secret: token, input: `Authorization: Basic ${token}\r\nCSeq: 3`, expected: 'Authorization: Basic ***\r\nCSeq: 3' };
    });
  });

  it('Authorization: Bearer', () => {
    checkForm([bearerToken], (t) => ({ secret: t, input: `Authorization: Bearer ${t}`, expected: 'Authorization: Bearer ***' }));
  });

  it('Authorization: Digest keeps the username', () => {
    checkForm([user, hex32], (u, r) => ({
      user: u,
      secret: r,
      input: `Authorization: Digest username="${u}", realm="relaybox", nonce="abc", uri="/cam1", response="${r}"`,
      expected: `Authorization: Digest username="${u}", ***`,
    }));
  });

  it('JSON fields (any string, escaped by JSON.stringify)', () => {
    checkForm([user, secretKey, anyString], (u, key, p) => ({
      user: u,
      secret: JSON.stringify(p).slice(1, -1),
      input: JSON.stringify({ user: u, [key]: p, path: 'cam1' }),
      expected: JSON.stringify({ user: u, [key]: '***', path: 'cam1' }),
    }));
  });

  it('util.inspect of an object (any string)', () => {
    checkForm([user, anyString], (u, p) => {
      const printed = inspect({ user: u, pass: p });
      const literal = inspect(p); // as it appears inside the object, quotes included
      expect(printed).toContain(`pass: ${literal}`);
      return {
        user: u,
        secret: literal.slice(1, -1),
        input: printed,
        expected: printed.replace(`pass: ${literal}`, `pass: ${literal[0]}***${literal[0]}`),
      };
    });
  });

  it('YAML plain, double- and single-quoted values', () => {
    checkForm([user, yamlPlainPass, fc.constantFrom('plain', 'double', 'single')], (u, p, style) => {
      const value = style === 'plain' ? p : style === 'double' ? JSON.stringify(p) : `'${p.replaceAll("'", "''")}'`;
      const masked = style === 'plain' ? '***' : style === 'double' ? '"***"' : "'***'";
      return {
        user: u,
        secret: p,
        input: `paths:\n  cam1:\n    readUser: ${u}\n    readPass: ${value}\n    source: publisher\n`,
        expected: `paths:\n  cam1:\n    readUser: ${u}\n    readPass: ${masked}\n    source: publisher\n`,
      };
    });
  });

  it('YAML written by the yaml package, including long and multi-line secrets', () => {
    fc.assert(
      fc.property(user, fc.string({ unit: yamlTextChar, minLength: 6, maxLength: 200 }), (u, p) => {
        const input = YAML.stringify({ paths: { cam1: { readUser: u, readPass: p, publishPass: p, source: 'publisher' } } });
        // Every word of the secret that could not occur in the skeleton by chance must be gone.
        const skeleton = YAML.stringify({ paths: { cam1: { readUser: u, readPass: '', publishPass: '', source: 'publisher' } } });
        const out = redact(input);
        for (const word of p.split(/\s+/).filter((w) => w.length >= 4 && !skeleton.includes(w) && !'***'.includes(w))) {
          expect(out).not.toContain(word);
        }
        expect(out).toContain(`readUser: ${YAML.stringify(u).trim()}`);
        expect(out).toContain('source: publisher');
      }),
      { numRuns: 300 },
    );
  });
});
