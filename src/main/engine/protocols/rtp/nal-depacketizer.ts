// Access unit assembly shared by H.264 and H.265: packets with one RTP timestamp form one unit,
// which ends at the marker bit (RFC 6184 §5.1, RFC 7798 §4.1) or when the timestamp changes.
// A unit touched by loss or a malformed payload is dropped, and so is everything after it until
// the next keyframe, since P-frames referencing a damaged picture only spread the damage.
import type { AccessUnit } from '../media/types';
import type { RtpDepacketizerOptions } from './depacketizer';
import { RtpError } from './errors';
import type { RtpPacket } from './packet';
import { RtpReceiverBase } from './rtp-receiver';

const DEFAULT_MAX_ACCESS_UNIT_SIZE = 8 * 1024 * 1024;

export abstract class NalUnitDepacketizer extends RtpReceiverBase {
  private readonly maxAccessUnitSize: number;
  private auTimestamp: number | undefined;
  private auPts = 0;
  private nalus: Buffer[] = [];
  private auSize = 0;
  private broken = false;
  private lossPending = false;
  /** Start with a keyframe: a decoder cannot use anything before one. */
  private waitingForKey = true;
  /** A unit has ended before, so the next packet starts a unit (no lost head to fear). */
  private afterUnitEnd = false;
  private fragment: Buffer[] | undefined;
  private fragmentSize = 0;

  constructor(trackIndex: number, opts: RtpDepacketizerOptions) {
    super(trackIndex, 90000, opts);
    this.maxAccessUnitSize = opts.maxAccessUnitSize ?? DEFAULT_MAX_ACCESS_UNIT_SIZE;
  }

  /** Splits one payload into NAL units (addNalUnit) or fragments (fragmentStart/Part). */
  protected abstract readPayload(payload: Buffer): void;
  protected abstract isKey(nalus: readonly Buffer[]): boolean;
  /**
   * Whether a payload begins an access unit: a delimiter, parameter set or SEI, or the first
   * slice of a picture. The first unit received is only trusted then, since its first packets may
   * have been missed; starting at the first slice can lose only non-VCL units before it (which
   * the SDP's parameter sets stand in for), never part of the picture.
   */
  protected abstract beginsAccessUnit(payload: Buffer): boolean;
  /** RTP carries presentation time only: the decode time of a complete unit, from its SPS. */
  protected abstract decodeTime(nalus: readonly Buffer[], pts: number): number;

  protected onPacket(p: RtpPacket, pts: number, out: AccessUnit[]): void {
    const lossBefore = this.lossPending;
    this.lossPending = false;
    if (this.auTimestamp !== undefined && p.timestamp !== this.auTimestamp) this.finish(out);
    if (this.auTimestamp === undefined) {
      this.auTimestamp = p.timestamp;
      this.auPts = pts;
      // Packets lost just before this one may have been this unit's first ones.
      this.broken = lossBefore || (!this.afterUnitEnd && !this.beginsAccessUnit(p.payload));
    }
    // A broken unit will be dropped: its later fragments need no checking.
    if (!this.broken) {
      try {
        this.readPayload(p.payload);
      } catch (e) {
        // Only this unit is damaged; the marker still ends it.
        this.broken = true;
        this.fragment = undefined;
        if (p.marker) this.finish(out);
        throw e;
      }
    }
    if (p.marker) this.finish(out);
  }

  /** Handled in onPacket: unlike a loss, a malformed packet says nothing about the next unit. */
  protected override onInvalidPayload(): void {}

  protected onLoss(): void {
    if (this.auTimestamp !== undefined) this.broken = true;
    this.lossPending = true;
    this.fragment = undefined;
  }

  protected override endOfSource(out: AccessUnit[]): void {
    this.finish(out);
    // A new sender: its first unit is judged like the very first one.
    this.lossPending = false;
    this.afterUnitEnd = false;
  }

  protected addNalUnit(nal: Buffer): void {
    if (this.fragment) throw new RtpError('INVALID', 'a fragmented NAL unit ended without its end fragment');
    if (nal.length === 0) throw new RtpError('INVALID', 'empty NAL unit');
    this.grow(nal.length);
    this.nalus.push(nal);
  }

  protected fragmentStart(header: Buffer, data: Buffer): void {
    if (this.fragment) throw new RtpError('INVALID', 'a fragmented NAL unit started before the previous one ended');
    this.grow(header.length + data.length);
    this.fragment = [header, data];
    this.fragmentSize = header.length + data.length;
  }

  protected fragmentPart(data: Buffer, end: boolean): void {
    if (!this.fragment) {
      // Its start came before the first packet we received (losses are reported otherwise).
      this.broken = true;
      return;
    }
    this.grow(data.length);
    this.fragment.push(data);
    this.fragmentSize += data.length;
    if (end) {
      const nal = Buffer.concat(this.fragment, this.fragmentSize);
      this.fragment = undefined;
      this.auSize -= nal.length; // counted fragment by fragment already
      this.addNalUnit(nal);
    }
  }

  private grow(n: number): void {
    this.auSize += n;
    if (this.auSize > this.maxAccessUnitSize) {
      throw new RtpError('TOO_LARGE', `access unit exceeds ${this.maxAccessUnitSize} bytes`);
    }
  }

  private finish(out: AccessUnit[]): void {
    if (this.auTimestamp === undefined) return;
    this.afterUnitEnd = true;
    const pts = this.auPts;
    const nalus = this.nalus;
    const complete = !this.broken && !this.fragment && nalus.length > 0;
    this.auTimestamp = undefined;
    this.nalus = [];
    this.auSize = 0;
    this.broken = false;
    this.fragment = undefined;
    if (!complete) {
      this.stats.droppedUnits++;
      this.waitingForKey = true;
      return;
    }
    const key = this.isKey(nalus);
    if (this.waitingForKey && !key) {
      this.stats.droppedUnits++;
      return;
    }
    this.waitingForKey = false;
    // Units arrive in decoding order; only delivered units may advance the decode timeline.
    out.push({ track: this.trackIndex, dts: this.decodeTime(nalus, pts), pts, key, nalus });
  }
}
