// The RTSP play client against our own RTSP server: FFmpeg publishes a test pattern, the client
// reads it over TCP, UDP and automatic, and what it delivers decodes (FFmpeg counts the frames).
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import { RtspPlayClient, type RtspPlayTransport } from '../../../src/main/engine/clients/rtsp/play-client';
import type { AccessUnit, Track } from '../../../src/main/engine/protocols/media/types';
import { CollectingLogger } from '../../fakes/logger';
import { publishTestPattern, run, stopAll, waitFor } from '../../helpers/ffmpeg';
import type { TestPorts } from '../../helpers/engine';
import { startTestEngine } from '../../helpers/test-engine';

const START_CODE = Buffer.from([0, 0, 0, 1]);

/** Annex B with the SDP's parameter sets first, for FFmpeg to decode. */
function annexB(track: Track, units: AccessUnit[]): Buffer {
  const parts: Buffer[] = [];
  if (track.kind === 'video' && track.sps && track.pps) parts.push(START_CODE, track.sps, START_CODE, track.pps);
  for (const au of units) for (const n of au.nalus ?? []) parts.push(START_CODE, n);
  return Buffer.concat(parts);
}

/** Frames FFmpeg decodes from an H.264 elementary stream, and its error output. */
async function decodedFrames(h264: Buffer): Promise<{ frames: number; errors: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'rtsp-client-'));
  try {
    const file = join(dir, 'video.h264');
    writeFileSync(file, h264);
    const p = run('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames', '-of', 'csv=p=0', '-f', 'h264', file]);
    let out = '';
    p.child.stdout!.removeAllListeners('data');
    p.child.stdout!.setEncoding('utf8');
    p.child.stdout!.on('data', (d: string) => (out += d));
    await p.exited;
    return { frames: Number(out.trim()), errors: p.stderr().trim() };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('RTSP play client', () => {
  let engine: Engine;
  let ports: TestPorts;
  const url = (path: string, userinfo = '') => `rtsp://${userinfo}127.0.0.1:${ports.rtsp}/${path}`;

  beforeAll(async () => {
    ({ engine, ports } = await startTestEngine());
    publishTestPattern(url('pattern'), { format: 'rtsp', extra: ['-rtsp_transport', 'tcp'] });
    await waitFor(() => engine.paths.get('pattern')?.ready === true, 'pattern ready');
  });
  afterAll(async () => {
    await stopAll();
    await engine.stop();
  });

  it.each(['tcp', 'udp', 'automatic'] as RtspPlayTransport[])('reads H.264 + AAC over %s and the video decodes', async (transport) => {
    const log = new CollectingLogger();
    const client = new RtspPlayClient({ url: url('pattern'), role: 'source', log, transport });
    const units: AccessUnit[] = [];
    let bytes = 0;
    try {
      const tracks = await client.describe();
      expect(tracks.map((t) => t.codec)).toEqual(['H264', 'AAC']);
      expect(tracks[0]).toMatchObject({ kind: 'video', width: 640, height: 360 });
      expect(tracks[1]).toMatchObject({ kind: 'audio', clockRate: 48000 });
      await client.play((au) => units.push(au));
      expect(client.transport).toBe(transport === 'tcp' ? 'TCP' : 'UDP');
      const video = () => units.filter((u) => u.track === 0);
      await waitFor(() => video().length >= 45, '45 video units', 150, 100);
      expect(units.some((u) => u.track === 1)).toBe(true);
      bytes = units.reduce((n, u) => n + (u.payload?.length ?? 0) + (u.nalus ?? []).reduce((m, x) => m + x.length, 0), 0);
    } finally {
      await client.close();
    }
    await client.wait();
    expect(bytes).toBeGreaterThan(10_000);
    // Start at the first keyframe (the GOP cache gives one at once) and decode.
    const video = units.filter((u) => u.track === 0);
    const firstKey = video.findIndex((u) => u.key);
    expect(firstKey).toBe(0);
    const decoded = await decodedFrames(annexB(client.tracks[0], video));
    expect(decoded.errors).toBe('');
    expect(decoded.frames).toBeGreaterThanOrEqual(30);
    // Timestamps grow and audio sits near video on the same timeline.
    for (let i = 1; i < video.length; i++) expect(video[i].dts).toBeGreaterThan(video[i - 1].dts);
    const audio = units.filter((u) => u.track === 1);
    const videoStartS = video[0].dts / 90000;
    const audioStartS = audio[0].dts / 48000;
    expect(Math.abs(videoStartS - audioStartS)).toBeLessThan(1.5);
  });

  describe('rtsps (TLS in front of our server, self-signed certificate)', () => {
    let proxy: tls.Server;
    let tlsPort = 0;
    let fingerprint = '';
    beforeAll(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'rtsps-'));
      try {
        execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=relaybox-test',
          '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
        const key = readFileSync(join(dir, 'key.pem'));
        const cert = readFileSync(join(dir, 'cert.pem'));
        fingerprint = new X509Certificate(cert).fingerprint256;
        proxy = tls.createServer({ key, cert }, (client) => {
          const upstream = net.connect({ host: '127.0.0.1', port: ports.rtsp });
          client.pipe(upstream).pipe(client);
          const end = () => { client.destroy(); upstream.destroy(); };
          client.on('error', end).on('close', end);
          upstream.on('error', end).on('close', end);
        });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
      tlsPort = (proxy.address() as net.AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => proxy.close(resolve));
    });

    it('plays over TLS (TCP) when sourceFingerprint matches; refuses a wrong or missing one', async () => {
      const url = `rtsps://127.0.0.1:${tlsPort}/pattern`;
      const client = new RtspPlayClient({ url, role: 'source', log: new CollectingLogger(), fingerprint: fingerprint.toLowerCase() });
      const units: AccessUnit[] = [];
      try {
        expect((await client.describe()).map((t) => t.codec)).toEqual(['H264', 'AAC']);
        await client.play((au) => units.push(au));
        expect(client.transport).toBe('TCP');
        await waitFor(() => units.filter((u) => u.track === 0).length >= 10, '10 video units over TLS');
      } finally {
        await client.close();
      }
      const wrong = new RtspPlayClient({ url, role: 'source', log: new CollectingLogger(), fingerprint: 'AA:'.repeat(31) + 'AA' });
      await expect(wrong.describe()).rejects.toThrow(`RTSP source: the certificate of 127.0.0.1:${tlsPort} does not match sourceFingerprint`);
      const none = new RtspPlayClient({ url, role: 'source', log: new CollectingLogger() });
      await expect(none.describe()).rejects.toThrow(new RegExp(`RTSP source: cannot connect to 127\\.0\\.0\\.1:${tlsPort}: .*self.signed`));
    });
  });
});
