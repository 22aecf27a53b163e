// AAC over RTP as mpeg4-generic, mode AAC-hbr (RFC 3640 §3.3.6): a 16-bit AU-headers-length,
// then one 16-bit AU-header per access unit (13-bit AU-size, 3-bit AU-index / AU-index-delta,
// both 0 since units are consecutive), then the units. A unit too large for one packet is
// fragmented (§3.2.3): each fragment repeats the AU-header with the whole unit's size.
import { parseAudioSpecificConfig } from '../aac/audio-specific-config';
import type { AccessUnit, AudioTrack } from '../media/types';
import { RtpError } from './errors';
import { RTP_HEADER_SIZE } from './packet';
import type { RtpPacketizer } from './packetizer';
import { RtpSequencer, type RtpPacketizerOptions } from './rtp-sequencer';

/** AU-headers-length field + one AU-header, in bytes. */
const AU_HEADERS_LENGTH_SIZE = 2;
const AU_HEADER_SIZE = 2;
/** The 13-bit AU-size field of AAC-hbr. */
export const AAC_HBR_MAX_AU_SIZE = 0x1fff;

/**
 * Duration of one AAC frame in RTP clock ticks: 1024 (or 960) core samples, scaled when the
 * clock runs at the SBR output rate (HE-AAC at 44.1 kHz over a 22.05 kHz core: 2048 ticks).
 */
export function aacFrameLength(track: AudioTrack): number {
  if (!track.config) return 1024;
  try {
    const asc = parseAudioSpecificConfig(track.config);
    return Math.round((asc.frameLength * track.clockRate) / asc.sampleRate);
  } catch {
    return 1024;
  }
}

export class AacPacketizer implements RtpPacketizer {
  private readonly seq: RtpSequencer;
  /** Ticks per frame, to check that units packed together are consecutive. */
  readonly frameLength: number;

  constructor(track: AudioTrack, opts: RtpPacketizerOptions) {
    this.seq = new RtpSequencer(opts, track.clockRate);
    this.frameLength = aacFrameLength(track);
  }

  get ssrc(): number { return this.seq.ssrc; }
  get payloadType(): number { return this.seq.payloadType; }
  get clockRate(): number { return this.seq.clockRate; }
  get nextSequenceNumber(): number { return this.seq.nextSequenceNumber; }
  get lastTimestamp(): number | undefined { return this.seq.lastTimestamp; }
  rtpTimestamp(pts: number): number { return this.seq.rtpTimestamp(pts); }
  rebase(nextPts: number, gap = Math.round(this.seq.clockRate / 50)): void { this.seq.rebase(nextPts, gap); }

  packetize(au: AccessUnit): Buffer[] {
    return this.packetizeFrames([au]);
  }

  /**
   * Packs consecutive frames (each `frameLength` after the previous) into as few packets as fit;
   * a live server sends each frame at once, a file sender may batch. Marker set on every packet
   * that ends a unit (§3.2.3: 1 on complete units, on the last fragment only otherwise).
   */
  packetizeFrames(aus: readonly AccessUnit[]): Buffer[] {
    const max = this.seq.maxRtpPayloadSize;
    const out: Buffer[] = [];
    let group: Buffer[] = [];
    let groupPts = 0;
    let groupSize = AU_HEADERS_LENGTH_SIZE;
    const flush = () => {
      if (group.length > 0) out.push(this.unitsPacket(group, groupPts));
      group = [];
      groupSize = AU_HEADERS_LENGTH_SIZE;
    };
    for (const au of aus) {
      const frame = au.payload;
      if (!frame || frame.length === 0) continue;
      if (frame.length > AAC_HBR_MAX_AU_SIZE) {
        throw new RtpError('TOO_LARGE', `AAC frame of ${frame.length} bytes exceeds the 13-bit AU-size of AAC-hbr (${AAC_HBR_MAX_AU_SIZE})`);
      }
      const added = AU_HEADER_SIZE + frame.length;
      const consecutive = group.length > 0 && au.pts === groupPts + group.length * this.frameLength;
      if (group.length > 0 && (!consecutive || groupSize + added > max)) flush();
      if (AU_HEADERS_LENGTH_SIZE + added > max) {
        this.fragment(frame, au.pts, out);
        continue;
      }
      if (group.length === 0) groupPts = au.pts;
      group.push(frame);
      groupSize += added;
    }
    flush();
    return out;
  }

  private unitsPacket(frames: Buffer[], pts: number): Buffer {
    let size = AU_HEADERS_LENGTH_SIZE + frames.length * AU_HEADER_SIZE;
    for (const f of frames) size += f.length;
    const p = this.seq.packet(size, true, this.seq.rtpTimestamp(pts));
    let pos = RTP_HEADER_SIZE;
    p.writeUInt16BE(frames.length * AU_HEADER_SIZE * 8, pos); // length in bits
    pos += AU_HEADERS_LENGTH_SIZE;
    for (const f of frames) {
      p.writeUInt16BE(f.length << 3, pos); // AU-size, AU-index(-delta) 0
      pos += AU_HEADER_SIZE;
    }
    for (const f of frames) pos += f.copy(p, pos);
    return p;
  }

  private fragment(frame: Buffer, pts: number, out: Buffer[]): void {
    const chunk = this.seq.maxRtpPayloadSize - AU_HEADERS_LENGTH_SIZE - AU_HEADER_SIZE;
    const ts = this.seq.rtpTimestamp(pts);
    for (let pos = 0; pos < frame.length; pos += chunk) {
      const n = Math.min(chunk, frame.length - pos);
      const last = pos + n === frame.length;
      const p = this.seq.packet(AU_HEADERS_LENGTH_SIZE + AU_HEADER_SIZE + n, last, ts);
      p.writeUInt16BE(AU_HEADER_SIZE * 8, RTP_HEADER_SIZE);
      p.writeUInt16BE(frame.length << 3, RTP_HEADER_SIZE + 2);
      frame.copy(p, RTP_HEADER_SIZE + 4, pos, pos + n);
      out.push(p);
    }
  }
}
