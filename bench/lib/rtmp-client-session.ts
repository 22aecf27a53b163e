// The benchmark's RTMP client: the engine's native client connection (clients/rtmp) with the
// callback shape the benchmark's paced publisher and light readers use, and arrival times on the
// monotonic clock all bench processes share. The light readers only count what arrives and
// never decode media, so play sends the command and does not build access units.
import { parseRtmpUrl, RtmpClientConnection, startPublish, type RtmpUrl } from '../../src/main/engine/clients/rtmp';
import { playCommand } from '../../src/main/engine/protocols/rtmp/commands';
import type { RtmpMessage } from '../../src/main/engine/protocols/rtmp/message';

export type RtmpTarget = RtmpUrl;

/** `rtmp://H:P/app/stream` → its parts; the benchmark always names a stream. */
export function parseRtmpTarget(url: string): RtmpTarget {
  const target = parseRtmpUrl(url);
  if (!target.stream) throw new Error(`RTMP URL needs app and stream name: ${url}`);
  return target;
}

export interface RtmpClientSessionOptions {
  /** Audio (8) and video (9) messages, with the monotonic time (ms) they were read. */
  onMedia?: (msg: RtmpMessage, arrivalMs: number) => void;
  /** onStatus info objects (their `code`), e.g. NetStream.Play.Start. */
  onStatus?: (code: string, description: string) => void;
  /** Called once when the connection ends, with the reason. */
  onClose?: (reason: string) => void;
  /** Outgoing chunk size (Set Chunk Size is sent right after the handshake). Default 4096. */
  chunkSize?: number;
}

/** Monotonic milliseconds (CLOCK_MONOTONIC via libuv): comparable across processes on one machine. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

export class RtmpClientSession {
  private constructor(private readonly conn: RtmpClientConnection) {}

  /** TCP connect, handshake, then `connect` to the app; resolves once the server accepted it. */
  static async open(target: RtmpTarget, options: RtmpClientSessionOptions = {}, timeoutMs = 10_000): Promise<RtmpClientSession> {
    const { onMedia, onStatus, onClose } = options;
    const conn = await RtmpClientConnection.open(target, {
      label: 'bench RTMP client', timeoutMs, chunkSize: options.chunkSize,
      // FFmpeg's flashVer, as the benchmark's clients always sent.
      flashVer: 'LNX 9,0,124,2',
    }, {
      media: onMedia && ((msg) => onMedia(msg, monotonicMs())),
      status: onStatus && ((s) => onStatus(s.code, s.description)),
    });
    if (onClose) void conn.closed.then(onClose);
    return new RtmpClientSession(conn);
  }

  /** createStream; resolves with the message stream id. */
  createStream(): Promise<number> {
    return this.conn.createStream();
  }

  /** play(name) on `streamId`; media then arrives through onMedia. Does not wait for Play.Start. */
  play(streamId: number, name: string): void {
    // start -2: live or recorded, what FFmpeg's RTMP client asks for by default.
    this.conn.sendCommand(playCommand(0, name, -2), streamId);
  }

  /**
   * releaseStream + FCPublish + createStream + publish on the target's stream name; resolves with
   * the message stream id on NetStream.Publish.Start.
   */
  publish(timeoutMs = 10_000): Promise<number> {
    return startPublish(this.conn, timeoutMs);
  }

  /** One message; false when the socket is backed up. */
  send(msg: RtmpMessage): boolean {
    return this.conn.send(msg);
  }

  get isClosed(): boolean {
    return this.conn.isClosed;
  }

  close(reason = 'closed by the client'): void {
    this.conn.close(reason);
  }
}
