// URL layout of the WebRTC listener (DESIGN §3).
import { describe, expect, it } from 'vitest';
import { routeOf } from '../../../src/main/engine/servers/webrtc/routes';

const ID = '0b8e1c3a-1111-4222-8333-444455556666';

describe('routeOf', () => {
  it.each([
    ['/cam/whep', { kind: 'whep', pathName: 'cam' }],
    ['/live/cam/whep', { kind: 'whep', pathName: 'live/cam' }],
    ['/cam/whip', { kind: 'whip', pathName: 'cam' }],
    [`/cam/whep/${ID}`, { kind: 'whep-session', pathName: 'cam', sessionId: ID }],
    [`/live/cam/whip/${ID}`, { kind: 'whip-session', pathName: 'live/cam', sessionId: ID }],
    ['/cam', { kind: 'read-page', pathName: 'cam' }],
    ['/cam/', { kind: 'read-page', pathName: 'cam' }],
    ['/cam/publish', { kind: 'publish-page', pathName: 'cam' }],
    ['/', null],
    ['', null],
    ['cam/whep', null],
  ])('%s', (url, route) => {
    expect(routeOf(url)).toEqual(route);
  });
});
