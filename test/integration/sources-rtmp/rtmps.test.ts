// rtmps:// (RTMP over TLS, Node's tls): a TLS terminator with a self-signed certificate in front
// of an engine's RTMP port. Verification is on by default; a pinned SHA-256 fingerprint
// (sourceFingerprint / destFingerprint) accepts that one certificate and no other.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { RtmpPlayer, RtmpPublisher } from '../../../src/main/engine/clients/rtmp';
import type { Track } from '../../../src/main/engine/protocols/media/types';
import { testConfig } from '../../helpers/engine';
import { waitFor } from '../../helpers/ffmpeg';
import { makeTestClip, publishFlvClip, readFlvClip, type FlvClip, type FlvPublication } from '../../helpers/flv-publisher';

describe('rtmps://', () => {
  let engine: Engine;
  let dir: string;
  let clip: FlvClip;
  let pub: FlvPublication;
  let proxy: tls.Server;
  let url: string;
  let fingerprint: string;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-rtmps-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost'], { stdio: 'ignore' });
    const cert = await readFile(join(dir, 'cert.pem'));
    fingerprint = new X509Certificate(cert).fingerprint256;
    clip = readFlvClip(await readFile(await makeTestClip(join(dir, 'clip.flv'), { seconds: 2 })));
    const t = await testConfig();
    engine = createEngine({ config: t.config });
    await engine.start();
    pub = await publishFlvClip(engine.paths, { path: 'test', clip, loops: Infinity });
    proxy = tls.createServer({ key: await readFile(join(dir, 'key.pem')), cert }, (s) => {
      const up = net.connect({ host: '127.0.0.1', port: t.ports.rtmp });
      for (const x of [s, up]) {
        sockets.add(x);
        x.on('close', () => sockets.delete(x));
        x.on('error', () => undefined);
      }
      s.pipe(up).pipe(s);
    });
    proxy.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    url = `rtmps://127.0.0.1:${(proxy.address() as net.AddressInfo).port}`;
  });
  afterAll(async () => {
    await pub?.stop();
    for (const s of sockets) s.destroy();
    await new Promise((resolve) => proxy?.close(resolve));
    await engine?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const noop = { tracks: () => undefined, unit: () => undefined };

  it('refuses a self-signed certificate by default', async () => {
    await expect(RtmpPlayer.open(`${url}/test`, noop)).rejects.toThrow(/^RTMP source 127\.0\.0\.1:\d+\/test: self[- ]signed certificate/);
  });

  it('refuses a certificate whose fingerprint does not match the pinned one', async () => {
    await expect(RtmpPlayer.open(`${url}/test`, noop, { fingerprint: 'ab'.repeat(32) })).rejects.toThrow(/server certificate fingerprint [0-9a-f]{64} does not match the configured one/);
  });

  it('plays and publishes through TLS with the pinned fingerprint', async () => {
    let tracks: Track[] = [];
    let units = 0;
    const player = await RtmpPlayer.open(`${url}/test`, { tracks: (t) => { tracks = t; }, unit: () => { units++; } }, { fingerprint });
    await waitFor(() => units >= 20, '20 units over TLS', 100, 100);
    expect(tracks.map((t) => t.codec)).toEqual(['H264', 'AAC']);
    player.close();

    const publisher = await RtmpPublisher.open(`${url}/copy`, clip.tracks, { fingerprint: fingerprint.toLowerCase() });
    publisher.write(publisher.header());
    for (const au of clip.units.slice(0, 60)) {
      const chunks = publisher.chunksFor(au);
      if (chunks) publisher.write(chunks);
    }
    await waitFor(() => engine.paths.get('copy')?.ready === true, 'copy ready', 100, 100);
    expect(engine.paths.get('copy')?.tracks).toEqual(['H264', 'MPEG-4 Audio']);
    publisher.close();
    await waitFor(() => engine.paths.get('copy')?.ready !== true, 'copy unpublished', 100, 100);
  });
});
