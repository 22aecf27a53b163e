// AAC from RTP mpeg4-generic (RFC 3640 §3.2–3.3): AU-headers-length, AU-headers (AU-size,
// AU-index / AU-index-delta; no CTS/DTS/RAP fields, as in AAC-hbr and AAC-lbr), then the units,
// or one fragment of a unit too large for one packet (§3.2.3).
import type { AccessUnit, AudioTrack } from '../media/types';
import { aacFrameLength } from './aac-packetizer';
import type { RtpDepacketizerOptions } from './depacketizer';
import { RtpError } from './errors';
import type { RtpPacket } from './packet';
import { RtpReceiverBase } from './rtp-receiver';

export interface AacDepacketizerOptions extends RtpDepacketizerOptions {
  /** fmtp sizelength / indexlength / indexdeltalength: 13/3/3 for AAC-hbr, 6/2/2 for AAC-lbr. */
  sizeLength?: number;
  indexLength?: number;
  indexDeltaLength?: number;
}

export class AacDepacketizer extends RtpReceiverBase {
  private readonly sizeLength: number;
  private readonly indexLength: number;
  private readonly indexDeltaLength: number;
  private readonly frameLength: number;
  private fragment: { timestamp: number; size: number; parts: Buffer[]; received: number } | undefined;
  /** Timestamp of the last fragmented unit given up, whose remaining fragments are skipped. */
  private abandoned: number | undefined;
  /** At the start and after a loss a fragment may be a middle one: a mismatch is then a loss, not an error. */
  private uncertain = true;

  constructor(track: AudioTrack, trackIndex: number, opts: AacDepacketizerOptions = {}) {
    super(trackIndex, track.clockRate, opts);
    this.sizeLength = opts.sizeLength ?? 13;
    this.indexLength = opts.indexLength ?? 3;
    this.indexDeltaLength = opts.indexDeltaLength ?? 3;
    // A zero-width AU-header would never advance through the header section.
    for (const [name, v, min] of [['sizelength', this.sizeLength, 1], ['indexlength', this.indexLength, 0], ['indexdeltalength', this.indexDeltaLength, 0]] as const) {
      if (!Number.isInteger(v) || v < min || v > 32) throw new RtpError('INVALID', `mpeg4-generic ${name}=${v}; must be ${min}–32`);
    }
    this.frameLength = aacFrameLength(track);
  }

  protected onLoss(): void {
    if (this.fragment) this.abandon(this.fragment.timestamp);
    this.uncertain = true;
  }

  private abandon(timestamp: number): void {
    this.stats.droppedUnits++;
    this.abandoned = timestamp;
    this.fragment = undefined;
  }

  protected onPacket(p: RtpPacket, pts: number, out: AccessUnit[]): void {
    const payload = p.payload;
    if (payload.length < 2) throw new RtpError('INVALID', 'mpeg4-generic payload without AU-headers-length');
    const headersBits = payload.readUInt16BE(0);
    const headersEnd = 2 + Math.ceil(headersBits / 8);
    if (headersEnd > payload.length) throw new RtpError('INVALID', `AU-headers of ${headersBits} bits run past the packet`);
    const sizes: number[] = [];
    let bit = 16;
    const endBit = 16 + headersBits;
    while (bit < endBit) {
      const indexBits = sizes.length === 0 ? this.indexLength : this.indexDeltaLength;
      if (bit + this.sizeLength + indexBits > endBit) throw new RtpError('INVALID', 'AU-header truncated');
      sizes.push(readBits(payload, bit, this.sizeLength));
      bit += this.sizeLength + indexBits;
    }
    if (sizes.length === 0) throw new RtpError('INVALID', 'mpeg4-generic packet without AU-headers');
    const data = payload.subarray(headersEnd);

    // §3.2.3: one AU-header whose AU-size exceeds the data is a fragment.
    if (sizes.length === 1 && (sizes[0] > data.length || this.fragment)) {
      const size = sizes[0];
      if (!this.fragment && p.timestamp === this.abandoned) return; // the rest of a dropped unit
      if (!this.fragment) this.fragment = { timestamp: p.timestamp, size, parts: [], received: 0 };
      const f = this.fragment;
      let problem: string | undefined;
      if (f.size !== size || f.timestamp !== p.timestamp || f.received + data.length > size) {
        problem = 'mpeg4-generic fragment does not continue the unit in progress';
      } else {
        f.parts.push(data);
        f.received += data.length;
        if (f.received < size && p.marker) problem = `AAC unit ended at ${f.received} of ${size} bytes`;
        else if (f.received < size) return;
      }
      if (problem) {
        this.abandon(p.timestamp);
        if (!this.uncertain) throw new RtpError('INVALID', problem);
        return;
      }
      this.fragment = undefined;
      this.uncertain = false;
      out.push({ track: this.trackIndex, dts: pts, pts, key: true, payload: Buffer.concat(f.parts, size) });
      return;
    }

    let total = 0;
    for (const s of sizes) total += s;
    if (total > data.length) throw new RtpError('INVALID', `AU sizes add up to ${total} bytes, the packet holds ${data.length}`);
    this.uncertain = false;
    let pos = 0;
    for (let i = 0; i < sizes.length; i++) {
      // §3.2.1: units in one packet follow each other, one frame apart.
      const t = pts + i * this.frameLength;
      out.push({ track: this.trackIndex, dts: t, pts: t, key: true, payload: data.subarray(pos, pos + sizes[i]) });
      pos += sizes[i];
    }
  }
}

function readBits(buf: Buffer, bitPos: number, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) {
    const b = bitPos + i;
    v = v * 2 + ((buf[b >> 3] >> (7 - (b & 7))) & 1);
  }
  return v;
}
