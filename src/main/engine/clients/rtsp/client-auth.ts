// Client side of RTSP authentication (RFC 2326 §12.5 → RFC 7617 Basic, RFC 2617/7616 Digest MD5
// with or without qop=auth). Credentials come from the URL's userinfo and are sent only after
// the server asks (a 401 with WWW-Authenticate), never to a server that did not challenge.
import { parseWwwAuthenticate, type RtspChallenge } from '../../protocols/rtsp/headers/auth';
import { basicAuthorization, digestAuthorization } from '../../protocols/rtsp/headers/digest';

export class RtspClientAuth {
  private challenge: RtspChallenge | undefined;
  /** RFC 7616 §3.4: nonce count, incremented per request under the same nonce. */
  private nonceCount = 0;

  constructor(
    private readonly user: string | undefined,
    private readonly pass: string | undefined,
  ) {}

  get hasCredentials(): boolean {
    return this.user !== undefined;
  }

  /** The Authorization value for a request, once a challenge was accepted. */
  header(method: string, uri: string): string | undefined {
    const c = this.challenge;
    if (!c || this.user === undefined) return undefined;
    const pass = this.pass ?? '';
    if (c.scheme === 'basic') return basicAuthorization(this.user, pass);
    return digestAuthorization({ challenge: c, method, uri, user: this.user, pass, nc: ++this.nonceCount });
  }

  /**
   * A 401 arrived with these WWW-Authenticate values. Adopts the strongest challenge we can
   * answer (Digest MD5, else Basic) and says whether resending the request can succeed: not
   * without credentials, and not when the same challenge already refused them (a wrong password),
   * unless the server marked the nonce stale (RFC 7616 §3.3).
   */
  onUnauthorized(values: readonly string[], sentCredentials: boolean): boolean {
    const parsed: RtspChallenge[] = [];
    for (const v of values) {
      try {
        parsed.push(parseWwwAuthenticate(v));
      } catch {
        // A scheme we do not know (Bearer, NTLM…) or a broken header: try the others.
      }
    }
    const digest = parsed.find((c) => c.scheme === 'digest' && (c.algorithm === undefined || c.algorithm.toUpperCase() === 'MD5'));
    const next = digest ?? parsed.find((c) => c.scheme === 'basic');
    if (!next || this.user === undefined) return false;
    const prev = this.challenge;
    const stale = next.scheme === 'digest' && next.stale === true;
    const sameChallenge = prev !== undefined && prev.scheme === next.scheme && (next.scheme === 'basic' || (prev.scheme === 'digest' && prev.nonce === next.nonce));
    this.challenge = next;
    this.nonceCount = 0;
    return !sentCredentials || stale || !sameChallenge;
  }

  /** The scheme in use, for log lines ("digest"). */
  get scheme(): string | undefined {
    return this.challenge?.scheme;
  }
}
