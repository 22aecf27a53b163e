// Error texts of the RTSP client: what /v3/paths lastError shows a user.
import { describe, expect, it } from 'vitest';
import { requestUrlOf } from '../../../src/main/engine/clients/rtsp/client-session';
import { statusError } from '../../../src/main/engine/clients/rtsp/errors';
import { parseRtspUrl } from '../../../src/main/engine/protocols/rtsp/url';

describe('RTSP client errors', () => {
  it.each([
    ['source', 401, 'Unauthorized', 'DESCRIBE', 'RTSP source: 401 Unauthorized from 127.0.0.1:8554 (check the user and password in the source URL)'],
    ['forward', 401, 'Unauthorized', 'ANNOUNCE', 'RTSP forward: 401 Unauthorized from 127.0.0.1:8554 (check the user and password in the forward destination URL)'],
    ['source', 404, 'Not Found', 'DESCRIBE', 'RTSP source: 404 Not Found from 127.0.0.1:8554 (check the path in the source URL)'],
    ['source', 461, 'Unsupported transport', 'SETUP', 'RTSP source: 461 Unsupported transport from 127.0.0.1:8554 (the server refused the transport; try another rtspTransport)'],
    ['forward', 455, 'Method Not Valid in This State', 'RECORD', 'RTSP forward: 455 Method Not Valid in This State from 127.0.0.1:8554 (answer to RECORD)'],
    ['source', 500, '', 'PLAY', 'RTSP source: 500 from 127.0.0.1:8554 (answer to PLAY)'],
  ] as const)('%s %i', (role, statusCode, reason, method, text) => {
    const err = statusError(role, '127.0.0.1:8554', method, { statusCode, reason });
    expect(err.message).toBe(text);
    expect(err.statusCode).toBe(statusCode);
  });

  it.each([
    ['rtsp://admin:secret@cam.local/live/ch1?x=1', 'rtsp://cam.local:554/live/ch1?x=1'],
    ['rtsp://u:p@ss@[::1]:8554/cam', 'rtsp://[::1]:8554/cam'],
    ['rtsps://10.0.0.2/stream', 'rtsps://10.0.0.2:322/stream'],
  ])('request URL of %s carries no credentials', (url, want) => {
    expect(requestUrlOf(parseRtspUrl(url))).toBe(want);
  });
});
