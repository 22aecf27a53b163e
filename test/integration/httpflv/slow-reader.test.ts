// A reader that connects and never reads must not delay the others (DESIGN §6) and is dropped
// after writeTimeout. The clip is published 8x faster than real time so the stalled client's
// kernel buffers (a few MB on loopback) fill within seconds.
import type net from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { makeTestClip, publishFlvClip, readFlvClip, type FlvPublication } from '../../helpers/flv-publisher';
import { becomesTrue, FlvHttpReader, stalledReader } from './clients';

describe('HTTP-FLV slow reader', () => {
  let dir: string;
  let engine: Engine;
  let ports: TestPorts;
  let publication: FlvPublication | undefined;
  let healthy: FlvHttpReader | undefined;
  let stalled: net.Socket | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-httpflv-slow-'));
    const clip = readFlvClip(await readFile(await makeTestClip(join(dir, 'clip.flv'))));
    const t = await testConfig({ writeTimeout: '2s' });
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
    publication = await publishFlvClip(engine.paths, { path: 'cam1', clip, loops: Infinity, speed: 8 });
  });

  afterAll(async () => {
    healthy?.close();
    stalled?.destroy();
    await publication?.stop();
    await engine?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('does not delay a healthy reader and is dropped after writeTimeout', async () => {
    const pub = publication!;
    const sock = await stalledReader(ports.hls, '/cam1.flv');
    stalled = sock;
    let stalledClosed = false;
    sock.on('close', () => {
      stalledClosed = true;
    });
    healthy = new FlvHttpReader(`http://127.0.0.1:${ports.hls}/cam1.flv`);
    await healthy.response;
    expect(await becomesTrue(() => engine.paths.get('cam1')?.readers.length === 2, 2000)).toBe(true);
    // From here on, the healthy reader must get (nearly) every frame the publisher writes,
    // while the stalled one backs up, stalls and is dropped.
    expect(await becomesTrue(() => healthy!.videoTags > 0, 2000)).toBe(true);
    const framesAtStart = pub.framesWritten;
    const receivedAtStart = healthy.videoTags;

    // Bounded: kernel buffers (~4 MB) at ~1 MB/s, then writeTimeout (2 s) and the 1 s check.
    expect(await becomesTrue(() => engine.paths.get('cam1')?.readers.length === 1, 30_000)).toBe(true);
    const written = pub.framesWritten - framesAtStart;
    const received = healthy.videoTags - receivedAtStart;
    // The server closed that connection: once the client reads again, it drains what the
    // kernel held and then sees the end (a paused socket cannot notice the close before).
    sock.on('data', () => undefined);
    sock.resume();
    expect(await becomesTrue(() => stalledClosed, 10_000)).toBe(true);

    expect(written).toBeGreaterThan(100);
    // Loopback delivery lags by a few frames at most; a reader held back by the stalled one
    // would fall far behind (or skip) instead.
    expect(received).toBeGreaterThanOrEqual(Math.floor(written * 0.95));
    expect(healthy.error).toBeUndefined();
    expect(healthy.closed).toBe(false);
  });
});
