// A minimal RTMP player built on the protocol layer, for tests that need what FFmpeg cannot
// show: the exact onStatus codes, per-frame arrival, or a reader that stops reading.
import net from 'node:net';
import { RtmpChunkReader } from '../../src/main/engine/protocols/rtmp/chunk-reader';
import { serializeMessage } from '../../src/main/engine/protocols/rtmp/chunk-writer';
import {
  commandMessage, connectCommand, createStreamCommand, parseCommand, playCommand, publishCommand,
} from '../../src/main/engine/protocols/rtmp/commands';
import { RtmpClientHandshake } from '../../src/main/engine/protocols/rtmp/handshake';
import { RtmpMessageType, type RtmpMessage } from '../../src/main/engine/protocols/rtmp/message';
import { isAmfObject } from '../../src/main/engine/protocols/rtmp/amf-value';

export interface RtmpTestClient {
  socket: net.Socket;
  statuses: string[];
  videoMessages: number;
  firstVideoAt?: number;
  /** The first few video message payloads (FLV tag bodies), for codec checks. */
  firstVideo: Buffer[];
  closed: boolean;
  /** Sends a message on the stream (publishing), at chunk size 128. */
  send(msg: RtmpMessage): void;
  close(): void;
}

/** Connects and plays (or publishes) `rtmp://127.0.0.1:port/app/name`. */
export function rtmpClient(port: number, app: string, name: string, mode: 'play' | 'publish' = 'play', fourCcList?: string[]): Promise<RtmpTestClient> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const hs = new RtmpClientHandshake();
    const chunks = new RtmpChunkReader();
    const client: RtmpTestClient = {
      socket, statuses: [], videoMessages: 0, firstVideo: [], closed: false,
      send: (msg) => socket.write(serializeMessage(msg, 128)),
      close: () => socket.destroy(),
    };
    let handshaking = true;
    const send = (cmd: Parameters<typeof commandMessage>[0], streamId = 0) => socket.write(serializeMessage(commandMessage(cmd, streamId), 128));
    socket.on('error', reject);
    socket.on('close', () => { client.closed = true; });
    socket.on('connect', () => { socket.write(hs.start()); resolve(client); });
    socket.on('data', (d: Buffer) => {
      let data: Buffer | undefined = d;
      if (handshaking) {
        const step = hs.feed(d);
        if (step.reply) socket.write(step.reply);
        if (!step.done) return;
        handshaking = false;
        send(connectCommand(1, { app, tcUrl: `rtmp://127.0.0.1:${port}/${app}`, fourCcList }));
        send(createStreamCommand(2));
        data = step.rest;
        if (!data?.length) return;
      }
      for (const m of chunks.feed(data!)) {
        if (m.typeId === RtmpMessageType.Video) {
          client.videoMessages++;
          client.firstVideoAt ??= Date.now();
          if (client.firstVideo.length < 5) client.firstVideo.push(Buffer.from(m.payload));
        } else if (m.typeId === RtmpMessageType.CommandAmf0) {
          const cmd = parseCommand(m);
          if (cmd.name === '_result' && cmd.transactionId === 2) {
            if (mode === 'play') send(playCommand(3, name), 1);
            else send(publishCommand(3, name), 1);
          }
          if (cmd.name === 'onStatus' || cmd.name === '_error') {
            const info = cmd.args[0];
            if (info !== undefined && isAmfObject(info) && typeof info.code === 'string') client.statuses.push(info.code);
          }
        }
      }
    });
  });
}
