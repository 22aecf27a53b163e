// One RTMP connection: handshake, chunk stream, commands, then either publishing into a path or
// reading from one (RTMP 1.0 §7.2; the command flow FFmpeg, OBS, VLC and nginx-rtmp use).
import { randomUUID } from 'node:crypto';
import type { Socket } from 'node:net';
import { attachTcpConn } from '../tcp-conn';
import type { PathManager, PathPublisher, PathReader, Stream, StreamReader } from '../../core';
import type { Logger } from '../../log/logger';
import { RtmpChunkReader } from '../../protocols/rtmp/chunk-reader';
import { serializeMessage } from '../../protocols/rtmp/chunk-writer';
import {
  commandMessage, connectResultCommand, createStreamResultCommand,
  errorCommand, metadataOf, onFcPublishCommand, onStatusCommand, parseCommand, parseDataMessage,
  readConnectParams, readPlayParams, readPublishParams, resultCommand, sampleAccessMessage,
  type RtmpCommand,
} from '../../protocols/rtmp/commands';
import {
  acknowledgementMessage, parseUserControl, parseWindowAckSize, pingResponseMessage,
  setChunkSizeMessage, setPeerBandwidthMessage, streamBeginMessage, streamEofMessage,
  streamIsRecordedMessage, windowAckSizeMessage,
} from '../../protocols/rtmp/control-messages';
import { RtmpServerHandshake } from '../../protocols/rtmp/handshake';
import { PLAY_STREAM_ID } from '../../protocols/rtmp/media-message';
import { RtmpMessageType, type RtmpMessage } from '../../protocols/rtmp/message';
import { NetStatusCode, netStatus, type NetStatus } from '../../protocols/rtmp/status-codes';
import type { Track } from '../../protocols/media/types';
import { mediamtxCodecName } from '../../core';
import { batchedWrite } from '../write-batch';
import { rtmpFormat } from './format';
import { RtmpIngest } from './ingest';
import { rtmpTarget } from './stream-name';

export interface RtmpConnDeps {
  paths: Pick<PathManager, 'addPublisher' | 'addReader'>;
  log: Logger;
  readTimeoutMs: number;
  /** Outgoing chunk size; one per server so every reader shares one serialization. */
  chunkSize: number;
  /** The RTMPS listener: connections show as "rtmpsConn" (MediaMTX). */
  encrypted?: boolean;
}

export type RtmpConnState = 'handshake' | 'idle' | 'publish' | 'read' | 'closed';

/** MediaMTX /v3/rtmpconns item. */
export type RtmpConnInfo = {
  id: string;
  created: string;
  remoteAddr: string;
  state: 'idle' | 'read' | 'publish';
  path: string;
  query: string;
  bytesReceived: number;
  bytesSent: number;
  inboundBytes: number;
  outboundBytes: number;
};

const WINDOW_ACK_SIZE = 2_500_000;

export class RtmpConn {
  readonly id = randomUUID();
  readonly created = new Date();
  readonly remoteAddr: string;
  state: RtmpConnState = 'handshake';
  private readonly ip: string;
  private readonly log: Logger;
  private readonly handshake = new RtmpServerHandshake();
  private readonly chunks = new RtmpChunkReader();
  private app = '';
  private path = '';
  private query = '';
  private bytesSent = 0;
  private peerAckWindow = 0;
  private lastAckSent = 0;
  private backlog: RtmpMessage[] = [];
  private busy = false;
  private publisher?: PathPublisher;
  private stream?: Stream;
  private ingest?: RtmpIngest;
  private reader?: PathReader;
  private sub?: StreamReader<Buffer>;
  private outChunkSize = 128;
  /** Enhanced RTMP FourCCs the client announced in connect (fourCcList). */
  private fourCcs: string[] = [];

  constructor(
    private readonly socket: Socket,
    private readonly deps: RtmpConnDeps,
    private readonly onClose: (c: RtmpConn) => void,
  ) {
    ({ ip: this.ip, remoteAddr: this.remoteAddr } = attachTcpConn(socket, deps.readTimeoutMs, {
      data: (d) => this.onData(d),
      close: (reason) => this.close(reason),
      drain: () => this.sub?.resume(),
    }));
    this.log = deps.log.child(`conn ${this.remoteAddr}`);
    this.log.debug('opened');
  }

  info(): RtmpConnInfo {
    const received = this.chunks.bytesReceived;
    return {
      id: this.id, created: this.created.toISOString(), remoteAddr: this.remoteAddr,
      state: this.state === 'publish' || this.state === 'read' ? this.state : 'idle',
      path: this.path, query: this.query.replace(/(^|&)(pass|password)=[^&]*/gi, '$1$2=***'),
      bytesReceived: received, bytesSent: this.bytesSent, inboundBytes: received, outboundBytes: this.bytesSent,
    };
  }

  close(reason: string): void {
    if (this.state === 'closed') return;
    const was = this.state;
    this.state = 'closed';
    this.socket.destroy();
    this.publisher?.close(reason);
    this.reader?.close();
    if (was === 'publish' || was === 'read') this.log.info(`closed (${reason})`);
    else this.log.debug(`closed (${reason})`);
    this.onClose(this);
  }

  private onData(data: Buffer): void {
    try {
      if (this.state === 'handshake') {
        const step = this.handshake.feed(data);
        if (step.reply) this.socket.write(step.reply);
        if (!step.done) return;
        this.state = 'idle';
        if (!step.rest?.length) return;
        data = step.rest;
      }
      const msgs = this.chunks.feed(data);
      this.maybeAck();
      for (const m of msgs) {
        if (this.busy) this.backlog.push(m);
        else this.handle(m);
      }
    } catch (err) {
      // Malformed input closes only this connection.
      this.log.warn(`protocol error, closing: ${(err as Error).message}`);
      this.close('protocol error');
    }
  }

  private maybeAck(): void {
    const n = this.chunks.bytesReceived;
    if (this.peerAckWindow > 0 && n - this.lastAckSent >= this.peerAckWindow) {
      this.lastAckSent = n;
      this.send(acknowledgementMessage(n >>> 0));
    }
  }

  private send(msg: RtmpMessage): void {
    if (this.state === 'closed') return;
    const b = serializeMessage(msg, this.outChunkSize);
    this.bytesSent += b.length;
    this.socket.write(b);
  }

  private sendCommand(cmd: RtmpCommand, streamId = 0): void {
    this.send(commandMessage(cmd, streamId));
  }

  private status(status: NetStatus, streamId = PLAY_STREAM_ID): void {
    this.sendCommand(onStatusCommand(status), streamId);
  }

  /** Runs an async command with the connection paused, then replays what arrived meanwhile. */
  private async exclusive(fn: () => Promise<void>): Promise<void> {
    this.busy = true;
    this.socket.pause();
    try {
      await fn();
    } catch (err) {
      this.log.warn(`closing: ${(err as Error).message}`);
      this.close('internal error');
    }
    this.busy = false;
    if (this.state === 'closed') return;
    this.socket.resume();
    while (this.backlog.length && !this.busy && (this.state as RtmpConnState) !== 'closed') {
      try {
        this.handle(this.backlog.shift()!);
      } catch (err) {
        this.log.warn(`protocol error, closing: ${(err as Error).message}`);
        this.close('protocol error');
      }
    }
  }

  private handle(m: RtmpMessage): void {
    switch (m.typeId) {
      case RtmpMessageType.Video:
      case RtmpMessageType.Audio:
        if (this.ingest) this.ingest.message(m);
        return;
      case RtmpMessageType.CommandAmf0:
      case RtmpMessageType.CommandAmf3:
        this.command(parseCommand(m), m.streamId);
        return;
      case RtmpMessageType.DataAmf0:
      case RtmpMessageType.DataAmf3: {
        const meta = metadataOf(parseDataMessage(m));
        if (meta && this.ingest) this.ingest.metadata(meta);
        return;
      }
      case RtmpMessageType.WindowAckSize:
        this.peerAckWindow = parseWindowAckSize(m.payload);
        return;
      case RtmpMessageType.UserControl: {
        const ev = parseUserControl(m.payload);
        if (ev.type === 'PingRequest') this.send(pingResponseMessage(ev.timestamp));
        return;
      }
      default:
        // Set Chunk Size and Abort are applied by the chunk reader; Acknowledgement, Set Peer
        // Bandwidth and shared objects need no answer.
        return;
    }
  }

  private command(cmd: RtmpCommand, streamId: number): void {
    switch (cmd.name) {
      case 'connect': return this.onConnect(cmd);
      case 'createStream': return this.sendCommand(createStreamResultCommand(cmd.transactionId, PLAY_STREAM_ID));
      case 'releaseStream':
      case 'getStreamLength':
        return this.sendCommand(resultCommand(cmd.transactionId, null));
      case 'FCPublish':
        this.sendCommand(resultCommand(cmd.transactionId, null));
        return this.sendCommand(onFcPublishCommand(readPublishParams(cmd).name));
      case 'publish': void this.exclusive(() => this.onPublish(cmd)); return;
      case 'play': void this.exclusive(() => this.onPlay(cmd)); return;
      case 'FCUnpublish':
      case 'deleteStream':
      case 'closeStream':
        return this.endStream(streamId);
      default:
        // Unknown calls get an error answer when they expect one; they never close the connection.
        if (cmd.transactionId > 0) this.sendCommand(errorCommand(cmd.transactionId, netStatus(NetStatusCode.CallFailed, `unsupported call ${cmd.name}`)));
    }
  }

  private onConnect(cmd: RtmpCommand): void {
    const params = readConnectParams(cmd);
    this.app = params.app;
    this.fourCcs = params.fourCcList ?? [];
    this.send(windowAckSizeMessage(WINDOW_ACK_SIZE));
    this.send(setPeerBandwidthMessage(WINDOW_ACK_SIZE));
    this.send(setChunkSizeMessage(this.deps.chunkSize));
    this.outChunkSize = this.deps.chunkSize;
    this.sendCommand(connectResultCommand(cmd.transactionId, {
      objectEncoding: params.objectEncoding,
      // Enhanced RTMP: tell OBS 30+ it may send H.265 and AV1.
      properties: params.fourCcList ? { fourCcList: ['avc1', 'hvc1', 'av01'] } : undefined,
    }));
  }

  private refuse(code: string, message: string, kind: 'publish' | 'play'): void {
    if (code === 'unauthorized' || code === 'forbidden' || code === 'maxReaders') {
      this.status(netStatus(NetStatusCode.ConnectRejected, message, 'error'));
    } else if (kind === 'play') {
      this.status(netStatus(NetStatusCode.PlayStreamNotFound, message, 'error'));
    } else {
      this.status(netStatus(NetStatusCode.PublishBadName, message, 'error'));
    }
    // Let the status reach the client before closing.
    this.state = 'closed';
    this.socket.end(() => this.socket.destroy());
    this.onClose(this);
  }

  private async onPublish(cmd: RtmpCommand): Promise<void> {
    if (this.state !== 'idle') throw new Error(`publish while ${this.state}`);
    const { name } = readPublishParams(cmd);
    const t = rtmpTarget(this.app, name);
    this.path = t.path;
    this.query = t.query;
    const r = await this.deps.paths.addPublisher({
      path: t.path, query: t.query, ip: this.ip, user: t.user, pass: t.pass, protocol: 'rtmp', type: this.deps.encrypted ? 'rtmpsConn' : undefined, id: this.id,
      session: { close: (reason) => this.close(reason) },
    });
    if ((this.state as RtmpConnState) === 'closed') { if (r.ok) r.publisher.close('client left'); return; }
    if (!r.ok) {
      this.log.warn(`publish to "${t.path}" refused: ${r.message}`);
      return this.refuse(r.code, r.message, 'publish');
    }
    this.state = 'publish';
    this.publisher = r.publisher;
    this.ingest = new RtmpIngest({
      tracks: (tracks) => {
        this.stream = r.publisher.setTracks(tracks);
        this.log.info(`is publishing to path "${t.path}", ${describeTracks(tracks)}`);
      },
      unit: (au) => this.stream?.writeUnit(au),
      warn: (msg) => this.log.warn(msg),
    });
    this.status(netStatus(NetStatusCode.PublishStart, `${name.split('?')[0]} is now published`), PLAY_STREAM_ID);
  }

  private async onPlay(cmd: RtmpCommand): Promise<void> {
    if (this.state !== 'idle') throw new Error(`play while ${this.state}`);
    const { name } = readPlayParams(cmd);
    const t = rtmpTarget(this.app, name);
    this.path = t.path;
    this.query = t.query;
    const r = await this.deps.paths.addReader({
      path: t.path, query: t.query, ip: this.ip, user: t.user, pass: t.pass, protocol: 'rtmp', type: this.deps.encrypted ? 'rtmpsConn' : undefined, id: this.id,
      session: { close: (reason) => this.close(reason) },
    });
    if ((this.state as RtmpConnState) === 'closed') { if (r.ok) r.reader.close(); return; }
    if (!r.ok) {
      this.log.info(`play of "${t.path}" refused: ${r.message}`);
      return this.refuse(r.code, r.message, 'play');
    }
    this.state = 'read';
    this.reader = r.reader;
    // Readers send little; the core's writeTimeout, not readTimeout, decides when they are dead.
    this.socket.setTimeout(0);
    this.send(streamIsRecordedMessage(PLAY_STREAM_ID));
    this.send(streamBeginMessage(PLAY_STREAM_ID));
    this.status(netStatus(NetStatusCode.PlayReset, `playing and resetting ${t.path}`));
    this.status(netStatus(NetStatusCode.PlayStart, `started playing ${t.path}`));
    this.send(sampleAccessMessage(PLAY_STREAM_ID));
    this.status(netStatus(NetStatusCode.DataStart, 'data start'));
    this.log.info(`is reading from path "${t.path}", ${describeTracks(r.stream.tracks)}`);
    const socket = this.socket;
    this.sub = r.reader.subscribe<Buffer>({
      format: rtmpFormat(this.outChunkSize, this.fourCcs.includes('Opus') || this.fourCcs.includes('*')),
      sink: {
        write: (b) => {
          this.bytesSent += b.length;
          return batchedWrite(socket, b);
        },
        end: () => {
          this.send(streamEofMessage(PLAY_STREAM_ID));
          this.status(netStatus(NetStatusCode.PlayUnpublishNotify, `${t.path} is now unpublished`));
        },
      },
    });
  }

  private endStream(_streamId: number): void {
    if (this.state === 'publish') {
      this.publisher?.close('publisher stopped');
      this.publisher = undefined;
      this.ingest = undefined;
      this.stream = undefined;
      this.status(netStatus(NetStatusCode.UnpublishSuccess, `${this.path} is now unpublished`));
      this.log.info(`stopped publishing to path "${this.path}"`);
      this.state = 'idle';
    } else if (this.state === 'read') {
      this.log.info(`stopped reading from path "${this.path}"`);
      this.reader?.close();
      this.reader = undefined;
      this.sub = undefined;
      this.state = 'idle';
    }
  }
}

export function describeTracks(tracks: readonly Track[]): string {
  const names = tracks.map((t) => mediamtxCodecName(t));
  return `${tracks.length} track${tracks.length === 1 ? '' : 's'} (${names.join(', ')})`;
}
