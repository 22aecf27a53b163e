// The depacketizer contract and its factory: RTP packets in (from a publisher over UDP or TCP),
// access units out, in the stream model's units (track clock, starting near 0).
import type { AccessUnit, Track } from '../media/types';
import { AacDepacketizer, type AacDepacketizerOptions } from './aac-depacketizer';
import { RtpError } from './errors';
import { H264Depacketizer } from './h264-depacketizer';
import { H265Depacketizer } from './h265-depacketizer';
import { OpusDepacketizer } from './opus-depacketizer';
import type { ParsedRtp } from './packet';

export interface RtpDepacketizerStats {
  /** Packets received (valid RTP, any payload). */
  packets: number;
  /** Sequence numbers never received (given up on). */
  lostPackets: number;
  /** Packets that arrived after later ones and were put back in order. */
  reordered: number;
  /** Late or duplicate packets thrown away. */
  discarded: number;
  /** Packets whose RTP header or payload format was malformed or unsupported. */
  invalidPackets: number;
  /** Access units dropped: incomplete, or waiting for a keyframe after a loss. */
  droppedUnits: number;
  /** The last malformed-input error, for logging. */
  lastError?: RtpError;
}

export interface RtpDepacketizer {
  /**
   * Feeds one packet; returns the access units it completes (usually 0 or 1). Never throws on
   * malformed input: the packet is counted in stats.invalidPackets and the unit it belonged to
   * is dropped.
   */
  push(packet: Buffer | ParsedRtp): AccessUnit[];
  /**
   * The source ended (TEARDOWN, timeout): stop waiting for missing packets, deliver what the
   * reorder buffer holds and return the units that completes. push() may continue afterwards.
   */
  flush(): AccessUnit[];
  readonly stats: RtpDepacketizerStats;
}

export interface RtpDepacketizerOptions {
  /** Reorder window in packets (default 64; 0 for TCP, where packets cannot reorder). */
  reorderWindow?: number;
  /**
   * Longest wait for a missing packet, in seconds of media time: a gap is given up once a packet
   * this much later arrives (default 0.25; 0: only the window counts).
   */
  reorderMaxDelay?: number;
  /** Largest access unit accepted, in bytes (default 8 MiB); a hostile peer cannot grow it further. */
  maxAccessUnitSize?: number;
}

/** opts may carry the AAC AU-header layout (sdp-fmtp aacHeaderLayout); other codecs ignore it. */
export function createDepacketizer(track: Track, trackIndex: number, opts: AacDepacketizerOptions = {}): RtpDepacketizer {
  if (track.kind === 'video') {
    if (track.codec === 'H264') return new H264Depacketizer(trackIndex, opts, track.sps);
    if (track.codec === 'H265') return new H265Depacketizer(trackIndex, opts, track.sps);
  } else {
    if (track.codec === 'AAC') return new AacDepacketizer(track, trackIndex, opts);
    if (track.codec === 'Opus') return new OpusDepacketizer(trackIndex, opts);
  }
  throw new RtpError('UNSUPPORTED', `no RTP depacketizer for ${track.kind} codec ${track.codec}`);
}
