// One RTSP session (RFC 2326 §3, §A.1): created by the first SETUP (or by ANNOUNCE), ended by
// TEARDOWN, its connection closing, or the core (kick, override, reload). It either reads a path
// (PLAY) or publishes into one (RECORD). What it holds is what /v3/rtspsessions shows.
import { randomBytes, randomUUID } from 'node:crypto';
import { mediamtxCodecName, type PathPublisher, type PathReader, type Stream, type StreamReader } from '../../core';
import type { RtpDepacketizer } from '../../protocols/rtp/depacketizer';
import type { AccessUnit, Track } from '../../protocols/media/types';
import type { AnnouncedMedia } from './media-description';

export type RtspSessionState = 'initial' | 'prePlay' | 'play' | 'preRecord' | 'record';

/** One SETUP: a track and how its packets travel. */
export interface RtspSetup {
  trackIndex: number;
  /** The URL the client used in SETUP (echoed in RTP-Info). */
  url: string;
  /** TCP interleaved channels (RTP, RTCP); for UDP, the key the RTP-Info lookup uses. */
  interleaved: [number, number];
  /** UDP: the client's RTP and RTCP ports. */
  clientPort?: [number, number];
}

/** MediaMTX /v3/rtspsessions item. */
export type RtspSessionInfo = {
  id: string;
  created: string;
  remoteAddr: string;
  state: 'idle' | 'read' | 'publish';
  path: string;
  query: string;
  transport: string | null;
  bytesReceived: number;
  bytesSent: number;
  inboundBytes: number;
  outboundBytes: number;
  rtpPacketsReceived: number;
  rtpPacketsLost: number;
};

export class RtspSession {
  /** API id. */
  readonly id = randomUUID();
  /** The Session header value: random and unguessable, distinct from the API id. */
  readonly secret = randomBytes(8).toString('hex');
  readonly created = new Date();
  state: RtspSessionState = 'initial';
  path = '';
  query = '';
  transport: 'TCP' | 'UDP' | null = null;
  readonly setups = new Map<number, RtspSetup>();
  reader?: PathReader;
  stream?: Stream;
  /** The subscription while playing (TCP: Buffer items; UDP: packet lists). */
  sub?: StreamReader<unknown>;
  publisher?: PathPublisher;
  announced?: { media: AnnouncedMedia[]; tracks: Track[] };
  /** Record: RTP channel → depacketizer. */
  readonly depacketizers = new Map<number, RtpDepacketizer>();
  bytesReceived = 0;
  bytesSent = 0;
  /** Last sign of life over UDP (request, RTP, RTCP), ms; UDP sessions time out without it. */
  lastActivity = Date.now();
  /** Undo steps run on release (UDP routes). */
  readonly cleanups: (() => void)[] = [];

  // Record: each depacketizer starts its track at 0; these put the tracks on one timeline.
  private ingestStartMs: number | undefined;
  private readonly ingestOffsets = new Map<number, number>();

  constructor(readonly remoteAddr: string) {}

  /**
   * Record: one depacketized unit into the stream. A track's first unit is placed at the wall
   * time elapsed since the session's first unit (as gortsplib's global RTP time decoder does
   * without NTP), so audio and video that start together stay together.
   */
  ingest(au: AccessUnit, nowMs = Date.now()): void {
    const stream = this.stream;
    if (!stream) return;
    let offset = this.ingestOffsets.get(au.track);
    if (offset === undefined) {
      this.ingestStartMs ??= nowMs;
      const clockRate = stream.tracks[au.track]?.clockRate ?? 90000;
      offset = Math.round(((nowMs - this.ingestStartMs) * clockRate) / 1000) - au.dts;
      this.ingestOffsets.set(au.track, offset);
    }
    if (offset !== 0) {
      au.dts += offset;
      au.pts += offset;
    }
    stream.writeUnit(au);
  }

  info(): RtspSessionInfo {
    let received = 0;
    let lost = 0;
    for (const d of this.depacketizers.values()) {
      received += d.stats.packets;
      lost += d.stats.lostPackets;
    }
    return {
      id: this.id,
      created: this.created.toISOString(),
      remoteAddr: this.remoteAddr,
      state: this.state === 'play' ? 'read' : this.state === 'record' ? 'publish' : 'idle',
      path: this.path,
      query: this.query.replace(/(^|&)(pass|password)=[^&]*/gi, '$1$2=***'),
      transport: this.transport,
      bytesReceived: this.bytesReceived,
      bytesSent: this.bytesSent,
      inboundBytes: this.bytesReceived,
      outboundBytes: this.bytesSent,
      rtpPacketsReceived: received,
      rtpPacketsLost: lost,
    };
  }

  /** Ends reading/publishing; the session object is then dropped by its connection. */
  release(reason: string): void {
    for (const c of this.cleanups.splice(0)) c();
    if (this.sub && this.stream) this.stream.removeReader(this.sub);
    this.sub = undefined;
    this.reader?.close();
    this.reader = undefined;
    this.publisher?.close(reason);
    this.publisher = undefined;
    this.stream = undefined;
  }
}

/** "2 tracks (H264, MPEG-4 Audio)", as the other servers log it. */
export function describeTracks(tracks: readonly Track[]): string {
  return `${tracks.length} track${tracks.length === 1 ? '' : 's'} (${tracks.map((t) => mediamtxCodecName(t)).join(', ')})`;
}
