// Real encoder output for the RTP tests, made by FFmpeg into a temp dir: H.264/H.265 Annex B with
// access unit delimiters (so units split without a slice parser), AAC in ADTS, Opus in Ogg.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { splitAdtsFrames } from '../../../../src/main/engine/protocols/aac/adts';
import { buildAudioSpecificConfig } from '../../../../src/main/engine/protocols/aac/audio-specific-config';
import { H264NalType, splitAnnexB } from '../../../../src/main/engine/protocols/h264/nal-units';
import { H265NalType } from '../../../../src/main/engine/protocols/h265/nal-units';
import type { AccessUnit, AudioTrack, VideoTrack } from '../../../../src/main/engine/protocols/media/types';

export interface Clip<T> {
  track: T;
  units: AccessUnit[];
}

export interface Clips {
  h264: Clip<VideoTrack>;
  h265: Clip<VideoTrack>;
  aac: Clip<AudioTrack>;
  opus: Clip<AudioTrack>;
  cleanup(): void;
}

function ffmpeg(args: string[]): void {
  execFileSync('ffmpeg', ['-v', 'error', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
}

function videoUnits(annexB: Buffer, isAud: (nal: Buffer) => boolean, isKey: (nalus: Buffer[]) => boolean): AccessUnit[] {
  const units: AccessUnit[] = [];
  let current: Buffer[] = [];
  const flush = () => {
    if (current.length === 0) return;
    const pts = units.length * 3000;
    units.push({ track: 0, dts: pts, pts, key: isKey(current), nalus: current });
    current = [];
  };
  for (const nal of splitAnnexB(annexB)) {
    if (isAud(nal)) flush();
    current.push(nal);
  }
  flush();
  return units;
}

const h264Type = (n: Buffer) => n[0] & 0x1f;
const h265Type = (n: Buffer) => (n[0] >> 1) & 0x3f;

/** Packets of an Ogg stream (RFC 3533 §6: segments of 255 continue a packet). */
export function oggPackets(buf: Buffer): Buffer[] {
  const packets: Buffer[] = [];
  let partial: Buffer[] = [];
  let pos = 0;
  while (pos + 27 <= buf.length && buf.toString('latin1', pos, pos + 4) === 'OggS') {
    const segments = buf[pos + 26];
    const table = buf.subarray(pos + 27, pos + 27 + segments);
    let data = pos + 27 + segments;
    for (const len of table) {
      partial.push(buf.subarray(data, data + len));
      data += len;
      if (len < 255) {
        packets.push(Buffer.concat(partial));
        partial = [];
      }
    }
    pos = data;
  }
  return packets;
}

export function makeClips(): Clips {
  const dir = mkdtempSync(join(tmpdir(), 'relaybox-rtp-'));
  const src = ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-t', '2'];
  ffmpeg([...src, '-c:v', 'libx264', '-g', '30', '-x264-params', 'aud=1', '-bsf:v', 'h264_mp4toannexb', '-f', 'h264', join(dir, 'out.h264')]);
  ffmpeg([...src, '-c:v', 'libx265', '-g', '30', '-x265-params', 'aud=1:log-level=error', '-f', 'hevc', join(dir, 'out.hevc')]);
  const tone = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-ac', '2'];
  ffmpeg([...tone, '-c:a', 'aac', '-f', 'adts', join(dir, 'out.aac')]);
  ffmpeg([...tone, '-c:a', 'libopus', '-f', 'ogg', join(dir, 'out.ogg')]);

  const h264Units = videoUnits(readFileSync(join(dir, 'out.h264')), (n) => h264Type(n) === H264NalType.Aud, (ns) => ns.some((n) => h264Type(n) === H264NalType.IdrSlice));
  const h264Nalus = h264Units.flatMap((u) => u.nalus!);
  const h265Units = videoUnits(readFileSync(join(dir, 'out.hevc')), (n) => h265Type(n) === H265NalType.Aud, (ns) => ns.some((n) => h265Type(n) >= 16 && h265Type(n) <= 23));
  const h265Nalus = h265Units.flatMap((u) => u.nalus!);

  const adts = splitAdtsFrames(readFileSync(join(dir, 'out.aac')));
  const h = adts[0].header;
  const aacConfig = buildAudioSpecificConfig({ objectType: h.objectType, sampleRate: h.sampleRate, channelConfiguration: h.channelConfiguration });
  const aacUnits = adts.map((f, i) => ({ track: 1, dts: i * 1024, pts: i * 1024, key: true, payload: Buffer.from(f.payload) }));

  // Skip OpusHead and OpusTags; 20 ms frames at 48 kHz.
  const opusUnits = oggPackets(readFileSync(join(dir, 'out.ogg')))
    .slice(2)
    .map((payload, i) => ({ track: 1, dts: i * 960, pts: i * 960, key: true, payload }));

  return {
    h264: {
      track: {
        kind: 'video',
        codec: 'H264',
        clockRate: 90000,
        sps: h264Nalus.find((n) => h264Type(n) === H264NalType.Sps),
        pps: h264Nalus.find((n) => h264Type(n) === H264NalType.Pps),
      },
      units: h264Units,
    },
    h265: {
      track: {
        kind: 'video',
        codec: 'H265',
        clockRate: 90000,
        vps: h265Nalus.find((n) => h265Type(n) === H265NalType.Vps),
        sps: h265Nalus.find((n) => h265Type(n) === H265NalType.Sps),
        pps: h265Nalus.find((n) => h265Type(n) === H265NalType.Pps),
      },
      units: h265Units,
    },
    aac: { track: { kind: 'audio', codec: 'AAC', clockRate: h.sampleRate, channels: 2, config: aacConfig }, units: aacUnits },
    opus: { track: { kind: 'audio', codec: 'Opus', clockRate: 48000, channels: 2 }, units: opusUnits },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}
