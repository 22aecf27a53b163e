// Demuxed PES packets → stream-model tracks and access units (for the HLS source and tests).
// Timestamps: 90 kHz for video; the sample rate for audio. 33-bit wraps are unwrapped per PID.
import type { AccessUnit, Track, VideoTrack } from '../media/types';
import { splitAdtsFrames } from '../aac/adts';
import { aacCodecString, buildAudioSpecificConfig, parseAudioSpecificConfig } from '../aac/audio-specific-config';
import { H264NalType, h264NalType, splitAnnexB } from '../h264/nal-units';
import { h264CodecString } from '../h264/codec-string';
import { parseH264Sps } from '../h264/sps';
import { H265NalType, h265HasIrap, h265NalType } from '../h265/nal-units';
import { parseH265Sps } from '../h265/sps';
import { h265CodecString } from '../h265/codec-string';
import { PTS_MODULO, StreamType, TS_CLOCK } from './constants';
import type { TsPes } from './demuxer';
import { findDescriptor, type Pmt } from './psi';

export interface TsMedia {
  tracks: Track[];
  /** The PID of each track, same order. */
  pids: number[];
  units: AccessUnit[];
}

/** Samples per Opus packet from its TOC byte (RFC 6716 §3.1). */
export function opusPacketSamples(packet: Buffer): number {
  if (packet.length === 0) return 0;
  const config = packet[0] >> 3;
  const frameUs = config < 12 ? [10000, 20000, 40000, 60000][config & 3] : config < 16 ? [10000, 20000][config & 1] : [2500, 5000, 10000, 20000][config & 3];
  const code = packet[0] & 3;
  const frames = code === 0 ? 1 : code < 3 ? 2 : packet.length > 1 ? packet[1] & 0x3f : 0;
  return (frames * frameUs * 48) / 1000;
}

/** Splits an Opus PES payload into packets (control header: 0x7FE0 prefix, flags, size bytes). */
function opusPackets(data: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let pos = 0;
  while (pos + 2 <= data.length && data[pos] === 0x7f && (data[pos + 1] & 0xe0) === 0xe0) {
    const flags = data[pos + 1];
    pos += 2;
    let size = 0;
    while (pos < data.length) {
      const b = data[pos++];
      size += b;
      if (b !== 0xff) break;
    }
    if (flags & 0x10) pos += 2; // start_trim
    if (flags & 0x08) pos += 2; // end_trim
    if (flags & 0x04 && pos < data.length) pos += 1 + data[pos]; // control extension
    out.push(data.subarray(pos, Math.min(data.length, pos + size)));
    pos += size;
  }
  return out;
}

class Unwrapper {
  private last: number | undefined;
  private offset = 0;
  value(ts: number): number {
    if (this.last !== undefined) {
      if (ts - this.last < -PTS_MODULO / 2) this.offset += PTS_MODULO;
      else if (ts - this.last > PTS_MODULO / 2) this.offset -= PTS_MODULO;
    }
    this.last = ts;
    return ts + this.offset;
  }
}

interface PidState {
  index: number;
  unwrapPts: Unwrapper;
  unwrapDts: Unwrapper;
}

/** A track for a PMT stream, from the stream type and (AAC) the first ADTS header. */
function trackFor(streamType: number, descriptors: Buffer, first: TsPes | undefined): Track | undefined {
  if (streamType === StreamType.H264 || streamType === StreamType.H265) {
    return { kind: 'video', codec: streamType === StreamType.H264 ? 'H264' : 'H265', clockRate: 90000 } satisfies VideoTrack;
  }
  if (streamType === StreamType.AacAdts) {
    const frame = first ? splitAdtsFrames(first.data)[0] : undefined;
    if (!frame) return undefined;
    const h = frame.header;
    const config = buildAudioSpecificConfig({ objectType: h.objectType, sampleRate: h.sampleRate, channelConfiguration: h.channelConfiguration });
    return { kind: 'audio', codec: 'AAC', clockRate: h.sampleRate, channels: h.channelConfiguration === 7 ? 8 : h.channelConfiguration, config, codecString: aacCodecString(parseAudioSpecificConfig(config)) };
  }
  if (streamType === StreamType.PrivatePes && findDescriptor(descriptors, 0x05)?.toString('latin1') === 'Opus') {
    const ext = findDescriptor(descriptors, 0x7f);
    return { kind: 'audio', codec: 'Opus', clockRate: 48000, channels: ext && ext[0] === 0x80 && ext[1] >= 1 && ext[1] <= 8 ? ext[1] : 2, codecString: 'opus' };
  }
  return undefined;
}

/** Fills picture size and codec string once the SPS is known. */
function describeVideo(t: VideoTrack): void {
  if (!t.sps || t.width) return;
  try {
    if (t.codec === 'H264') {
      const info = parseH264Sps(t.sps);
      Object.assign(t, { width: info.width, height: info.height, codecString: h264CodecString(t.sps) });
    } else {
      const info = parseH265Sps(t.sps);
      Object.assign(t, { width: info.width, height: info.height, codecString: h265CodecString(info.profileTierLevel) });
    }
  } catch {
    // A malformed SPS leaves the size unknown; the units are still usable.
  }
}

/**
 * PES packets → access units, keeping state across calls (timestamp unwrapping, parameter sets),
 * so an HLS source can push one segment's PES packets at a time. Tracks follow the PMT order; a
 * stream is added when it can be described (AAC: at its first PES), so push whole segments.
 */
export class TsAccessUnitReader {
  readonly tracks: Track[] = [];
  /** The PID of each track, same order. */
  readonly pids: number[] = [];
  private readonly byPid = new Map<number, PidState>();

  push(pmt: Pmt, pes: readonly TsPes[]): AccessUnit[] {
    for (const s of pmt.streams) {
      if (this.byPid.has(s.pid)) continue;
      const track = trackFor(s.streamType, s.descriptors, pes.find((p) => p.pid === s.pid));
      if (!track) continue;
      this.byPid.set(s.pid, { index: this.tracks.length, unwrapPts: new Unwrapper(), unwrapDts: new Unwrapper() });
      this.tracks.push(track);
      this.pids.push(s.pid);
    }
    const units: AccessUnit[] = [];
    for (const p of pes) {
      const entry = this.byPid.get(p.pid);
      if (!entry || p.pts === undefined) continue;
      const track = this.tracks[entry.index];
      const pts90 = entry.unwrapPts.value(p.pts);
      const dts90 = entry.unwrapDts.value(p.dts ?? p.pts);
      if (track.kind === 'video') {
        units.push(this.videoUnit(track, entry.index, p.data, pts90, dts90));
        continue;
      }
      const base = Math.round((pts90 * track.clockRate) / TS_CLOCK);
      let offset = 0;
      const packets = track.codec === 'AAC' ? splitAdtsFrames(p.data).map((f) => f.payload) : opusPackets(p.data);
      for (const payload of packets) {
        units.push({ track: entry.index, dts: base + offset, pts: base + offset, key: true, payload });
        offset += track.codec === 'AAC' ? 1024 : opusPacketSamples(payload);
      }
    }
    for (const t of this.tracks) if (t.kind === 'video') describeVideo(t);
    return units;
  }

  private videoUnit(track: VideoTrack, index: number, data: Buffer, pts: number, dts: number): AccessUnit {
    const isH264 = track.codec === 'H264';
    const type = isH264 ? h264NalType : h265NalType;
    const aud = isH264 ? H264NalType.Aud : H265NalType.Aud;
    const nalus = splitAnnexB(data).filter((n) => n.length > 0 && type(n) !== aud);
    if (isH264) {
      track.sps ??= nalus.find((n) => type(n) === H264NalType.Sps);
      track.pps ??= nalus.find((n) => type(n) === H264NalType.Pps);
    } else {
      track.vps ??= nalus.find((n) => type(n) === H265NalType.Vps);
      track.sps ??= nalus.find((n) => type(n) === H265NalType.Sps);
      track.pps ??= nalus.find((n) => type(n) === H265NalType.Pps);
    }
    const key = isH264 ? nalus.some((n) => type(n) === H264NalType.IdrSlice) : h265HasIrap(nalus);
    return { track: index, dts, pts, key, nalus };
  }
}

/** Tracks and access units of a whole demuxed buffer (one segment, a recording, a test file). */
export function tsAccessUnits(pmt: Pmt, pes: readonly TsPes[]): TsMedia {
  const reader = new TsAccessUnitReader();
  const units = reader.push(pmt, pes);
  return { tracks: reader.tracks, pids: reader.pids, units };
}
