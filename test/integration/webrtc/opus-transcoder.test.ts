// AAC → Opus for WebRTC readers: ffmpeg publishes H.264+AAC over RTMP; werift viewers must get
// Opus RTP that FFmpeg decodes, from one shared transcoder that stops with the last viewer.
import dgram from 'node:dgram';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../helpers/ports';
import { run, waitFor } from '../../helpers/ffmpeg';
import { wheperiftClient } from './clients';
import { publishedEngine, type PublishedEngine } from './published-engine';

/** RFC 6716 §3.1: the TOC byte's config field gives the frame duration. */
function opusFrameMs(toc: number): number {
  const config = toc >> 3;
  if (config < 12) return [10, 20, 40, 60][config % 4];
  if (config < 16) return [10, 20][config % 2];
  return [2.5, 5, 10, 20][config % 4];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

interface TranscoderInfo { state: string; pid: number | null; packets: number }

describe('WHEP audio from an AAC publisher', () => {
  let t: PublishedEngine;
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-opus-'));
    t = await publishedEngine({ cam: {} });
  });

  afterAll(async () => {
    await t?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const transcoders = (): TranscoderInfo[] =>
    t.engine.conns('webrtcsessions')!.list().map((s) => s.audioTranscoder as TranscoderInfo).filter(Boolean);

  it('sends decodable 20 ms Opus from one FFmpeg shared by the viewers, stopped when the last leaves', async () => {
    const [a, b] = await Promise.all([wheperiftClient(t.whep('cam')), wheperiftClient(t.whep('cam'))]);
    t.clients.push(a, b);
    expect(a.reply.status, a.reply.body).toBe(201);
    expect(a.reply.body).toMatch(/a=rtpmap:111 opus\/48000\/2/);
    await waitFor(() => a.audioPackets > 0 && b.audioPackets > 0, 'Opus packets at both viewers', 150, 100);

    // One FFmpeg for the path, reported by both sessions.
    const running = transcoders();
    expect(running).toHaveLength(2);
    expect(running[0].state).toBe('running');
    expect(running[0].pid).toBeGreaterThan(0);
    expect(running[1].pid).toBe(running[0].pid);
    const pid = running[0].pid!;

    const before = a.audioPackets;
    await new Promise((r) => setTimeout(r, 2000));
    // 20 ms packets: 50 per second (loaded machine: allow a wide margin, but not 2x off).
    expect(a.audioPackets - before).toBeGreaterThan(60);
    expect(a.audioPackets - before).toBeLessThan(140);
    const packets = a.audio.slice(-60);
    for (const p of packets) {
      expect(opusFrameMs(p.payload[0])).toBe(20);
      expect(p.payload[0] & 3).toBe(0); // code 0: one frame per packet
    }
    // Consecutive packets are 960 ticks (20 ms at 48 kHz) apart.
    const steps = packets.slice(1).map((p, i) => (p.timestamp - packets[i].timestamp) >>> 0);
    expect(steps.filter((s) => s === 960).length).toBeGreaterThan(steps.length * 0.9);

    // FFmpeg decodes what the viewer received (replayed to it as RTP with an SDP).
    const port = await freePort();
    const sdp = join(dir, 'opus.sdp');
    await writeFile(sdp, `v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns=opus\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio ${port} RTP/AVP 111\r\na=rtpmap:111 opus/48000/2\r\n`);
    const dec = run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-protocol_whitelist', 'file,udp,rtp', '-i', sdp, '-f', 's16le', '-ac', '2', '-ar', '48000', '-']);
    let pcm = 0;
    let peak = 0;
    dec.child.stdout!.removeAllListeners('data');
    dec.child.stdout!.on('data', (d: Buffer) => {
      pcm += d.length;
      for (let i = 0; i + 1 < d.length; i += 2) peak = Math.max(peak, Math.abs(d.readInt16LE(i)));
    });
    const sock = dgram.createSocket('udp4');
    try {
      await new Promise((r) => setTimeout(r, 700));
      const all = a.audio.slice(0, 150);
      for (let i = 0; i < all.length; i++) {
        const h = Buffer.alloc(12);
        h[0] = 0x80; h[1] = 111;
        h.writeUInt16BE(i & 0xffff, 2);
        h.writeUInt32BE((all[i].timestamp - all[0].timestamp) >>> 0, 4);
        h.writeUInt32BE(0x1234, 8);
        sock.send(Buffer.concat([h, all[i].payload]), port, '127.0.0.1');
        if (i % 10 === 9) await new Promise((r) => setTimeout(r, 5));
      }
      // 150 packets of 20 ms stereo s16: 576 kB; FFmpeg holds back a little at the end.
      await waitFor(() => pcm > 400_000, 'decoded PCM', 100, 100);
    } finally {
      sock.close();
      dec.kill();
    }
    expect(dec.stderr()).not.toMatch(/Error|Invalid/i);
    // The publisher's 440 Hz sine, not silence (FFmpeg's sine source peaks at 1/8 of full scale).
    expect(peak).toBeGreaterThan(1000);

    await a.close();
    expect(alive(pid)).toBe(true);
    await b.close();
    await waitFor(() => !alive(pid), 'the transcoder exits with the last viewer', 100, 100);
  }, 60_000);
});
