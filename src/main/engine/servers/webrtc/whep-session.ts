// One WHEP viewer: a werift peer fed from a path reader (RFC 9725 §4.2 for the HTTP half, which
// server.ts owns). The reader subscribes only once the peer is connected, so the cached GOP (from
// its keyframe) reaches the viewer at once instead of being lost while ICE/DTLS is still running.
import type { ConnInfo } from '../../../../shared/api';
import type { Config } from '../../../../shared/config';
import type { PathReader } from '../../core/path-requests';
import type { StreamReader } from '../../core/reader';
import type { Logger } from '../../log/logger';
import type { Track } from '../../protocols/media/types';
import { createWebrtcTrackFormat, streamHasBFrames } from './format';
import { chooseH264, OfferError, profileLevelIdOfSps } from './offer-codecs';
import { createPeer } from './peer';
import type { RTCPeerConnection, RTCRtpTransceiver } from 'werift';

export interface WhepSessionInit {
  id: string;
  remoteAddr: string;
  pathName: string;
  reader: PathReader;
  config: Config;
  log: Logger;
  handshakeTimeoutMs: number;
  /** The viewer lost a picture (PLI/FIR): ask the publisher for a keyframe if it can be asked. */
  requestKeyframe(): void;
  /**
   * A viewer that sent no RTCP for this long is gone (readTimeout). werift notices a vanished
   * peer only when ICE consent expires (RFC 7675 §5.1: 30 s); browsers send RTCP every second.
   */
  idleTimeoutMs: number;
  onClosed(session: WhepSession): void;
}

export class WhepSession {
  readonly id: string;
  readonly created = new Date();
  state: 'new' | 'connecting' | 'read' | 'closed' = 'new';
  private pc: RTCPeerConnection | null = null;
  private subs: StreamReader<Buffer[]>[] = [];
  private handshakeTimer: NodeJS.Timeout | null = null;
  private packetsSent = 0;
  private lastRtcp = 0;
  private bFramesWarned = false;
  private idleTimer: NodeJS.Timeout | null = null;

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
    const aac = tracks.find((t) => t.kind === 'audio' && t.codec === 'AAC');
    if (aac) log.info(`session ${this.id}: AAC audio is not sent to WebRTC readers yet (no Opus transcoder); video only`);

    const pc = createPeer(config, { h264Fmtp: choice.fmtp });
    this.pc = pc;
    pc.connectionStateChange.subscribe((state) => this.onConnectionState(state));
    await pc.setRemoteDescription({ type: 'offer', sdp: choice.sdp });
    let videoSender: RTCRtpTransceiver | undefined;
    let audioSender: RTCRtpTransceiver | undefined;
    for (const t of pc.getTransceivers()) {
      t.setDirection('sendonly');
      if (t.kind === 'video' && !videoSender) videoSender = t;
      else if (t.kind === 'audio' && !audioSender) audioSender = t;
    }
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    await this.gatheringComplete(pc);
    this.pendingStart = () => {
      if (videoSender) this.subscribe(videoSender, createWebrtcTrackFormat(videoIndex, 'H264'));
      if (audioSender && audioIndex >= 0) this.subscribe(audioSender, createWebrtcTrackFormat(audioIndex, 'Opus'));
    };
    this.state = 'connecting';
    this.handshakeTimer = setTimeout(() => this.close('ICE/DTLS handshake timed out (webrtcHandshakeTimeout)'), this.init.handshakeTimeoutMs);
    this.handshakeTimer.unref();
    const sdp = pc.localDescription?.sdp;
    if (!sdp) throw new Error('werift produced no local description');
    return sdp;
  }

  private pendingStart: (() => void) | null = null;

  private subscribe(transceiver: RTCRtpTransceiver, format: ReturnType<typeof createWebrtcTrackFormat>): void {
    const sender = transceiver.sender;
    sender.onRtcp.subscribe(() => { this.lastRtcp = Date.now(); });
    // RFC 4585 §6.3.1: the viewer's decoder lost its reference. An RTMP publisher cannot be asked;
    // a WHIP publisher can (server.ts forwards it, rate-limited).
    sender.onPictureLossIndication.subscribe(() => this.init.requestKeyframe());
    const stream = this.init.reader.stream;
    this.subs.push(this.init.reader.subscribe({
      format,
      sink: {
        write: (packets) => {
          if (!this.bFramesWarned && streamHasBFrames(stream)) {
            this.bFramesWarned = true;
            this.init.log.warn(`session ${this.id}: "${this.init.pathName}" carries B-frames, which browsers play wrongly over WebRTC; encode without B-frames (x264: -bf 0, OBS: "bframes=0")`);
          }
          for (const p of packets) {
            // UDP has no backpressure to report: werift sends or drops; the core never waits.
            sender.sendRtp(p).catch(() => { /* peer closing */ });
          }
          this.packetsSent += packets.length;
          return true;
        },
        end: (reason) => this.close(reason),
      },
    }));
  }

  /** Every host candidate must be in the answer: browsers may never trickle (DESIGN §9). */
  private gatheringComplete(pc: RTCPeerConnection): Promise<void> {
    if (pc.iceGatheringState === 'complete') return Promise.resolve();
    return new Promise((resolve) => {
      const { unSubscribe } = pc.iceGatheringStateChange.subscribe((s) => {
        if (s === 'complete') { unSubscribe(); resolve(); }
      });
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
    };
  }

  close(reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.handshakeTimer) clearTimeout(this.handshakeTimer);
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.pendingStart = null;
    this.init.reader.close();
    const pc = this.pc;
    this.pc = null;
    if (pc) pc.close().catch(() => { /* already closing */ });
    this.init.log.info(`session ${this.id} of "${this.init.pathName}" closed: ${reason}`);
    this.init.onClosed(this);
  }
}
