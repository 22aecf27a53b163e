// A minimal RTMP client over one socket, built on the project's protocol layer: handshake
// (RtmpClientHandshake), chunk stream in (RtmpChunkReader) and out (RtmpChunkWriter), command
// builders from commands.ts. Used by the benchmark's publisher and by the light readers, which
// only count what arrives and never decode media.
import { connect as tcpConnect, type Socket } from 'node:net';
import { RtmpClientHandshake } from '../../src/main/engine/protocols/rtmp/handshake';
import { RtmpChunkReader } from '../../src/main/engine/protocols/rtmp/chunk-reader';
import { RtmpChunkWriter } from '../../src/main/engine/protocols/rtmp/chunk-writer';
import { RtmpMessageType, type RtmpMessage, type RtmpReceivedMessage } from '../../src/main/engine/protocols/rtmp/message';
import {
  acknowledgementMessage,
  parseUserControl,
  parseWindowAckSize,
  pingResponseMessage,
  setChunkSizeMessage,
  windowAckSizeMessage,
} from '../../src/main/engine/protocols/rtmp/control-messages';
import {
  commandMessage,
  connectCommand,
  createStreamCommand,
  fcPublishCommand,
  parseCommand,
  playCommand,
  publishCommand,
  releaseStreamCommand,
  type RtmpCommand,
} from '../../src/main/engine/protocols/rtmp/commands';
import { isAmfObject } from '../../src/main/engine/protocols/rtmp/amf-value';
import { splitAggregateMessage } from '../../src/main/engine/protocols/rtmp/aggregate';

export interface RtmpTarget {
  host: string;
  port: number;
  /** Application name: everything between the port and the last path segment. */
  app: string;
  /** Stream name (the last path segment). */
  stream: string;
  tcUrl: string;
}

/** `rtmp://H:P/app/stream` → its parts (the last segment is the stream name, as FFmpeg splits it). */
export function parseRtmpTarget(url: string): RtmpTarget {
  const u = new URL(url);
  if (u.protocol !== 'rtmp:') throw new Error(`not an rtmp:// URL: ${url}`);
  const segments = u.pathname.split('/').filter(Boolean);
  if (segments.length < 2) throw new Error(`RTMP URL needs app and stream name: ${url}`);
  const stream = segments.pop()!;
  const app = segments.join('/');
  const port = Number(u.port || 1935);
  return { host: u.hostname, port, app, stream, tcUrl: `rtmp://${u.hostname}:${port}/${app}` };
}

export interface RtmpClientSessionOptions {
  /** Audio (8) and video (9) messages, with the monotonic time (ms) of the socket read that completed them. */
  onMedia?: (msg: RtmpReceivedMessage, arrivalMs: number) => void;
  /** onStatus info objects (their `code`), e.g. NetStream.Play.Start. */
  onStatus?: (code: string, description: string) => void;
  /** Called once when the connection ends, with the reason. */
  onClose?: (reason: string) => void;
  /** Window Acknowledgement Size we announce (RTMP 1.0 §5.4.4). FFmpeg sends 2.5 MB. */
  windowAckSize?: number;
  /** Outgoing chunk size (Set Chunk Size is sent right after the handshake). Default 4096. */
  chunkSize?: number;
}

interface PendingCall {
  resolve: (cmd: RtmpCommand) => void;
  reject: (err: Error) => void;
}

/** Monotonic milliseconds (CLOCK_MONOTONIC via libuv): comparable across processes on one machine. */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

function statusOf(cmd: RtmpCommand): { code: string; description: string } {
  const info = cmd.args[0];
  if (info !== undefined && isAmfObject(info)) {
    return { code: String(info.code ?? ''), description: String(info.description ?? '') };
  }
  return { code: '', description: '' };
}

export class RtmpClientSession {
  private readonly reader = new RtmpChunkReader();
  private readonly writer = new RtmpChunkWriter();
  private readonly handshake = new RtmpClientHandshake();
  private readonly calls = new Map<number, PendingCall>();
  private nextTransaction = 1;
  private peerWindow = 0;
  private lastAck = 0;
  private closed = false;
  private handshakeDone: { resolve: () => void; reject: (e: Error) => void } | undefined;

  private constructor(
    readonly socket: Socket,
    private readonly options: RtmpClientSessionOptions,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (data: Buffer) => this.onData(data));
    socket.on('error', (err) => this.close(`socket error: ${err.message}`));
    socket.on('close', () => this.close('connection closed by the server'));
  }

  /** TCP connect, handshake, then `connect` to the app; resolves once the server accepted it. */
  static async open(target: RtmpTarget, options: RtmpClientSessionOptions = {}, timeoutMs = 10_000): Promise<RtmpClientSession> {
    const socket = tcpConnect({ host: target.host, port: target.port });
    const session = new RtmpClientSession(socket, options);
    const timer = setTimeout(() => session.close(`no answer within ${timeoutMs} ms`), timeoutMs);
    try {
      await new Promise<void>((resolve, reject) => {
        session.handshakeDone = { resolve, reject };
        socket.once('connect', () => socket.write(session.handshake.start()));
      });
      session.send(setChunkSizeMessage(options.chunkSize ?? 4096));
      session.writer.chunkSize = options.chunkSize ?? 4096;
      session.send(windowAckSizeMessage(options.windowAckSize ?? 2_500_000));
      const result = await session.call((tx) => connectCommand(tx, { app: target.app, tcUrl: target.tcUrl, flashVer: 'LNX 9,0,124,2' }));
      if (result.name !== '_result') throw new Error(`connect refused: ${statusOf(result).code || result.name} ${statusOf(result).description}`);
      return session;
    } catch (err) {
      session.close(String(err));
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  /** createStream; resolves with the message stream id. */
  async createStream(): Promise<number> {
    const result = await this.call((tx) => createStreamCommand(tx));
    const id = result.args[0];
    if (result.name !== '_result' || typeof id !== 'number') throw new Error(`createStream failed: ${result.name}`);
    return id;
  }

  /** play(name) on `streamId`; media then arrives through onMedia. Does not wait for Play.Start. */
  play(streamId: number, name: string): void {
    // start -2: live or recorded, what FFmpeg's RTMP client asks for by default.
    this.send(commandMessage(playCommand(0, name, -2), streamId));
  }

  /** releaseStream + FCPublish + publish, as FFmpeg and OBS send them; resolves on NetStream.Publish.Start. */
  async publish(streamId: number, name: string, timeoutMs = 10_000): Promise<void> {
    this.send(commandMessage(releaseStreamCommand(this.nextTransaction++, name)));
    this.send(commandMessage(fcPublishCommand(this.nextTransaction++, name)));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no NetStream.Publish.Start within ${timeoutMs} ms`)), timeoutMs);
      const previous = this.options.onStatus;
      this.options.onStatus = (code, description) => {
        previous?.(code, description);
        if (code === 'NetStream.Publish.Start') {
          clearTimeout(timer);
          resolve();
        } else if (code.startsWith('NetStream.Publish.') || code.startsWith('NetConnection.Connect.')) {
          clearTimeout(timer);
          reject(new Error(`publish refused: ${code} ${description}`));
        }
      };
      this.send(commandMessage(publishCommand(0, name), streamId));
    });
  }

  send(msg: RtmpMessage): boolean {
    if (this.closed) return false;
    return this.socket.write(this.writer.write(msg));
  }

  get isClosed(): boolean {
    return this.closed;
  }

  close(reason = 'closed by the client'): void {
    if (this.closed) return;
    this.closed = true;
    const err = new Error(reason);
    this.handshakeDone?.reject(err);
    for (const call of this.calls.values()) call.reject(err);
    this.calls.clear();
    this.socket.destroy();
    this.options.onClose?.(reason);
  }

  private call(build: (transactionId: number) => RtmpCommand): Promise<RtmpCommand> {
    const tx = this.nextTransaction++;
    return new Promise((resolve, reject) => {
      this.calls.set(tx, { resolve, reject });
      this.send(commandMessage(build(tx)));
    });
  }

  private onData(data: Buffer): void {
    if (this.closed) return;
    try {
      if (!this.handshake.done) {
        const step = this.handshake.feed(data);
        if (step.reply) this.socket.write(step.reply);
        if (!step.done) return;
        const done = this.handshakeDone;
        this.handshakeDone = undefined;
        done?.resolve();
        if (!step.rest) return;
        data = step.rest;
      }
      const arrival = monotonicMs();
      for (const msg of this.reader.feed(data)) this.onMessage(msg, arrival);
      // RTMP 1.0 §5.4.3: acknowledge every window's worth of bytes received.
      if (this.peerWindow > 0 && this.reader.bytesReceived - this.lastAck >= this.peerWindow) {
        this.lastAck = this.reader.bytesReceived;
        this.send(acknowledgementMessage(this.lastAck >>> 0));
      }
    } catch (err) {
      this.close(`protocol error: ${(err as Error).message}`);
    }
  }

  private onMessage(msg: RtmpReceivedMessage, arrival: number): void {
    switch (msg.typeId) {
      case RtmpMessageType.Audio:
      case RtmpMessageType.Video:
        this.options.onMedia?.(msg, arrival);
        return;
      case RtmpMessageType.Aggregate:
        for (const sub of splitAggregateMessage(msg)) {
          if (sub.typeId === RtmpMessageType.Audio || sub.typeId === RtmpMessageType.Video) {
            this.options.onMedia?.({ ...sub, csid: msg.csid }, arrival);
          }
        }
        return;
      case RtmpMessageType.WindowAckSize:
        this.peerWindow = parseWindowAckSize(msg.payload);
        return;
      case RtmpMessageType.UserControl: {
        const ev = parseUserControl(msg.payload);
        if (ev.type === 'PingRequest') this.send(pingResponseMessage(ev.timestamp));
        return;
      }
      case RtmpMessageType.CommandAmf0:
      case RtmpMessageType.CommandAmf3: {
        const cmd = parseCommand(msg);
        if (cmd.name === '_result' || cmd.name === '_error') {
          const call = this.calls.get(cmd.transactionId);
          this.calls.delete(cmd.transactionId);
          call?.resolve(cmd);
        } else if (cmd.name === 'onStatus') {
          const { code, description } = statusOf(cmd);
          this.options.onStatus?.(code, description);
        }
        return;
      }
      default:
        return; // Set Chunk Size is applied by the reader; the rest needs no answer.
    }
  }
}
