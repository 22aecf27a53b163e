// Audio and video read over RTSP start on one timeline (RTP-Info rtptime, RTCP sender reports).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import { publishTestPattern, run, stopAll, waitFor } from '../../helpers/ffmpeg';
import { testConfig, type TestPorts } from '../../helpers/engine';

async function firstPts(url: string, transport: string): Promise<Map<string, number>> {
  const p = run('ffprobe', ['-v', 'error', '-rtsp_transport', transport, '-read_intervals', '%+3', '-show_entries', 'packet=codec_type,pts_time', '-of', 'csv=p=0', url]);
  let out = '';
  p.child.stdout!.removeAllListeners('data');
  p.child.stdout!.setEncoding('utf8');
  p.child.stdout!.on('data', (d: string) => { out += d; });
  const timer = setTimeout(() => p.kill(), 20_000);
  await p.exited;
  clearTimeout(timer);
  const first = new Map<string, number>();
  for (const line of out.split('\n')) {
    const [type, pts] = line.split(',');
    if ((type === 'video' || type === 'audio') && pts && pts !== 'N/A' && !first.has(type)) first.set(type, Number(pts));
  }
  return first;
}

describe('RTSP A/V timeline', () => {
  let engine: Engine;
  let ports: TestPorts;
  beforeAll(async () => {
    const t = await testConfig();
    ports = t.ports;
    engine = createEngine({ config: t.config });
    await engine.start();
  });
  afterEach(async () => { await stopAll(); });
  afterAll(async () => { await engine.stop(); });

  it.each([['rtmp', 'tcp'], ['rtmp', 'udp'], ['rtsp', 'tcp']])('published over %s, read over RTSP/%s: audio and video start together', async (input, transport) => {
    const path = `sync-${input}-${transport}`;
    if (input === 'rtmp') publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/${path}`);
    else publishTestPattern(`rtsp://127.0.0.1:${ports.rtsp}/${path}`, { format: 'rtsp', extra: ['-rtsp_transport', 'tcp'] });
    await waitFor(() => engine.paths.get(path)?.ready === true, 'ready');
    const first = await firstPts(`rtsp://127.0.0.1:${ports.rtsp}/${path}`, transport);
    expect(first.has('video') && first.has('audio')).toBe(true);
    expect(Math.abs(first.get('video')! - first.get('audio')!), JSON.stringify([...first])).toBeLessThan(0.15);
  });
});
