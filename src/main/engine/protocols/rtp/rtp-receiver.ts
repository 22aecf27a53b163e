// What every depacketizer does before codec rules apply: parse, count, follow SSRC changes, put
// packets back in order and turn gaps into loss events (RFC 3550 §A.1).
import type { AccessUnit } from '../media/types';
import type { RtpDepacketizer, RtpDepacketizerOptions, RtpDepacketizerStats } from './depacketizer';
import { RtpError } from './errors';
import { parseRtpPacket, type RtpPacket } from './packet';
import { RtpReorderBuffer, type ReorderEvent } from './reorder-buffer';
import { RtpTimestampUnwrapper } from './timestamp-unwrapper';

export abstract class RtpReceiverBase implements RtpDepacketizer {
  readonly stats: RtpDepacketizerStats = { packets: 0, lostPackets: 0, reordered: 0, discarded: 0, invalidPackets: 0, droppedUnits: 0 };
  protected readonly unwrapper = new RtpTimestampUnwrapper();
  private readonly reorder: RtpReorderBuffer;
  private ssrc: number | undefined;

  constructor(
    readonly trackIndex: number,
    clockRate: number,
    opts: RtpDepacketizerOptions,
  ) {
    this.reorder = new RtpReorderBuffer(opts.reorderWindow ?? 64, Math.round((opts.reorderMaxDelay ?? 0.25) * clockRate));
  }

  push(packet: Buffer | RtpPacket): AccessUnit[] {
    let p: RtpPacket;
    if (Buffer.isBuffer(packet)) {
      try {
        p = parseRtpPacket(packet);
      } catch (e) {
        this.invalid(e);
        return [];
      }
    } else {
      p = packet;
    }
    this.stats.packets++;
    const out: AccessUnit[] = [];
    if (this.ssrc !== undefined && p.ssrc !== this.ssrc) {
      // A new sender: finish what the old one left in order, then start over at its packets.
      this.handle(this.reorder.reset(), out);
      this.onLoss();
      this.endOfSource(out);
      this.unwrapper.restart();
    }
    this.ssrc = p.ssrc;
    this.handle(this.reorder.push(p), out);
    this.stats.reordered = this.reorder.reordered;
    this.stats.discarded = this.reorder.discarded;
    return out;
  }

  flush(): AccessUnit[] {
    const out: AccessUnit[] = [];
    this.handle(this.reorder.reset(), out);
    this.stats.reordered = this.reorder.reordered;
    return out;
  }

  private handle(events: ReorderEvent[], out: AccessUnit[]): void {
    for (const ev of events) {
      if (typeof ev === 'number') {
        this.stats.lostPackets += ev;
        this.onLoss();
        continue;
      }
      try {
        this.onPacket(ev, this.unwrapper.unwrap(ev.timestamp), out);
      } catch (e) {
        if (!(e instanceof RtpError)) throw e;
        this.invalid(e);
        this.onInvalidPayload();
      }
    }
  }

  private invalid(e: unknown): void {
    this.stats.invalidPackets++;
    if (e instanceof RtpError) this.stats.lastError = e;
  }

  /**
   * One packet in sequence order with its timestamp in track units (the first packet received is
   * 0); throw RtpError for a malformed payload.
   */
  protected abstract onPacket(p: RtpPacket, pts: number, out: AccessUnit[]): void;
  /** Packets are missing (or a payload was malformed) here: drop what they belonged to. */
  protected abstract onLoss(): void;
  /** onPacket threw: by default, treat it like a loss at this point. */
  protected onInvalidPayload(): void {
    this.onLoss();
  }
  /** The sender changed: end whatever unit is in progress. */
  protected endOfSource(_out: AccessUnit[]): void {}
}
