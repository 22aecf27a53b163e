// Micro-benchmark of the RTMP chunk hot paths: serializing messages into chunks (once per access
// unit on the server) and parsing a publisher's chunk stream.
//   npm exec -- tsx bench/rtmp-chunks.ts
// Input: 10 s of a 4 Mbit/s 30 fps video + 128 kbit/s AAC stream shaped like x264 output (a
// ~120 KB key frame per second, ~13 KB other frames, ~370 B audio frames), fed to the reader in
// 64 KiB socket-sized reads.
import { RtmpChunkReader } from '../src/main/engine/protocols/rtmp/chunk-reader';
import { RtmpChunkWriter, serializeMessage } from '../src/main/engine/protocols/rtmp/chunk-writer';
import { setChunkSizeMessage } from '../src/main/engine/protocols/rtmp/control-messages';
import type { RtmpMessage } from '../src/main/engine/protocols/rtmp/message';

const SECONDS = 10;

function stream(): RtmpMessage[] {
  const out: RtmpMessage[] = [];
  let seed = 1;
  const payload = (n: number) => {
    const b = Buffer.allocUnsafe(n);
    for (let i = 0; i < n; i += 64) b[i] = seed = (seed * 1103515245 + 12345) >>> 0;
    return b;
  };
  for (let s = 0; s < SECONDS; s++) {
    for (let f = 0; f < 30; f++) {
      const ts = s * 1000 + Math.round((f * 1000) / 30);
      out.push({ typeId: 9, streamId: 1, timestamp: ts, payload: payload(f === 0 ? 120_000 : 13_000 + ((f * 7919) % 4000)) });
      // ~43 AAC frames per second, interleaved.
      if (f % 3 !== 2) out.push({ typeId: 8, streamId: 1, timestamp: ts + 5, payload: payload(370) });
    }
  }
  return out;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Runs `work` (which processes `bytes` bytes) repeatedly for ~1 s after a warm-up; MB/s. */
function measure(bytes: number, work: () => void): number {
  for (let i = 0; i < 3; i++) work();
  let runs = 0;
  const start = process.hrtime.bigint();
  do {
    work();
    runs++;
  } while (seconds(start) < 1);
  return (bytes * runs) / seconds(start) / 1e6;
}

const messages = stream();
const payloadBytes = messages.reduce((n, m) => n + m.payload.length, 0);
const realtimeMBps = payloadBytes / SECONDS / 1e6;
console.log(`input: ${messages.length} messages, ${(payloadBytes / 1e6).toFixed(1)} MB = ${SECONDS} s at ${((realtimeMBps * 8)).toFixed(2)} Mbit/s`);
console.log('figures are payload MB/s on one core; "streams" = how many such streams one core keeps up with');

for (const chunkSize of [128, 4096, 65536]) {
  const serializeMBps = measure(payloadBytes, () => {
    for (const m of messages) serializeMessage(m, chunkSize);
  });
  const writer = new RtmpChunkWriter();
  writer.chunkSize = chunkSize;
  const compressMBps = measure(payloadBytes, () => {
    for (const m of messages) writer.write(m);
  });
  const wire = Buffer.concat([serializeMessage(setChunkSizeMessage(chunkSize), 128), ...messages.map((m) => serializeMessage(m, chunkSize))]);
  const reads: Buffer[] = [];
  for (let i = 0; i < wire.length; i += 65536) reads.push(wire.subarray(i, i + 65536));
  let parsed = 0;
  const parseMBps = measure(payloadBytes, () => {
    const reader = new RtmpChunkReader();
    for (const r of reads) parsed += reader.feed(r).length;
  });
  if (parsed === 0) throw new Error('parser produced nothing');
  const row = (name: string, v: number) => `${name} ${v.toFixed(0).padStart(6)} MB/s (${(v / realtimeMBps).toFixed(0)} streams)`;
  console.log(`chunk size ${String(chunkSize).padStart(5)}: ${row('serialize', serializeMBps)}  ${row('writer', compressMBps)}  ${row('parse', parseMBps)}`);
}
