// The CSP rewrite for `serve --ui` opened from another host (src/main/engine/servers/api/ui.ts).
import { describe, expect, it } from 'vitest';
import { allowPageHost } from '../../../src/main/engine/servers/api/ui';

const html = `<meta http-equiv="Content-Security-Policy" content="media-src 'self' http://127.0.0.1:*; connect-src 'self' http://127.0.0.1:*">`;

describe('allowPageHost', () => {
  it('leaves loopback pages alone', () => {
    expect(allowPageHost(html, '127.0.0.1:9997')).toBe(html);
    expect(allowPageHost(html, 'localhost:9997')).toBe(html);
  });
  it('adds the LAN host next to loopback for media and fetches', () => {
    const out = allowPageHost(html, '192.168.1.20:9997');
    expect(out.match(/http:\/\/192\.168\.1\.20:\*/g)).toHaveLength(2);
    expect(allowPageHost(html, '[fe80::1]:9997')).toContain('http://[fe80::1]:*');
  });
  it('refuses to copy anything that is not a plain host name into the policy', () => {
    expect(allowPageHost(html, "evil.com; script-src 'unsafe-inline'")).toBe(html);
    expect(allowPageHost(html, undefined)).toBe(html);
  });
});
