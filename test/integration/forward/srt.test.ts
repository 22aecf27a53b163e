// Forward to SRT through FFmpeg (libsrt): ffprobe listens as the SRT server and reads what
// the forward sends; an FFmpeg without libsrt makes the destination fail with a clear message.
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import { forwardToSrt, ForwardUnsupportedError, type ForwardManager } from '../../../src/main/engine/forward';
import type { PathReader } from '../../../src/main/engine/core';
import { nullLogger } from '../../../src/main/engine/log';
import { startTestEngine } from '../../helpers/test-engine';
import { freePort } from '../../helpers/ports';
import { probe, run } from '../../helpers/ffmpeg';
import { makeTestClip, publishFlvClip, readFlvClip, type FlvPublication } from '../../helpers/flv-publisher';

const ffmpegHasSrt = await new Promise<boolean>((resolve) => {
  const p = run('ffmpeg', ['-hide_banner', '-protocols']);
  let out = '';
  p.child.stdout!.setEncoding('utf8');
  p.child.stdout!.on('data', (d: string) => (out += d));
  void p.exited.then(() => resolve(/^Output:[\s\S]*^\s+srt\s*$/m.test(out)));
});

describe('forward to SRT', () => {
  let engine: Engine;
  let dir: string;
  let srtPort: number;
  let pub: FlvPublication | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-forward-srt-'));
    srtPort = await freePort();
  });
  afterAll(async () => {
    await pub?.stop();
    await engine?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it.skipIf(!ffmpegHasSrt)('pushes MPEG-TS over SRT that ffprobe reads', async () => {
    const clip = readFlvClip(await readFile(await makeTestClip(join(dir, 'clip.flv'), { seconds: 2 })));
    ({ engine } = await startTestEngine({
      paths: { cam: { forward: [{ dest: `srt://127.0.0.1:${srtPort}?mode=caller&passphrase=Srt-Secret-123`, destFingerprint: '', whipBearerToken: '' }] }, all_others: {} },
    }));
    // The SRT server: ffprobe listening; the forward (caller) retries until it is there.
    const probed = probe(`srt://127.0.0.1:${srtPort}?mode=listener&passphrase=Srt-Secret-123`, [], 30);
    pub = await publishFlvClip(engine.paths, { path: 'cam', clip, loops: Infinity });
    const r = await probed;
    expect(r.error).toBe('');
    expect(r.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    const [f] = engine.service<ForwardManager>('forward')!.list();
    expect(f.dest).toBe(`srt://127.0.0.1:${srtPort}?mode=caller&passphrase=***`);
    expect(engine.log.recent(5000).map((e) => e.message).join('\n')).not.toContain('Srt-Secret-123');
  });

  it('fails with a clear message when FFmpeg has no libsrt', async () => {
    // An "FFmpeg" whose protocol list lacks srt (a build without libsrt).
    const fake = join(dir, 'ffmpeg-without-srt');
    await writeFile(fake, '#!/bin/sh\nprintf "Supported file protocols:\\nInput:\\n  file\\n  rtmp\\nOutput:\\n  file\\n  rtmp\\n"\n');
    await chmod(fake, 0o755);
    const ctx = { dest: 'srt://127.0.0.1:9?mode=caller', log: nullLogger(), signal: new AbortController().signal, reader: {} as PathReader, addBytes: () => undefined };
    const err = await forwardToSrt(ctx, { input: { url: 'rtmp://127.0.0.1:1/cam', args: [] }, ffmpegPath: fake }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ForwardUnsupportedError);
    expect((err as Error).message).toBe(`SRT forward needs an FFmpeg built with libsrt; ${fake} lists no srt protocol in "ffmpeg -protocols"`);
  });
});
