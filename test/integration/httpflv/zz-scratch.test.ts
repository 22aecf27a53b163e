import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { it } from 'vitest';
import { createEngine } from '../../../src/main/engine';
import { testConfig } from '../../helpers/engine';
import { makeTestClip, publishFlvClip, readFlvClip } from '../../helpers/flv-publisher';
import { runTool, stalledReader, FlvHttpReader, sleep } from './clients';

it('scratch', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'scratch-'));
  const clip = readFlvClip(await readFile(await makeTestClip(join(dir, 'clip.flv'))));
  const t = await testConfig({ writeTimeout: '2s' });
  const engine = createEngine({ config: t.config });
  await engine.start();
  const pub = await publishFlvClip(engine.paths, { path: 'cam1', clip, loops: Infinity, speed: 1 });
  const u = `http://127.0.0.1:${t.ports.hls}/cam1.flv`;
  const r = await runTool('ffmpeg', ['-hide_banner', '-v', 'warning', '-i', u, '-frames:v', '120', '-f', 'null', '-']);
  console.log('STDERR', r.code, r.stderr);
  const r2 = await runTool('ffprobe', ['-hide_banner', '-v', 'warning', '-show_format', u]);
  console.log('PROBE', r2.code, r2.stderr, r2.stdout);
  const s = await stalledReader(t.ports.hls, '/cam1.flv');
  const good = new FlvHttpReader(u);
  let closedAt = 0; const t0 = Date.now();
  s.on('close', () => { closedAt = Date.now() - t0; });
  for (let i = 0; i < 30 && !closedAt; i++) { await sleep(500); console.log(i, JSON.stringify(engine.paths.get('cam1')), good.videoTags); }
  console.log('closed after', closedAt);
  good.close(); s.destroy();
  await pub.stop(); await engine.stop();
});
