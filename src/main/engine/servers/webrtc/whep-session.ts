// One WHEP viewer: a path reader feeding a werift peer (RFC 9725 §4.2 for the HTTP half, which
// server.ts owns). The peer itself runs in a worker thread (peer-worker-pool.ts); this side
// keeps the reader, its subscriptions and timers. The reader subscribes only once the peer is
// connected, so the cached GOP (from its keyframe) reaches the viewer at once instead of being
// lost while ICE/DTLS is still running.
import type { ConnInfo } from '../../../../shared/api';
import type { Config } from '../../../../shared/config';
import type { PathReader } from '../../core/path-requests';
import type { ReaderSink } from '../../core/format';
import type { StreamReader } from '../../core/reader';
import type { Logger } from '../../log/logger';
import type { Track } from '../../protocols/media/types';
import { createWebrtcTrackFormat, streamHasBFrames } from './format';
import { chooseH264, OfferError, profileLevelIdOfSps } from './offer-codecs';
import type { OpusLease, OpusTranscoderPool } from './opus-transcoder-pool';
import type { PeerNetwork } from './peer-network';
import type { PeerWorkerPool, ViewerPeer } from './peer-worker-pool';

/** Timestamps of a replayed GOP: frame n of the replay is n ticks after the first. */
class GopReplayClock {
  private firstTs: number | null = null;
  private lastInputTs: number | null = null;
  private frame = 0;

  /** A copy of the packet with its timestamp rewritten (RFC 3550 §5.1: bytes 4–7 of the header). */
  rewrite(packet: Buffer): Buffer {
    const ts = packet.readUInt32BE(4);
    if (this.firstTs === null) this.firstTs = ts;
    else if (ts !== this.lastInputTs) this.frame++;
    this.lastInputTs = ts;
    const copy = Buffer.from(packet);
    copy.writeUInt32BE((this.firstTs + this.frame) >>> 0, 4);
    return copy;
  }
}

export interface WhepSessionInit {
  id: string;
  remoteAddr: string;
  pathName: string;
  reader: PathReader;
  config: Config;
  log: Logger;
  handshakeTimeoutMs: number;
  /** Host candidates and UDP ports (peer-network.ts). */
  network: PeerNetwork;
  /** The viewer lost a picture (PLI/FIR): ask the publisher for a keyframe; false if it cannot be asked. */
  requestKeyframe(): boolean;
  /**
   * A viewer that sent no RTCP for this long is gone (readTimeout). werift notices a vanished
   * peer only when ICE consent expires (RFC 7675 §5.1: 30 s); browsers send RTCP every second.
   */
  idleTimeoutMs: number;
  onClosed(session: WhepSession): void;
  /** Where the werift peer runs. */
  peers: PeerWorkerPool;
  /** AAC → Opus for streams whose audio is AAC; without it such viewers get video only. */
  opusFromAac?: OpusTranscoderPool;
}

export class WhepSession {
  readonly id: string;
  readonly created = new Date();
  state: 'new' | 'connecting' | 'read' | 'closed' = 'new';
  private peer: ViewerPeer | null = null;
  private handshakeTimer: NodeJS.Timeout | null = null;
  private packetsSent = 0;
  private lastRtcp = 0;
  private bFramesWarned = false;
  private idleTimer: NodeJS.Timeout | null = null;
  private opusLease: OpusLease | null = null;
  /** The video subscription and its sink, kept to replay the GOP cache on a PLI. */
  private video: { sub: StreamReader<Buffer[]>; sink: ReaderSink<Buffer[]>; format: ReturnType<typeof createWebrtcTrackFormat> } | null = null;
  private replaying: GopReplayClock | null = null;
  private lastReplay = 0;
  keyframesReplayed = 0;

  constructor(private readonly init: WhepSessionInit) {
    this.id = init.id;
  }

  /**
   * Answers the offer. Throws OfferError when the offer cannot be served (→ 400); the caller
   * closes the session then.
   */
  async answer(offer: string): Promise<string> {
    const { reader, config, log } = this.init;
    const tracks = reader.stream.tracks;
    const videoIndex = tracks.findIndex((t) => t.kind === 'video' && t.codec === 'H264');
    if (videoIndex < 0) {
      const codecs = tracks.map((t) => t.codec).join(', ') || 'none';
      throw new OfferError(`the stream carries no H.264 video (tracks: ${codecs}); WebRTC readers need H.264`);
    }
    const video = tracks[videoIndex] as Extract<Track, { kind: 'video' }>;
    const choice = chooseH264(offer, profileLevelIdOfSps(video.sps));
    if (!choice.profileMatched) log.warn(`session ${this.id}: the offer has no H.264 entry with the stream's profile; sending it as ${choice.fmtp}`);
    const audioIndex = tracks.findIndex((t) => t.kind === 'audio' && t.codec === 'Opus');
    const aacIndex = audioIndex < 0 ? tracks.findIndex((t) => t.kind === 'audio' && t.codec === 'AAC') : -1;
    if (aacIndex >= 0 && !this.init.opusFromAac) log.info(`session ${this.id}: the stream's audio is AAC and no Opus transcoder is available; video only`);

    const peer = await this.init.peers.open(
      { offer: choice.sdp, h264Fmtp: choice.fmtp, settings: config, network: this.init.network },
      {
        onState: (state) => this.onConnectionState(state),
        onRtcp: () => { this.lastRtcp = Date.now(); },
        onPli: () => this.onPli(),
        onLost: (reason) => this.close(reason),
      },
    );
    // Closed while the peer answered (kicked, stream ended): server.ts answers 404.
    if (this.isClosed()) {
      peer.close();
      return '';
    }
    this.peer = peer;
    this.pendingStart = () => {
      if (peer.video) this.subscribe(peer, createWebrtcTrackFormat(videoIndex, 'H264'), true);
      if (peer.audio && audioIndex >= 0) this.subscribe(peer, createWebrtcTrackFormat(audioIndex, 'Opus'), false);
      else if (peer.audio && aacIndex >= 0 && this.init.opusFromAac) this.transcodeAudio(peer, aacIndex, this.init.opusFromAac);
    };
    this.state = 'connecting';
    this.handshakeTimer = setTimeout(() => this.close('ICE/DTLS handshake timed out (webrtcHandshakeTimeout)'), this.init.handshakeTimeoutMs);
    this.handshakeTimer.unref();
    return peer.answer;
  }

  private pendingStart: (() => void) | null = null;

  private subscribe(peer: ViewerPeer, format: ReturnType<typeof createWebrtcTrackFormat>, video: boolean): void {
    const stream = this.init.reader.stream;
    const track = video ? 'video' : 'audio';
    let sub: StreamReader<Buffer[]> | null = null;
    const sink: ReaderSink<Buffer[]> = {
      write: (packets: Buffer[]) => {
        if (!this.bFramesWarned && streamHasBFrames(stream)) {
          this.bFramesWarned = true;
          this.init.log.warn(`session ${this.id}: "${this.init.pathName}" carries B-frames, which browsers play wrongly over WebRTC; encode without B-frames (x264: -bf 0, OBS: "bframes=0")`);
        }
        this.packetsSent += packets.length;
        // The same array reaches every viewer: the pool sends its bytes once per thread. A
        // replay's packets are this viewer's own copies.
        const writable = peer.send(track, this.replaying ? packets.map((p) => this.replaying!.rewrite(p)) : packets);
        // The peer's thread is behind: units wait in the reader's queue (DESIGN §6) until it catches up.
        if (!writable) peer.whenWritable(() => { if (this.state !== 'closed') (video ? this.video?.sub : sub)?.resume(); });
        return writable;
      },
      end: (reason: string) => this.close(reason),
    };
    sub = this.init.reader.subscribe({ format, sink });
    if (video) this.video = { sub, sink, format };
  }

  /**
   * RFC 4585 §6.3.1: the viewer's decoder lost its reference. A WHIP publisher is asked for a
   * keyframe (server.ts, rate-limited); other publishers (RTMP cannot be asked) are answered
   * from the GOP cache, for this viewer only.
   */
  private onPli(): void {
    if (this.state === 'read' && !this.init.requestKeyframe()) this.replayGop();
  }

  /**
   * Sends the cached GOP (from its keyframe up to the newest frame) again to this viewer: a fresh
   * subscription replays it synchronously. Its frames go out one RTP tick apart, right after the
   * last frame the viewer got, so the decoder rebuilds the current picture at once without the
   * playout delay growing; werift's continuity rewrite (replaceRTP) keeps sequence numbers
   * gapless and puts the next live frame one 30 fps frame later.
   */
  private replayGop(): void {
    const stream = this.init.reader.stream;
    const now = Date.now();
    // Browsers repeat a PLI until a keyframe arrives: one replay per second is enough.
    const peer = this.peer;
    if (!this.video || !peer || this.state !== 'read' || now - this.lastReplay < 1000 || stream.gopCacheUnits === 0) return;
    const { sink, format } = this.video;
    this.lastReplay = now;
    stream.removeReader(this.video.sub as StreamReader<unknown>);
    peer.restartVideoTimeline(1);
    this.replaying = new GopReplayClock();
    try {
      const sub = this.init.reader.subscribe({ format, sink });
      this.video = { sub, sink, format };
    } catch (err) {
      // The stream ended meanwhile (publisher gone): the viewer reconnects to the next one.
      this.close(`cannot replay the GOP: ${(err as Error).message}`);
      return;
    } finally {
      this.replaying = null;
    }
    peer.restartVideoTimeline(3000);
    this.keyframesReplayed++;
  }

  /** Opus from the path's shared transcoder (started with its first WebRTC reader). */
  private transcodeAudio(peer: ViewerPeer, aacIndex: number, pool: OpusTranscoderPool): void {
    this.opusLease = pool.lease(this.init.reader.stream, aacIndex, this.init.pathName, (packet) => {
      // One packet object for all viewers of the path: sent once per thread too.
      peer.send('audio', packet);
      this.packetsSent++;
    });
  }

  private onConnectionState(state: string): void {
    if (state === 'connected' && this.pendingStart) {
      if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
      this.handshakeTimer = null;
      const start = this.pendingStart;
      this.pendingStart = null;
      this.state = 'read';
      this.lastRtcp = Date.now();
      const every = Math.max(250, Math.min(1000, this.init.idleTimeoutMs / 4));
      this.idleTimer = setInterval(() => {
        if (Date.now() - this.lastRtcp > this.init.idleTimeoutMs) this.close(`no RTCP from the viewer for ${this.init.idleTimeoutMs} ms (readTimeout)`);
      }, every);
      this.idleTimer.unref();
      this.init.log.info(`session ${this.id} from ${this.init.remoteAddr} is reading "${this.init.pathName}" over WebRTC`);
      try {
        start();
      } catch (err) {
        // The stream ended while ICE/DTLS ran (publisher gone): the viewer reconnects.
        this.close(`cannot start reading: ${(err as Error).message}`);
      }
    } else if (state === 'failed' || state === 'closed') {
      this.close(`peer connection ${state}`);
    } else if (state === 'disconnected') {
      // Consent freshness lost (RFC 7675): werift moves on to failed; nothing to do until then.
    }
  }

  /** A method, so the compiler does not narrow `state` across awaits. */
  private isClosed(): boolean {
    return this.state === 'closed';
  }

  info(): ConnInfo {
    return {
      id: this.id,
      created: this.created.toISOString(),
      remoteAddr: this.init.remoteAddr,
      peerConnectionEstablished: this.state === 'read',
      state: this.state === 'read' ? 'read' : this.state,
      path: this.init.pathName,
      query: '',
      bytesReceived: 0,
      bytesSent: this.init.reader.bytesSent,
      rtpPacketsSent: this.packetsSent,
      bFrames: streamHasBFrames(this.init.reader.stream),
      keyframesReplayed: this.keyframesReplayed,
      ...(this.peer ? { peerThread: this.peer.thread } : {}),
      ...(this.opusLease ? { audioTranscoder: this.opusLease.status() } : {}),
    };
  }

  close(reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.pendingStart = null;
    this.opusLease?.release();
    this.opusLease = null;
    this.init.reader.close();
    this.peer?.close();
    this.peer = null;
    this.init.log.info(`session ${this.id} of "${this.init.pathName}" closed: ${reason}`);
    this.init.onClosed(this);
  }
}
