// Micro-benchmark of the RTP hot paths: packetizing H.264 access units (once per unit on the
// server, shared by all RTSP/WebRTC readers) and depacketizing a publisher's packets.
//   npm exec -- tsx bench/rtp-packetize.ts
// Input: 10 s of a 4 Mbit/s 30 fps H.264 stream shaped like x264 output (a ~120 KB IDR per
// second with SPS/PPS, ~13 KB other frames, each split into 4 slices like a multi-threaded encoder).
import type { AccessUnit } from '../src/main/engine/protocols/media/types';
import { H264Depacketizer } from '../src/main/engine/protocols/rtp/h264-depacketizer';
import { H264Packetizer } from '../src/main/engine/protocols/rtp/h264-packetizer';

const SECONDS = 10;

function stream(): AccessUnit[] {
  let seed = 1;
  const nal = (header: number, n: number) => {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i += 64) b[i] = seed = (seed * 1103515245 + 12345) >>> 0;
    b[0] = header;
    return b;
  };
  const units: AccessUnit[] = [];
  for (let s = 0; s < SECONDS; s++) {
    for (let f = 0; f < 30; f++) {
      const pts = (s * 30 + f) * 3000;
      const key = f === 0;
      const size = key ? 120_000 : 11_000 + ((f * 7919) % 4000);
      const slices = [0, 1, 2, 3].map(() => nal(key ? 0x65 : 0x41, size / 4));
      units.push({ track: 0, dts: pts, pts, key, nalus: key ? [nal(0x67, 25), nal(0x68, 5), ...slices] : slices });
    }
  }
  return units;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Runs `work` repeatedly for ~1 s after a warm-up; returns runs per second. */
function runsPerSecond(work: () => void): number {
  for (let i = 0; i < 3; i++) work();
  let runs = 0;
  const start = process.hrtime.bigint();
  do {
    work();
    runs++;
  } while (seconds(start) < 1);
  return runs / seconds(start);
}

const units = stream();
const payloadBytes = units.reduce((n, u) => n + u.nalus!.reduce((m, x) => m + x.length, 0), 0);
const realtimeMBps = payloadBytes / SECONDS / 1e6;
console.log(`input: ${units.length} access units, ${(payloadBytes / 1e6).toFixed(1)} MB = ${SECONDS} s at ${(realtimeMBps * 8).toFixed(2)} Mbit/s`);
console.log('figures on one core; "streams" = how many such streams one core keeps up with');

const track = { kind: 'video' as const, codec: 'H264' as const, clockRate: 90000 as const };
for (const [name, maxPayloadSize, prependParameterSets] of [
  ['RTSP/UDP 1452', 1452, false],
  ['WebRTC 1200  ', 1200, true],
] as const) {
  let packetsPerRun = 0;
  let wire: Buffer[] = [];
  const packetize = runsPerSecond(() => {
    const p = new H264Packetizer(track, { payloadType: 96, maxPayloadSize, prependParameterSets });
    wire = [];
    for (const u of units) for (const pk of p.packetize(u)) wire.push(pk);
    packetsPerRun = wire.length;
  });
  let emitted = 0;
  const depacketize = runsPerSecond(() => {
    const d = new H264Depacketizer(0);
    for (const pk of wire) emitted += d.push(pk).length;
  });
  if (emitted === 0) throw new Error('depacketizer produced nothing');
  const row = (label: string, rps: number) =>
    `${label} ${((rps * packetsPerRun) / 1e6).toFixed(2).padStart(5)} M packets/s ${((rps * payloadBytes) / 1e6).toFixed(0).padStart(5)} MB/s (${((rps * payloadBytes) / 1e6 / realtimeMBps).toFixed(0)} streams)`;
  console.log(`${name}: ${packetsPerRun} packets;  ${row('packetize', packetize)};  ${row('depacketize', depacketize)}`);
}
