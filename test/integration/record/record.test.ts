// Recording with real components (issue 8 §4 acceptance): FFmpeg publishes an H.264+AAC test
// pattern over RTMP for 10 s to paths with `record: yes`; the segments on disk must decode
// without errors in FFmpeg and add up to 10 s ± 1 s, in fMP4 and in MPEG-TS.
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { RecordService } from '../../../src/main/engine/record';
import { publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';
import type { TestPorts } from '../../helpers/engine';
import { startTestEngine } from '../../helpers/test-engine';
import { freePort } from '../../helpers/ports';
import { createHttpApi } from '../../../src/shared/http-client';
import { decodeFile, videoDuration } from './media-check';

describe('recording', () => {
  let engine: Engine;
  let ports: TestPorts;
  let dir: string;
  let playback: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'relaybox-rec-'));
    const common = { record: true, recordPath: `${dir}/%path/%Y-%m-%d_%H-%M-%S-%f`, recordPartDuration: '500ms', recordSegmentDuration: '4s' };
    const playbackPort = await freePort();
    playback = `http://127.0.0.1:${playbackPort}`;
    ({ engine, ports } = await startTestEngine({
      playback: true, playbackAddress: `127.0.0.1:${playbackPort}`,
      paths: {
        mp4: {
          ...common, recordFormat: 'fmp4',
          // MediaMTX-style hooks (no shell: the command is split and $VARs expanded by Relaybox).
          runOnRecordSegmentCreate: `sh -c 'echo "create $MTX_PATH $MTX_SEGMENT_PATH" >> ${dir}/hooks.log'`,
          runOnRecordSegmentComplete: `sh -c 'echo "complete $MTX_PATH $MTX_SEGMENT_PATH $MTX_SEGMENT_DURATION" >> ${dir}/hooks.log'`,
        }, ts: { ...common, recordFormat: 'mpegts' }, all_others: {} },
    } as never));
  });
  afterAll(async () => {
    await stopAll();
    await engine.stop();
    await rm(dir, { recursive: true, force: true });
  });

  async function segments(path: string): Promise<string[]> {
    return (await readdir(join(dir, path))).sort().map((f) => join(dir, path, f));
  }

  it('records 10 s of H.264+AAC as fMP4 and as MPEG-TS segments that decode cleanly', async () => {
    const url = (p: string) => `rtmp://127.0.0.1:${ports.rtmp}/${p}`;
    const pubs = ['mp4', 'ts'].map((p) => publishTestPattern(url(p), { seconds: 10, size: '320x240' }));
    await waitFor(() => engine.paths.get('mp4')?.ready === true && engine.paths.get('ts')?.ready === true, 'both paths ready', 100);
    await Promise.all(pubs.map((p) => p.exited));
    await waitFor(() => !engine.paths.get('mp4')?.ready && !engine.paths.get('ts')?.ready, 'paths not ready', 100);
    await engine.service<RecordService>('record')!.settled();

    for (const [path, ext] of [['mp4', '.mp4'], ['ts', '.ts']] as const) {
      const files = await segments(path);
      // 10 s in segments of at least 4 s: three files (4 + 4 + 2).
      expect(files.length, `${path}: ${files.join(', ')}`).toBe(3);
      let total = 0;
      for (const f of files) {
        expect(f.endsWith(ext)).toBe(true);
        const d = await videoDuration(f);
        expect(d.errors, f).toBe('');
        expect(await decodeFile(f), f).toBe('');
        total += d.seconds;
      }
      expect(Math.abs(total - 10), `${path} total ${total}`).toBeLessThanOrEqual(1);
    }

    const hookLines = async () => (await readFile(join(dir, 'hooks.log'), 'utf8').catch(() => '')).trim().split('\n').filter(Boolean);
    await waitFor(async () => (await hookLines()).length === 6, 'six hook runs', 100);
    const lines = await hookLines();
    const files = await segments('mp4');
    expect(lines.filter((l) => l.startsWith('create ')).sort()).toEqual(files.map((f) => `create mp4 ${f}`));
    const completed = lines.filter((l) => l.startsWith('complete ')).map((l) => l.split(' '));
    expect(completed.map((c) => c[2]).sort()).toEqual(files);
    expect(completed.map((c) => Math.round(Number(c[3])))).toEqual([4, 4, 2]);
  }, 60_000);

  it('lists and serves the recording over the playback server (fmp4 and mp4) and the control API', async () => {
    const list = await (await fetch(`${playback}/list?path=mp4`)).json() as { start: string; duration: number; url: string }[];
    // Contiguous segments are one span, as MediaMTX lists them.
    expect(list).toHaveLength(1);
    expect(Math.abs(list[0].duration - 10)).toBeLessThanOrEqual(1);
    expect(list[0].url).toContain('/get?path=mp4&start=');
    const from = new Date(Date.parse(list[0].start) + 3500).toISOString();
    for (const format of ['fmp4', 'mp4']) {
      const res = await fetch(`${playback}/get?path=mp4&start=${encodeURIComponent(from)}&duration=4&format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('video/mp4');
      const file = join(dir, `span-${format}.mp4`);
      await writeFile(file, Buffer.from(await res.arrayBuffer()));
      const d = await videoDuration(file);
      expect(d.errors, format).toBe('');
      expect(await decodeFile(file), format).toBe('');
      // Starts at the key frame before `start` (GOP 1 s): 4 s plus at most one GOP.
      expect(d.seconds, `${format}: ${d.seconds}`).toBeGreaterThanOrEqual(4 - 0.1);
      expect(d.seconds, `${format}: ${d.seconds}`).toBeLessThanOrEqual(4 + 1.1);
    }
    expect((await fetch(`${playback}/get?path=mp4&start=nope&duration=4`)).status).toBe(400);
    expect((await fetch(`${playback}/list?path=nothing`)).status).toBe(404);
    expect((await fetch(`${playback}/list?path=ts`)).status).toBe(400);

    const api = createHttpApi({ baseUrl: `http://127.0.0.1:${ports.api}` });
    const recs = await api.listRecordings();
    expect(recs.items.map((r) => r.name)).toEqual(['mp4', 'ts']);
    const rec = await api.getRecording('mp4');
    expect(rec.segments).toHaveLength(3);
    await api.deleteRecordingSegment('mp4', rec.segments[2].start);
    expect((await api.getRecording('mp4')).segments).toHaveLength(2);
    await expect(api.deleteRecordingSegment('mp4', rec.segments[2].start)).rejects.toMatchObject({ status: 404 });
    await expect(api.getRecording('nothing')).rejects.toMatchObject({ status: 404 });
  }, 60_000);
});
