// Micro-benchmark of the HLS/recording muxers: MPEG-TS (one writeUnit per access unit) and fMP4
// (addUnit + a fragment every 200 ms, like LL-HLS parts), each access unit serialized once.
//   npm exec -- tsx bench/mux.ts
// Input: 10 s of a ~4.5 Mbit/s 30 fps H.264 stream shaped like x264 output (a ~120 KB IDR per second
// with SPS/PPS, ~13 KB other frames, 4 slices each) plus 128 kbit/s AAC (~370-byte frames at 48 kHz).
import type { AccessUnit, Track } from '../src/main/engine/protocols/media/types';
import { MpegTsMuxer } from '../src/main/engine/protocols/mpegts/muxer';
import { Fmp4Muxer } from '../src/main/engine/protocols/fmp4/muxer';
import { parseTs } from '../src/main/engine/protocols/mpegts/demuxer';
import { parseFragments } from '../src/main/engine/protocols/fmp4/box-parser';

const SECONDS = 10;
const SPS = Buffer.from('674d400deca0a0fd8088000003000800000301e078a14cb0', 'hex');
const PPS = Buffer.from('68ce0fc8', 'hex');
const TRACKS: Track[] = [
  { kind: 'video', codec: 'H264', clockRate: 90000, sps: SPS, pps: PPS },
  { kind: 'audio', codec: 'AAC', clockRate: 48000, channels: 2, config: Buffer.from([0x11, 0x90]) },
];

function stream(): AccessUnit[] {
  let seed = 1;
  const bytes = (header: number, n: number) => {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i += 64) b[i] = seed = (seed * 1103515245 + 12345) >>> 0;
    b[0] = header;
    return b;
  };
  const units: AccessUnit[] = [];
  let audioDts = 0;
  for (let s = 0; s < SECONDS; s++) {
    for (let f = 0; f < 30; f++) {
      const dts = (s * 30 + f) * 3000;
      const key = f === 0;
      const size = key ? 120_000 : 13_000 + ((f * 7919) % 4000);
      const slices = [0, 1, 2, 3].map(() => bytes(key ? 0x65 : 0x41, size / 4));
      units.push({ track: 0, dts, pts: dts + 3000, key, nalus: key ? [SPS, PPS, ...slices] : slices });
      // Audio frames up to this video frame's time (48 kHz, 1024 samples each).
      while ((audioDts * 90000) / 48000 <= dts) {
        units.push({ track: 1, dts: audioDts, pts: audioDts, key: true, payload: bytes(0x21, 370) });
        audioDts += 1024;
      }
    }
  }
  return units;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Runs `work` repeatedly for ~2 s after a warm-up; returns runs per second. */
function runsPerSecond(work: () => void): number {
  for (let i = 0; i < 3; i++) work();
  let runs = 0;
  const start = process.hrtime.bigint();
  do {
    work();
    runs++;
  } while (seconds(start) < 2);
  return runs / seconds(start);
}

const units = stream();
const payloadBytes = units.reduce((n, u) => n + (u.payload?.length ?? u.nalus!.reduce((m, x) => m + x.length, 0)), 0);
const realtimeMBps = payloadBytes / SECONDS / 1e6;
console.log(`input: ${units.length} access units, ${(payloadBytes / 1e6).toFixed(1)} MB = ${SECONDS} s at ${(realtimeMBps * 8).toFixed(2)} Mbit/s`);
console.log('figures on one core, MB/s of input payload; "streams" = how many such streams one core keeps up with');

let tsBytes = 0;
let tsOut: Buffer[] = [];
const ts = runsPerSecond(() => {
  const m = new MpegTsMuxer(TRACKS);
  tsOut = [m.tables()];
  for (const u of units) {
    if (u.key && u.track === 0) tsOut.push(m.tables());
    tsOut.push(m.writeUnit(u));
  }
  tsBytes = tsOut.reduce((n, b) => n + b.length, 0);
});

let mp4Bytes = 0;
let mp4Out: Buffer[] = [];
const fmp4 = runsPerSecond(() => {
  const m = new Fmp4Muxer(TRACKS);
  mp4Out = [];
  let seq = 1;
  for (const u of units) {
    m.addUnit(u);
    if (u.track === 0 && (u.key || m.readyDuration(0) >= 18000)) {
      const f = m.fragment(seq);
      if (f) {
        mp4Out.push(f);
        seq++;
      }
    }
  }
  const last = m.flush(seq);
  if (last) mp4Out.push(last);
  mp4Bytes = mp4Out.reduce((n, b) => n + b.length, 0);
});

// Sanity: both outputs parse back with every unit.
if (parseTs(Buffer.concat(tsOut)).pes.length !== units.length) throw new Error('TS output lost units');
if (mp4Out.flatMap((f) => parseFragments(f)).reduce((n, f) => n + f.tracks.reduce((k, t) => k + t.samples.length, 0), 0) !== units.length) {
  throw new Error('fMP4 output lost units');
}

const row = (name: string, rps: number, outBytes: number) =>
  `${name}: ${((rps * payloadBytes) / 1e6).toFixed(0).padStart(5)} MB/s (${((rps * payloadBytes) / 1e6 / realtimeMBps).toFixed(0)} streams), overhead ${(((outBytes - payloadBytes) / payloadBytes) * 100).toFixed(1)} %`;
console.log(row('MPEG-TS', ts, tsBytes));
console.log(row('fMP4   ', fmp4, mp4Bytes));
