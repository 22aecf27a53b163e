// FFmpeg as the judge of our depacketizers and SDP parsing: FFmpeg's own RTP muxer sends H.264,
// H.265, AAC and Opus to a UDP socket on 127.0.0.1 (RTCP muxed onto the same port), and what we
// reassemble must equal what FFmpeg writes to an elementary-stream file from the same source.
import { execFile } from 'node:child_process';
import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitAdtsFrames } from '../../../../src/main/engine/protocols/aac/adts';
import { splitAnnexB } from '../../../../src/main/engine/protocols/h264/nal-units';
import type { AccessUnit } from '../../../../src/main/engine/protocols/media/types';
import { createDepacketizer } from '../../../../src/main/engine/protocols/rtp/depacketizer';
import { parseRtpPacket } from '../../../../src/main/engine/protocols/rtp/packet';
import { isRtcpPacket, parseRtcpCompound } from '../../../../src/main/engine/protocols/rtp/rtcp';
import { aacHeaderLayout, trackFromRtpmap } from '../../../../src/main/engine/protocols/rtp/sdp-fmtp';
import { oggPackets } from './media-clips';

const run = promisify(execFile);
const ffmpeg = (args: string[]) => run('ffmpeg', ['-v', 'error', '-y', ...args]);
const tmp = mkdtempSync(join(tmpdir(), 'relaybox-rtp-ffmpeg-'));
const file = (name: string) => join(tmp, name);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  const video = ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30', '-t', '2', '-g', '30'];
  const audio = ['-f', 'lavfi', '-i', 'sine=frequency=440:duration=2', '-ac', '2'];
  await Promise.all([
    ffmpeg([...video, '-c:v', 'libx264', '-x264-params', 'aud=1', file('h264.mp4')]),
    ffmpeg([...video, '-c:v', 'libx265', '-x265-params', 'aud=1:log-level=error', file('h265.mp4')]),
    ffmpeg([...audio, '-c:a', 'aac', file('aac.m4a')]),
    ffmpeg([...audio, '-c:a', 'libopus', file('opus.ogg')]),
  ]);
  await Promise.all([
    ffmpeg(['-i', file('h264.mp4'), '-c', 'copy', '-bsf:v', 'h264_mp4toannexb', '-f', 'h264', file('h264.es')]),
    ffmpeg(['-i', file('h265.mp4'), '-c', 'copy', '-bsf:v', 'hevc_mp4toannexb', '-f', 'hevc', file('h265.es')]),
    ffmpeg(['-i', file('aac.m4a'), '-c', 'copy', '-f', 'adts', file('aac.es')]),
  ]);
});

interface Capture {
  rtp: Buffer[];
  rtcp: Buffer[];
  rtpmap: string;
  fmtp?: string;
}

/** Runs FFmpeg's RTP muxer against a socket of ours and collects what arrives. */
async function capture(input: string, pktSize: number): Promise<Capture> {
  const sock: Socket = createSocket('udp4');
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve));
  sock.setRecvBufferSize(4 * 1024 * 1024);
  const got: Buffer[] = [];
  sock.on('message', (m) => got.push(m));
  const port = sock.address().port;
  const sdpFile = file(`${port}.sdp`);
  try {
    await ffmpeg(['-i', input, '-c', 'copy', '-f', 'rtp', '-sdp_file', sdpFile, `rtp://127.0.0.1:${port}?pkt_size=${pktSize}&rtcpport=${port}`]);
    // Loopback datagrams are queued by the time FFmpeg exits; let the event loop drain them.
    for (let idle = 0, last = -1; idle < 3; ) {
      await new Promise((r) => setTimeout(r, 10));
      idle = got.length === last ? idle + 1 : 0;
      last = got.length;
    }
  } finally {
    sock.close();
  }
  const sdp = readFileSync(sdpFile, 'utf8');
  const rtpmap = /^a=rtpmap:\d+ (.+)$/m.exec(sdp)?.[1]?.trim();
  const fmtp = /^a=fmtp:\d+ (.+)$/m.exec(sdp)?.[1]?.trim();
  if (!rtpmap) throw new Error(`no rtpmap in ${sdp}`);
  return { rtp: got.filter((b) => !isRtcpPacket(b)), rtcp: got.filter(isRtcpPacket), rtpmap, fmtp };
}

function depacketize(c: Capture): { units: AccessUnit[]; stats: unknown } {
  const track = trackFromRtpmap(c.rtpmap, c.fmtp);
  expect(track).toBeDefined();
  const d = createDepacketizer(track!, 0, aacHeaderLayout(c.fmtp));
  const units = c.rtp.flatMap((p) => d.push(p));
  units.push(...d.flush());
  expect(d.stats).toMatchObject({ lostPackets: 0, invalidPackets: 0, droppedUnits: 0 });
  return { units, stats: d.stats };
}

/** Slices (VCL units) per access unit, from an Annex B file with access unit delimiters. */
function slicesPerUnit(es: Buffer, h265: boolean): string[][] {
  const type = (n: Buffer) => (h265 ? (n[0] >> 1) & 0x3f : n[0] & 0x1f);
  const isAud = (n: Buffer) => type(n) === (h265 ? 35 : 9);
  const isVcl = (n: Buffer) => (h265 ? type(n) < 32 : type(n) >= 1 && type(n) <= 5);
  const units: string[][] = [];
  for (const n of splitAnnexB(es)) {
    if (isAud(n) || units.length === 0) units.push([]);
    if (isVcl(n)) units[units.length - 1].push(n.toString('hex'));
  }
  return units.filter((u) => u.length > 0);
}

describe('FFmpeg RTP muxer → our depacketizers', () => {
  it.each<['h264' | 'h265', number]>([
    ['h264', 1200],
    ['h264', 1452],
    ['h265', 1200],
  ])('%s at pkt_size %i: every picture, byte-identical, in order', async (codec, pktSize) => {
    const c = await capture(file(`${codec}.mp4`), pktSize);
    for (const p of c.rtp) expect(p.length).toBeLessThanOrEqual(pktSize);
    const { units } = depacketize(c);
    const h265 = codec === 'h265';
    const vcl = (n: Buffer) => (h265 ? ((n[0] >> 1) & 0x3f) < 32 : (n[0] & 0x1f) >= 1 && (n[0] & 0x1f) <= 5);
    const expected = slicesPerUnit(readFileSync(file(`${codec}.es`)), h265);
    expect(units.map((u) => u.nalus!.filter(vcl).map((n) => n.toString('hex')))).toEqual(expected);
    expect(units.filter((u) => u.key).length).toBe(2); // -g 30 over 60 frames
    // FFmpeg's timestamps are pts at 90 kHz: 30 fps frames are 3000 apart (in presentation order).
    const sorted = units.map((u) => u.pts).sort((a, b) => a - b);
    expect(new Set(sorted.slice(1).map((t, i) => t - sorted[i]))).toEqual(new Set([3000]));
  });

  it('AAC (mpeg4-generic, several frames per packet): every frame byte-identical', async () => {
    const c = await capture(file('aac.m4a'), 1452);
    const { units } = depacketize(c);
    const expected = splitAdtsFrames(readFileSync(file('aac.es'))).map((f) => f.payload.toString('hex'));
    expect(c.rtp.length).toBeLessThan(expected.length); // FFmpeg aggregates frames
    const got = units.map((u) => u.payload!.toString('hex'));
    // FFmpeg's muxer never sends the frames still waiting for aggregation when the input ends;
    // every frame it did send (one 16-bit AU-header each) comes out.
    const sent = c.rtp.reduce((n, p) => n + parseRtpPacket(p).payload.readUInt16BE(0) / 16, 0);
    expect(got.length).toBe(sent);
    expect(expected.length - sent).toBeLessThan(8);
    expect(got).toEqual(expected.slice(0, sent));
    expect(units.map((u) => u.pts)).toEqual(got.map((_, i) => i * 1024));
  });

  it('Opus: every packet byte-identical', async () => {
    const c = await capture(file('opus.ogg'), 1452);
    const { units } = depacketize(c);
    const expected = oggPackets(readFileSync(file('opus.ogg'))).slice(2).map((p) => p.toString('hex'));
    expect(units.map((u) => u.payload!.toString('hex'))).toEqual(expected);
  });

  it('parses FFmpeg sender reports for the same SSRC', async () => {
    const c = await capture(file('h264.mp4'), 1452);
    const ssrc = parseRtpPacket(c.rtp[0]).ssrc;
    const reports = c.rtcp.flatMap((b) => parseRtcpCompound(b)).filter((r) => r.type === 'sr');
    expect(reports.length).toBeGreaterThan(0);
    for (const sr of reports) {
      expect(sr).toMatchObject({ type: 'sr', ssrc });
      if (sr.type === 'sr') expect(sr.packetCount).toBeLessThanOrEqual(c.rtp.length);
    }
  });
});
