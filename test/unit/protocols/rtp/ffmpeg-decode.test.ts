// Our packetizers judged by FFmpeg's RTP demuxer: we describe each track with fmtpForTrack, FFmpeg
// listens on 127.0.0.1 as told by that SDP, we send the packets and an RTCP BYE (which ends its
// input), and FFmpeg's copy of the stream must equal what we sent.
import { execFile } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitAdtsFrames } from '../../../../src/main/engine/protocols/aac/adts';
import { splitAnnexB } from '../../../../src/main/engine/protocols/h264/nal-units';
import type { Track } from '../../../../src/main/engine/protocols/media/types';
import { createPacketizer } from '../../../../src/main/engine/protocols/rtp/packetizer';
import { buildBye } from '../../../../src/main/engine/protocols/rtp/rtcp';
import { fmtpForTrack } from '../../../../src/main/engine/protocols/rtp/sdp-fmtp';
import { makeClips, oggPackets, type Clips } from './media-clips';

const run = promisify(execFile);
let clips: Clips;
const tmp = mkdtempSync(join(tmpdir(), 'relaybox-rtp-decode-'));
beforeAll(() => {
  clips = makeClips();
});
afterAll(() => {
  clips?.cleanup();
  rmSync(tmp, { recursive: true, force: true });
});

/** An even port with its odd neighbour free for RTCP (RFC 3550 §11). */
async function freePortPair(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const s = createSocket('udp4');
    await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
    const port = s.address().port & ~1;
    s.close();
    if (port > 1024 && !udpPortBound(port) && !udpPortBound(port + 1)) return port;
  }
  throw new Error('no free UDP port pair');
}

/** Linux: whether anything has bound this IPv4 UDP port (/proc/net/udp "local_address" column). */
function udpPortBound(port: number): boolean {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  return readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .some((l) => /^\s*\d+:\s+[0-9A-F]+:([0-9A-F]{4})\s/.exec(l)?.[1] === hex);
}

async function waitUntilBound(port: number): Promise<void> {
  for (let i = 0; i < 500 && !udpPortBound(port); i++) await new Promise((r) => setTimeout(r, 20));
  if (!udpPortBound(port)) throw new Error(`FFmpeg never bound UDP port ${port}`);
}

/** Sends `packets` to FFmpeg as described by our SDP; returns FFmpeg's output file. */
async function sendToFfmpeg(track: Track, packets: Buffer[], ssrc: number, format: string): Promise<Buffer> {
  const port = await freePortPair();
  const d = fmtpForTrack(track)!;
  const media = track.kind === 'video' ? 'video' : 'audio';
  const sdp = ['v=0', 'o=- 0 0 IN IP4 127.0.0.1', 's=relaybox', 'c=IN IP4 127.0.0.1', 't=0 0', `m=${media} ${port} RTP/AVP 96`, `a=rtpmap:96 ${d.rtpmap}`, ...(d.fmtp ? [`a=fmtp:96 ${d.fmtp}`] : []), ''].join('\r\n');
  const sdpFile = join(tmp, `${port}.sdp`);
  const outFile = join(tmp, `${port}.${format}`);
  writeFileSync(sdpFile, sdp);
  const child = run('ffmpeg', ['-v', 'error', '-y', '-protocol_whitelist', 'file,udp,rtp', '-reorder_queue_size', '0', '-i', sdpFile, '-c', 'copy', '-f', format, outFile]);
  const sock = createSocket('udp4');
  try {
    await waitUntilBound(port);
    for (let i = 0; i < packets.length; i++) {
      sock.send(packets[i], port, '127.0.0.1');
      // Pace a little so FFmpeg's socket buffer never overflows on loopback.
      if (i % 20 === 19) await new Promise((r) => setTimeout(r, 2));
    }
    // BYE arrives on the other socket: give FFmpeg time to read the media socket dry first.
    await new Promise((r) => setTimeout(r, 100));
    sock.send(buildBye([ssrc]), port + 1, '127.0.0.1');
    await child;
  } finally {
    sock.close();
    child.child.kill();
  }
  return readFileSync(outFile);
}

describe('our packetizers → FFmpeg RTP demuxer', () => {
  it.each<['h264' | 'h265', number]>([
    ['h264', 1200],
    ['h264', 200],
    ['h265', 1200],
  ])('%s at maxPayloadSize %i: FFmpeg gets every NAL unit back', async (codec, mtu) => {
    const { track, units } = clips[codec];
    const p = createPacketizer(track, { payloadType: 96, maxPayloadSize: mtu });
    const out = await sendToFfmpeg(track, units.flatMap((u) => p.packetize(u)), p.ssrc, codec === 'h264' ? 'h264' : 'hevc');
    // FFmpeg may add parameter sets of its own (from the SDP) before keyframes; every unit we
    // sent must come back in order.
    const got = splitAnnexB(out).map((n) => n.toString('hex'));
    const sent = units.flatMap((u) => u.nalus!).map((n) => n.toString('hex'));
    let j = 0;
    for (const n of got) if (j < sent.length && n === sent[j]) j++;
    expect(j).toBe(sent.length);
  });

  it('AAC: FFmpeg gets every frame back', async () => {
    const { track, units } = clips.aac;
    const p = createPacketizer(track, { payloadType: 96 });
    const out = await sendToFfmpeg(track, units.flatMap((u) => p.packetize(u)), p.ssrc, 'adts');
    expect(splitAdtsFrames(out).map((f) => f.payload.toString('hex'))).toEqual(units.map((u) => u.payload!.toString('hex')));
  });

  it('Opus: FFmpeg gets every packet back', async () => {
    const { track, units } = clips.opus;
    const p = createPacketizer(track, { payloadType: 96 });
    const out = await sendToFfmpeg(track, units.flatMap((u) => p.packetize(u)), p.ssrc, 'ogg');
    expect(oggPackets(out).slice(2).map((b) => b.toString('hex'))).toEqual(units.map((u) => u.payload!.toString('hex')));
  });
});
