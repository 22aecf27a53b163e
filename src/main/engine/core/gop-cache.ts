// The current GOP, so a new reader starts at a keyframe at once (DESIGN §6) instead of waiting
// up to a GOP for the next one. Holds access units, not encodings: each format group keeps
// its encodings of these entries in an array aligned with `entries` (see stream.ts).
import type { AccessUnit, Track } from '../protocols/media/types';

export interface GopCacheOptions {
  tracks: readonly Track[];
  /** The track whose keyframes start a GOP; -1 for audio-only streams. */
  videoTrack: number;
  /** Bound on cached payload bytes; a GOP that outgrows it is dropped until the next keyframe. */
  maxBytes: number;
  /** Audio-only streams: how much recent audio to keep. */
  audioWindowMs: number;
}

export class GopCache {
  /** Cached units, oldest first; entries[0] is a keyframe of the video track when there is one. */
  entries: AccessUnit[] = [];
  bytes = 0;
  /** How many entries the last push() removed from the front (all of them on a reset). */
  droppedFront = 0;
  /** False until the first keyframe, and after an oversized GOP until the next one. */
  private active: boolean;
  private readonly sizes: number[] = [];

  constructor(private readonly opts: GopCacheOptions) {
    this.active = opts.videoTrack < 0;
  }

  /** Offer one unit; true if it was cached (then droppedFront tells what was removed first). */
  push(au: AccessUnit, size: number, resumePoint: boolean): boolean {
    this.droppedFront = 0;
    if (this.opts.maxBytes <= 0) return false;
    const video = this.opts.videoTrack >= 0;
    if (video && resumePoint) {
      this.clear();
      this.active = true;
    }
    if (!this.active) return false;
    if (this.bytes + size > this.opts.maxBytes) {
      // A GOP this large costs more memory than it saves latency: drop it and wait for the next
      // keyframe. Audio-only: start a new window with this unit, unless it alone is too big.
      this.clear();
      if (video) {
        this.active = false;
        return false;
      }
      if (size > this.opts.maxBytes) return false;
    }
    this.entries.push(au);
    this.sizes.push(size);
    this.bytes += size;
    if (!video) this.trimAudioWindow();
    return true;
  }

  reset(): void {
    this.clear();
    this.droppedFront = 0;
    this.active = this.opts.videoTrack < 0;
  }

  private clear(): void {
    this.droppedFront += this.entries.length;
    // New arrays, never truncation: readers replaying the cache hold the old ones.
    this.entries = [];
    this.sizes.length = 0;
    this.bytes = 0;
  }

  private seconds(au: AccessUnit): number {
    return au.dts / this.opts.tracks[au.track].clockRate;
  }

  /** Keep about audioWindowMs of audio; trims only past twice the window to amortize the copy. */
  private trimAudioWindow(): void {
    const window = this.opts.audioWindowMs / 1000;
    const last = this.seconds(this.entries[this.entries.length - 1]);
    if (last - this.seconds(this.entries[0]) <= 2 * window) return;
    let drop = 0;
    while (drop < this.entries.length - 1 && last - this.seconds(this.entries[drop]) > window) drop++;
    let dropped = 0;
    for (let i = 0; i < drop; i++) dropped += this.sizes[i];
    this.entries = this.entries.slice(drop);
    this.sizes.splice(0, drop);
    this.bytes -= dropped;
    this.droppedFront += drop;
  }
}
