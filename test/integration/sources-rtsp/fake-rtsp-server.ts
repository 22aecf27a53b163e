// A scripted TCP server for the RTSP client's failure paths: it records every request and
// answers with what the test's handler returns (a response, raw bytes, or nothing).
import net from 'node:net';
import { RtspMessageReader } from '../../../src/main/engine/protocols/rtsp/message-reader';
import type { RtspRequest } from '../../../src/main/engine/protocols/rtsp/request';
import { rtspResponse, serializeResponse } from '../../../src/main/engine/protocols/rtsp/response';

export type FakeAnswer = { status: number; headers?: Record<string, string>; body?: string } | { raw: Buffer | string } | null;

export interface FakeRtspServer {
  port: number;
  /** Every request received, on any connection, in order. */
  requests: (RtspRequest & { conn: number })[];
  connections: number;
  close(): Promise<void>;
}

export async function fakeRtspServer(handler: (req: RtspRequest, conn: number) => FakeAnswer, onConnect?: (socket: net.Socket) => void): Promise<FakeRtspServer> {
  const sockets = new Set<net.Socket>();
  const state: FakeRtspServer = { port: 0, requests: [], connections: 0, close: async () => undefined };
  const server = net.createServer((socket) => {
    const conn = ++state.connections;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    onConnect?.(socket);
    const reader = new RtspMessageReader();
    socket.on('data', (d: Buffer) => {
      let items;
      try {
        items = reader.feed(d);
      } catch {
        socket.destroy();
        return;
      }
      for (const item of items) {
        if (item.kind !== 'request') continue;
        state.requests.push({ ...item.request, conn });
        const answer = handler(item.request, conn);
        if (answer === null) continue;
        if ('raw' in answer) {
          socket.write(answer.raw);
          continue;
        }
        const res = rtspResponse(answer.status, answer.headers ?? {}, answer.body ?? '');
        res.headers.set('CSeq', item.request.headers.get('cseq') ?? '0');
        socket.write(serializeResponse(res));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.port = (server.address() as net.AddressInfo).port;
  state.close = () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
  return state;
}

/** One H.264 track, as a camera might describe it. */
export const H264_SDP = [
  'v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=Camera', 't=0 0', 'a=control:*',
  'm=video 0 RTP/AVP 96', 'a=rtpmap:96 H264/90000', 'a=fmtp:96 packetization-mode=1', 'a=control:trackID=0', '',
].join('\r\n');
