// Credential comparison. Stored values are plain or "sha256:" + base64(sha256(password)), the
// MediaMTX form (`echo -n pass | openssl dgst -binary -sha256 | openssl base64`).
import { createHash, timingSafeEqual } from 'node:crypto';

const SHA256_PREFIX = 'sha256:';

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}

/**
 * Constant-time check of a supplied secret against the configured one. Plain values are hashed
 * on both sides first so neither the content nor the length leaks through timing.
 */
export function credentialMatches(stored: string, given: string): boolean {
  if (stored.startsWith(SHA256_PREFIX)) {
    const expected = Buffer.from(stored.slice(SHA256_PREFIX.length), 'base64');
    if (expected.length !== 32) return false;
    return timingSafeEqual(expected, sha256(given));
  }
  // MediaMTX's "argon2:" form is not supported yet: it never matches (auth.ts logs nothing
  // secret, and a config with it fails closed).
  if (stored.startsWith('argon2:')) return false;
  return timingSafeEqual(sha256(stored), sha256(given));
}

/** "sha256:…" for a password, for tests and for a future "hash this password" UI. */
export function hashCredentialSha256(password: string): string {
  return SHA256_PREFIX + sha256(password).toString('base64');
}
