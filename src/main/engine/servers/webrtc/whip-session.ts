// One WHIP publisher (RFC 9725 §4.1): a werift peer whose received RTP is depacketized with our
// RTP code (engine/protocols/rtp) into access units of a path stream, readable over every other
// protocol. The stream starts at the first H.264 keyframe that brings its SPS/PPS (WebRTC has no
// sprop-parameter-sets), which we ask for with a PLI as soon as the track arrives.
import type { ConnInfo } from '../../../../shared/api';
import type { Config } from '../../../../shared/config';
import type { PathPublisher } from '../../core/path-requests';
import type { Stream } from '../../core/stream';
import type { Logger } from '../../log/logger';
import { h264CodecString } from '../../protocols/h264/codec-string';
import { H264NalType } from '../../protocols/h264/nal-units';
import { parseH264Sps } from '../../protocols/h264/sps';
import type { AccessUnit, AudioTrack, Track, VideoTrack } from '../../protocols/media/types';
import { createDepacketizer, type RtpDepacketizer } from '../../protocols/rtp/depacketizer';
import { chooseH264, OfferError } from './offer-codecs';
import { createPeer, setLocalAndGather } from './peer';
import type { PeerNetwork } from './peer-network';
import type { MediaStreamTrack, RTCPeerConnection } from 'werift';

export interface WhipSessionInit {
  id: string;
  remoteAddr: string;
  pathName: string;
  publisher: PathPublisher;
  config: Config;
  log: Logger;
  handshakeTimeoutMs: number;
  /** Host candidates and UDP ports (peer-network.ts). */
  network: PeerNetwork;
  /** No media for this long ends the session (readTimeout). */
  idleTimeoutMs: number;
  onClosed(session: WhipSession): void;
}

const OPUS: AudioTrack = { kind: 'audio', codec: 'Opus', clockRate: 48000, channels: 2, codecString: 'opus' };

export class WhipSession {
  readonly id: string;
  readonly created = new Date();
  state: 'new' | 'connecting' | 'publish' | 'closed' = 'new';
  private pc: RTCPeerConnection | null = null;
  private stream: Stream | null = null;
  private hasAudio = false;
  /** The handshake timeout, then the media watchdog. */
  private timer: NodeJS.Timeout | null = null;
  private lastPacket = 0;
  private bytesReceived = 0;
  private videoSsrc: number | undefined;
  private lastPli = 0;

  constructor(private readonly init: WhipSessionInit) {
    this.id = init.id;
  }

  async answer(offer: string): Promise<string> {
    const { config } = this.init;
    // Any packetization-mode=1 entry will do for ingest; the publisher picks its own profile.
    const choice = chooseH264(offer, undefined);
    this.hasAudio = /\r?\nm=audio /.test(choice.sdp) && /a=rtpmap:\d+ opus\/48000/i.test(choice.sdp);
    const pc = createPeer(config, { h264Fmtp: choice.fmtp }, this.init.network);
    this.pc = pc;
    pc.connectionStateChange.subscribe((state) => {
      if (state === 'connected' && this.state === 'connecting') {
        this.state = 'publish';
        if (this.timer) clearTimeout(this.timer);
        this.lastPacket = Date.now();
        this.timer = setInterval(() => {
          if (Date.now() - this.lastPacket > this.init.idleTimeoutMs) this.close(`no media from the publisher for ${this.init.idleTimeoutMs} ms (readTimeout)`);
        }, Math.max(250, Math.min(1000, this.init.idleTimeoutMs / 4)));
        this.timer.unref();
        this.init.log.info(`session ${this.id} from ${this.init.remoteAddr} is publishing to "${this.init.pathName}" over WebRTC`);
      } else if (state === 'failed' || state === 'closed') {
        this.close(`peer connection ${state}`);
      }
    });
    pc.onTrack.subscribe((track) => this.onTrack(track));
    await pc.setRemoteDescription({ type: 'offer', sdp: choice.sdp });
    for (const t of pc.getTransceivers()) t.setDirection('recvonly');
    await setLocalAndGather(pc, await pc.createAnswer(), this.init.network);
    await new Promise<void>((resolve) => {
      if (pc.iceGatheringState === 'complete') return resolve();
      const { unSubscribe } = pc.iceGatheringStateChange.subscribe((s) => { if (s === 'complete') { unSubscribe(); resolve(); } });
    });
    this.state = 'connecting';
    this.timer = setTimeout(() => this.close('ICE/DTLS handshake timed out (webrtcHandshakeTimeout)'), this.init.handshakeTimeoutMs);
    this.timer.unref();
    const sdp = pc.localDescription?.sdp;
    if (!sdp) throw new OfferError('werift produced no answer for this offer');
    return sdp;
  }

  private onTrack(track: MediaStreamTrack): void {
    // Track indexes of the stream we announce: video 0, audio 1.
    const depacketizer: RtpDepacketizer = track.kind === 'video'
      ? createDepacketizer({ kind: 'video', codec: 'H264', clockRate: 90000 }, 0)
      : createDepacketizer(OPUS, 1);
    track.onReceiveRtp.subscribe((rtp) => {
      if (this.state === 'closed') return;
      if (track.kind === 'video' && this.videoSsrc === undefined) {
        // werift learns the SSRC from the first packet: ask for a keyframe now rather than at
        // the publisher's next GOP.
        this.videoSsrc = rtp.header.ssrc;
        this.requestKeyframe();
      }
      this.lastPacket = Date.now();
      this.bytesReceived += rtp.payload.length;
      for (const au of depacketizer.push(rtp.serialize())) this.write(au);
    });
  }

  private write(au: AccessUnit): void {
    if (!this.stream) {
      if (au.track !== 0 || !au.key || !au.nalus) return;
      const sps = au.nalus.find((n) => (n[0] & 0x1f) === H264NalType.Sps);
      const pps = au.nalus.find((n) => (n[0] & 0x1f) === H264NalType.Pps);
      if (!sps || !pps) return;
      const video: VideoTrack = { kind: 'video', codec: 'H264', clockRate: 90000, sps, pps };
      try {
        const info = parseH264Sps(sps);
        video.width = info.width;
        video.height = info.height;
        video.codecString = h264CodecString(sps);
      } catch (err) {
        this.init.log.warn(`session ${this.id}: the publisher's SPS does not parse (${(err as Error).message}); carried as is`);
      }
      const tracks: Track[] = this.hasAudio ? [video, OPUS] : [video];
      this.stream = this.init.publisher.setTracks(tracks);
    }
    this.stream.writeUnit(au);
  }

  /** Sends the publisher a PLI (RFC 4585 §6.3.1), at most one a second whoever asks. */
  requestKeyframe(): void {
    const now = Date.now();
    if (this.videoSsrc === undefined || now - this.lastPli < 1000) return;
    this.lastPli = now;
    const receiver = this.pc?.getTransceivers().find((t) => t.kind === 'video')?.receiver;
    receiver?.sendRtcpPLI(this.videoSsrc).catch(() => { /* closing */ });
  }

  info(): ConnInfo {
    return {
      id: this.id,
      created: this.created.toISOString(),
      remoteAddr: this.init.remoteAddr,
      peerConnectionEstablished: this.state === 'publish',
      state: this.state,
      path: this.init.pathName,
      query: '',
      bytesReceived: this.bytesReceived,
      bytesSent: 0,
    };
  }

  close(reason: string): void {
    if (this.state === 'closed') return;
    this.state = 'closed';
    if (this.timer) { clearTimeout(this.timer); clearInterval(this.timer); }
    this.init.publisher.close(reason);
    const pc = this.pc;
    this.pc = null;
    if (pc) pc.close().catch(() => { /* already closing */ });
    this.init.log.info(`session ${this.id} publishing to "${this.init.pathName}" closed: ${reason}`);
    this.init.onClosed(this);
  }
}
