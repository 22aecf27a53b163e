// HLS pull source (`source: http(s)://…/index.m3u8`), after mediamtx's gohlslib client: picks the
// highest-bandwidth variant, reloads the media playlist about once per target duration
// (RFC 8216 §6.3.4), downloads each new segment (MPEG-TS or fMP4) and writes its access units paced
// by their timestamps, so readers get a steady stream rather than one burst per segment.
import type { Stream } from '../core/stream';
import type { AccessUnit, Track } from '../protocols/media/types';
import { Fmp4Demuxer } from '../protocols/fmp4/demuxer';
import { TsAccessUnitReader } from '../protocols/mpegts/access-units';
import { parseTs } from '../protocols/mpegts/demuxer';
import { abortableSleep } from '../supervision/abortable-sleep';
import type { SourceDriver, SourceDriverContext } from './driver';
import { parsePlaylist, pickVariant, type HlsMediaPlaylist, type HlsSegment } from './hls-playlist';

const FETCH_TIMEOUT_MS = 10_000;
/** Segments to start behind the live edge: one, so the first arrives complete and at a keyframe. */
const LIVE_START_SEGMENTS = 1;
/** A live playlist that stops growing for this many target durations counts as ended. */
const STALL_TARGET_DURATIONS = 6;

/** A URL for messages: no user info (it may hold a password), no query (it may hold a token). */
export function safeUrl(u: string | URL): string {
  try {
    const url = new URL(u);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(invalid URL)';
  }
}

interface SegmentDemuxer {
  readonly tracks: Track[];
  push(segment: Buffer): AccessUnit[];
}

class TsSegmentDemuxer implements SegmentDemuxer {
  private readonly reader = new TsAccessUnitReader();
  get tracks(): Track[] {
    return this.reader.tracks;
  }
  push(segment: Buffer): AccessUnit[] {
    const ts = parseTs(segment);
    if (!ts.pmt) throw new Error('MPEG-TS segment without a PMT');
    return this.reader.push(ts.pmt, ts.pes);
  }
}

class HlsPuller {
  private stream: Stream | null = null;
  private publishedTracks = 0;
  private demuxer: SegmentDemuxer | null = null;
  private mapUri: string | undefined;
  /** Pacing: unit time (s) ↔ wall clock (ms) of the first written unit. */
  private clockZero: { at: number; wall: number } | null = null;

  constructor(private readonly ctx: SourceDriverContext) {}

  async run(): Promise<void> {
    const { ctx } = this;
    let playlistUrl = new URL(ctx.url);
    let playlist = parsePlaylist(await this.fetchText(playlistUrl));
    if (playlist.kind === 'multivariant') {
      const variant = pickVariant(playlist.variants)!;
      playlistUrl = new URL(variant.uri, playlistUrl);
      ctx.log.info(`HLS source: variant ${safeUrl(playlistUrl)} (${variant.bandwidth} bit/s)`);
      playlist = parsePlaylist(await this.fetchText(playlistUrl));
      if (playlist.kind !== 'media') throw new Error(`${safeUrl(playlistUrl)}: expected a media playlist, got another multivariant playlist`);
    }
    let media: HlsMediaPlaylist = playlist;
    // Live: start near the edge. VOD (ENDLIST): play it from the start, once.
    let next = media.ended ? (media.segments[0]?.sequence ?? 0) : Math.max(0, media.segments.length - LIVE_START_SEGMENTS) + (media.segments[0]?.sequence ?? 0);
    let lastGrowth = Date.now();
    while (!ctx.signal.aborted) {
      const todo = media.segments.filter((s) => s.sequence >= next);
      for (const seg of todo) {
        if (ctx.signal.aborted) return;
        await this.playSegment(seg, playlistUrl);
        next = seg.sequence + 1;
        lastGrowth = Date.now();
      }
      if (media.ended) return;
      const target = Math.max(1, media.targetDuration) * 1000;
      if (Date.now() - lastGrowth > STALL_TARGET_DURATIONS * target) {
        throw new Error(`${safeUrl(playlistUrl)}: no new segment for ${Math.round((Date.now() - lastGrowth) / 1000)} s`);
      }
      // §6.3.4: reload after a target duration, or half of it when the playlist did not change.
      if (todo.length === 0) await abortableSleep(target / 2, ctx.signal);
      if (ctx.signal.aborted) return;
      const reloaded = parsePlaylist(await this.fetchText(playlistUrl));
      if (reloaded.kind !== 'media') throw new Error(`${safeUrl(playlistUrl)} turned into a multivariant playlist`);
      media = reloaded;
      // The server restarted its sequence (or we fell behind the window): continue from its oldest.
      const first = media.segments[0]?.sequence;
      if (first !== undefined && (next < first || next > media.segments[media.segments.length - 1].sequence + 1)) next = first;
    }
  }

  private async playSegment(seg: HlsSegment, base: URL): Promise<void> {
    const data = await this.fetchBytes(new URL(seg.uri, base));
    if (seg.mapUri !== undefined && (seg.mapUri !== this.mapUri || !this.demuxer)) {
      const init = await this.fetchBytes(new URL(seg.mapUri, base));
      this.mapUri = seg.mapUri;
      this.demuxer = new Fmp4Demuxer(init);
    }
    if (!this.demuxer) {
      if (data[0] !== 0x47) throw new Error(`segment ${seg.sequence} is neither MPEG-TS nor announced as fMP4 (EXT-X-MAP)`);
      this.demuxer = new TsSegmentDemuxer();
    }
    const units = this.demuxer.push(data);
    if (seg.discontinuity) this.clockZero = null;
    const stream = this.publish();
    for (const au of units) {
      if (au.track >= this.publishedTracks) continue;
      await this.pace(au);
      if (this.ctx.signal.aborted) return;
      stream.writeUnit(au);
    }
  }

  /** Publishes once the first segment has described the tracks. */
  private publish(): Stream {
    if (this.stream) return this.stream;
    const tracks = this.demuxer!.tracks;
    if (tracks.length === 0) throw new Error('the first segment holds no H.264, H.265, AAC or Opus track');
    this.publishedTracks = tracks.length;
    this.stream = this.ctx.publish(tracks);
    return this.stream;
  }

  /** Waits until the unit is due on the wall clock (never for units already late). */
  private async pace(au: AccessUnit): Promise<void> {
    const track = this.demuxer!.tracks[au.track];
    const at = au.dts / track.clockRate;
    const now = Date.now();
    if (!this.clockZero || at < this.clockZero.at || at - this.clockZero.at > 3600) {
      this.clockZero = { at, wall: now };
      return;
    }
    const due = this.clockZero.wall + (at - this.clockZero.at) * 1000;
    if (due - now > 5) await abortableSleep(due - now, this.ctx.signal);
    // Far behind (slow downloads): restart the clock instead of bursting forever.
    else if (now - due > 5000) this.clockZero = { at, wall: now };
  }

  private async fetchBytes(url: URL): Promise<Buffer> {
    const signal = AbortSignal.any([this.ctx.signal, AbortSignal.timeout(FETCH_TIMEOUT_MS)]);
    let res: Response;
    try {
      res = await fetch(url, { signal, redirect: 'follow' });
    } catch (err) {
      if (this.ctx.signal.aborted) throw err;
      const cause = (err as { cause?: { code?: string; message?: string } }).cause;
      throw new Error(`GET ${safeUrl(url)}: ${cause?.code ?? cause?.message ?? (err as Error).message}`);
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new Error(`GET ${safeUrl(url)}: HTTP ${res.status}`);
    }
    const body = Buffer.from(await res.arrayBuffer());
    this.ctx.addBytes(body.length);
    return body;
  }

  private async fetchText(url: URL): Promise<string> {
    return (await this.fetchBytes(url)).toString('utf8');
  }
}


export const hlsSourceDriver: SourceDriver = async (ctx) => {
  try {
    await new HlsPuller(ctx).run();
  } catch (err) {
    // Stopping aborts the fetch in flight: that is a normal end, not an error.
    if (ctx.signal.aborted) return;
    throw err;
  }
};
