// Fragmented MP4 → stream-model tracks and access units (for the HLS source): the init segment's
// sample entries become Tracks, each moof+mdat's samples become AccessUnits in the track's clock.
// Builds on box-parser (parseInitSegment, parseFragments); bytes only.
import type { AccessUnit, AudioTrack, Track, VideoTrack } from '../media/types';
import { aacCodecString, parseAudioSpecificConfig } from '../aac/audio-specific-config';
import { parseAvcDecoderConfig } from '../h264/avc-config';
import { h264CodecString } from '../h264/codec-string';
import { splitLengthPrefixed } from '../h264/nal-units';
import { hevcConfigNalu, parseHevcDecoderConfig } from '../h265/hvcc';
import { H265NalType } from '../h265/nal-units';
import { h265CodecString } from '../h265/codec-string';
import { parseH265Sps } from '../h265/sps';
import { findBox, findBoxes, parseBoxes, parseFragments, parseInitSegment, type InitTrack, type TrexDefaults } from './box-parser';
import { Fmp4Error } from './errors';

interface DemuxTrack {
  track: Track;
  index: number;
  timescale: number;
  /** Video: bytes of each NAL unit length prefix. */
  nalLengthSize: number;
}

/** ISO/IEC 14496-1 §8.3.3: a descriptor's size is 1–4 bytes of 7 bits, high bit = more. */
function readDescriptor(buf: Buffer, pos: number): { tag: number; body: Buffer; end: number } | undefined {
  if (pos >= buf.length) return undefined;
  const tag = buf[pos++];
  let size = 0;
  for (let i = 0; i < 4 && pos < buf.length; i++) {
    const b = buf[pos++];
    size = (size << 7) | (b & 0x7f);
    if (!(b & 0x80)) break;
  }
  const end = Math.min(buf.length, pos + size);
  return { tag, body: buf.subarray(pos, end), end };
}

/** The AudioSpecificConfig in an esds payload: ES_Descriptor → DecoderConfigDescriptor → DecSpecificInfo. */
export function audioSpecificConfigFromEsds(esds: Buffer): Buffer | undefined {
  const es = readDescriptor(esds, 4); // after the FullBox version/flags
  if (!es || es.tag !== 0x03) return undefined;
  const flags = es.body[2];
  let pos = 3;
  if (flags & 0x80) pos += 2; // dependsOn_ES_ID
  if (flags & 0x40) pos += 1 + (es.body[pos] ?? 0); // URL
  if (flags & 0x20) pos += 2; // OCR_ES_Id
  const dcd = readDescriptor(es.body, pos);
  if (!dcd || dcd.tag !== 0x04) return undefined;
  const dsi = readDescriptor(dcd.body, 13);
  return dsi && dsi.tag === 0x05 ? dsi.body : undefined;
}

function videoTrack(t: InitTrack): { track: VideoTrack; nalLengthSize: number } | undefined {
  const base = { kind: 'video', clockRate: 90000, width: t.width, height: t.height } as const;
  if ((t.sampleEntry === 'avc1' || t.sampleEntry === 'avc3') && t.config?.type === 'avcC') {
    const c = parseAvcDecoderConfig(t.config.payload);
    const sps = c.sps[0] ? Buffer.from(c.sps[0]) : undefined;
    const pps = c.pps[0] ? Buffer.from(c.pps[0]) : undefined;
    return { track: { ...base, codec: 'H264', sps, pps, codecString: sps ? h264CodecString(sps) : undefined }, nalLengthSize: c.nalLengthSize };
  }
  if ((t.sampleEntry === 'hvc1' || t.sampleEntry === 'hev1') && t.config?.type === 'hvcC') {
    const c = parseHevcDecoderConfig(t.config.payload);
    const copy = (b: Buffer | undefined) => (b ? Buffer.from(b) : undefined);
    const sps = copy(hevcConfigNalu(c, H265NalType.Sps));
    return {
      track: {
        ...base,
        codec: 'H265',
        vps: copy(hevcConfigNalu(c, H265NalType.Vps)),
        sps,
        pps: copy(hevcConfigNalu(c, H265NalType.Pps)),
        codecString: sps ? h265CodecString(parseH265Sps(sps).profileTierLevel) : undefined,
      },
      nalLengthSize: c.nalLengthSize,
    };
  }
  return undefined;
}

function audioTrack(t: InitTrack): AudioTrack | undefined {
  if (t.sampleEntry === 'mp4a' && t.config?.type === 'esds') {
    const asc = audioSpecificConfigFromEsds(t.config.payload);
    if (!asc) return undefined;
    const c = parseAudioSpecificConfig(asc);
    return { kind: 'audio', codec: 'AAC', clockRate: c.sampleRate, channels: c.channels || (t.channels ?? 2), config: Buffer.from(asc), codecString: aacCodecString(c) };
  }
  if (t.sampleEntry === 'Opus') {
    const channels = t.config?.type === 'dOps' && t.config.payload.length > 1 ? t.config.payload[1] : (t.channels ?? 2);
    return { kind: 'audio', codec: 'Opus', clockRate: 48000, channels, codecString: 'opus' };
  }
  return undefined;
}

/** trex defaults (§8.8.3) from moov/mvex, which fragments may rely on. */
function readTrex(init: Buffer): Map<number, TrexDefaults> {
  const out = new Map<number, TrexDefaults>();
  const mvex = findBox(parseBoxes(init), 'moov/mvex');
  for (const trex of findBoxes(mvex?.children, 'trex')) {
    const p = trex.payload;
    if (p.length < 24) continue;
    out.set(p.readUInt32BE(4), { duration: p.readUInt32BE(12), size: p.readUInt32BE(16), flags: p.readUInt32BE(20) });
  }
  return out;
}

export class Fmp4Demuxer {
  /** Tracks this demuxer understands (H.264, H.265, AAC, Opus), in init-segment order. */
  readonly tracks: Track[] = [];
  private readonly byId = new Map<number, DemuxTrack>();
  private readonly trex: Map<number, TrexDefaults>;

  constructor(init: Buffer) {
    for (const t of parseInitSegment(init)) {
      const v = t.handler === 'vide' ? videoTrack(t) : undefined;
      const track = v?.track ?? (t.handler === 'soun' ? audioTrack(t) : undefined);
      if (!track) continue;
      this.byId.set(t.trackId, { track, index: this.tracks.length, timescale: t.timescale || 1, nalLengthSize: v?.nalLengthSize ?? 4 });
      this.tracks.push(track);
    }
    if (this.tracks.length === 0) throw new Fmp4Error('UNSUPPORTED', 'init segment has no H.264, H.265, AAC or Opus track');
    this.trex = readTrex(init);
  }

  /** Access units of one media segment (one or more moof+mdat), ordered by decode time. */
  push(segment: Buffer): AccessUnit[] {
    const units: { au: AccessUnit; at: number }[] = [];
    for (const frag of parseFragments(segment, this.trex)) {
      for (const traf of frag.tracks) {
        const t = this.byId.get(traf.trackId);
        if (!t) continue;
        const scale = (v: number) => (t.timescale === t.track.clockRate ? v : Math.round((v * t.track.clockRate) / t.timescale));
        for (const s of traf.samples) {
          const dts = scale(s.dts);
          const au: AccessUnit = { track: t.index, dts, pts: scale(s.pts), key: t.track.kind === 'audio' || s.sync };
          if (t.track.kind === 'video') au.nalus = splitLengthPrefixed(s.data, t.nalLengthSize);
          else au.payload = s.data;
          units.push({ au, at: s.dts / t.timescale });
        }
      }
    }
    // Tracks come one traf after another; readers expect units interleaved in time.
    units.sort((a, b) => a.at - b.at);
    return units.map((u) => u.au);
  }
}
