// Issue 8 item 2 acceptance: with `alwaysAvailable`, RTMP and RTSP readers (FFmpeg) connect while
// the path has no publisher, get the offline slate, stay connected across a publisher's start,
// kill and restart, and decode without errors throughout.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { Config } from '../../../src/shared/config';
import type { TestPorts } from '../../helpers/engine';
import { startTestEngine } from '../../helpers/test-engine';
import { publishTestPattern, run, stopAll, waitFor, type Proc } from '../../helpers/ffmpeg';

/** An FFmpeg reader decoding to null, counting decoded video frames from -progress. */
function reader(input: string[]): Proc & { frames(): number } {
  const p = run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'warning', ...input, '-f', 'null', '-', '-progress', 'pipe:1', '-stats_period', '0.2']);
  let frames = 0;
  p.child.stdout!.setEncoding('utf8');
  p.child.stdout!.on('data', (d: string) => {
    for (const m of d.matchAll(/^frame=(\d+)$/gm)) frames = Number(m[1]);
  });
  return Object.assign(p, { frames: () => frames });
}

describe('alwaysAvailable', () => {
  let engine: Engine;
  let ports: TestPorts;

  beforeAll(async () => {
    ({ engine, ports } = await startTestEngine({
      paths: {
        // publishTestPattern sends H.264 and AAC 48 kHz mono.
        live: { alwaysAvailable: true, alwaysAvailableTracks: [{ codec: 'H264' }, { codec: 'MPEG4Audio', sampleRate: 48000, channelCount: 1 }] },
        all_others: {},
      } as Config['paths'],
    }));
  });
  afterAll(async () => {
    await stopAll();
    await engine?.stop();
  });

  it('keeps RTMP and RTSP readers decoding across a publisher kill and restart', async () => {
    await waitFor(() => engine.paths.get('live')?.ready === true, 'offline slate playing', 300);
    expect(engine.paths.get('live')).toMatchObject({ available: true, online: false, source: null });

    const rtmp = reader(['-i', `rtmp://127.0.0.1:${ports.rtmp}/live`]);
    const rtsp = reader(['-rtsp_transport', 'tcp', '-i', `rtsp://127.0.0.1:${ports.rtsp}/live`]);
    const both = () => [rtmp, rtsp];
    const progressed = async (what: string) => {
      const before = both().map((r) => r.frames());
      await waitFor(() => both().every((r, i) => r.frames() >= before[i] + 60), what, 200);
    };
    await progressed('frames of the slate');

    let publisher = publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/live`);
    await waitFor(() => engine.paths.get('live')?.online === true, 'publisher online', 200);
    await progressed('live frames');

    publisher.kill();
    await publisher.exited;
    await waitFor(() => engine.paths.get('live')?.online === false, 'publisher gone', 200);
    expect(engine.paths.get('live')!.ready).toBe(true);
    await progressed('slate frames after the kill');

    publisher = publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/live`);
    await waitFor(() => engine.paths.get('live')?.online === true, 'publisher back', 200);
    await progressed('live frames after the restart');

    for (const r of both()) {
      expect(r.child.exitCode).toBeNull();
      expect(r.stderr().trim()).toBe('');
    }
    expect(engine.paths.get('live')!.readers.length).toBe(2);
  }, 120_000);
});
