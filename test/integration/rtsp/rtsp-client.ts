// A minimal RTSP/TCP client for tests that need what FFmpeg does not expose: a reader that stops
// reading, frame counts, raw status codes.
import net from 'node:net';
import { RtspMessageReader } from '../../../src/main/engine/protocols/rtsp/message-reader';
import type { RtspResponse } from '../../../src/main/engine/protocols/rtsp/response';

export interface RtspTestClient {
  socket: net.Socket;
  frames: number;
  closed: boolean;
  request(method: string, url: string, headers?: Record<string, string>): Promise<RtspResponse>;
  /** DESCRIBE, SETUP of every trackID in the SDP (interleaved 0-1, 2-3…), PLAY. */
  play(url: string): Promise<RtspResponse>;
  close(): void;
}

export function rtspTestClient(port: number): Promise<RtspTestClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => resolve(client));
    socket.once('error', reject);
    const reader = new RtspMessageReader();
    const waiting: ((r: RtspResponse) => void)[] = [];
    let cseq = 0;
    let session: string | undefined;
    const client: RtspTestClient = {
      socket,
      frames: 0,
      closed: false,
      request(method, url, headers = {}) {
        const lines = [`${method} ${url} RTSP/1.0`, `CSeq: ${++cseq}`];
        if (session) lines.push(`Session: ${session}`);
        for (const [k, v] of Object.entries(headers)) lines.push(`${k}: ${v}`);
        socket.write(lines.join('\r\n') + '\r\n\r\n');
        return new Promise((res) => waiting.push((r) => {
          const s = r.headers.get('session');
          if (s) session = s.split(';')[0];
          res(r);
        }));
      },
      async play(url) {
        const d = await client.request('DESCRIBE', url, { Accept: 'application/sdp' });
        if (d.statusCode !== 200) return d;
        const controls = [...d.body.toString().matchAll(/a=control:(trackID=\d+)/g)].map((m) => m[1]);
        for (const [i, c] of controls.entries()) {
          const s = await client.request('SETUP', `${url}/${c}`, { Transport: `RTP/AVP/TCP;unicast;interleaved=${i * 2}-${i * 2 + 1}` });
          if (s.statusCode !== 200) return s;
        }
        return client.request('PLAY', `${url}/`, { Range: 'npt=0.000-' });
      },
      close() {
        socket.destroy();
      },
    };
    socket.on('data', (d: Buffer) => {
      for (const item of reader.feed(d)) {
        if (item.kind === 'frame') client.frames++;
        else if (item.kind === 'response') waiting.shift()?.(item.response);
      }
    });
    socket.on('close', () => { client.closed = true; });
    socket.on('error', () => undefined);
  });
}
