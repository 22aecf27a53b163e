// RTP carries no decode time: an RTSP publisher with B-frames must still give RTMP and HLS
// readers monotonic DTS (rebuilt from the SPS by the depacketizer).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { TestPorts } from '../../helpers/engine';
import { publishTestPattern, runToEnd, stopAll, waitFor } from '../../helpers/ffmpeg';
import { startTestEngine } from '../../helpers/test-engine';

/** What FFmpeg prints when a demuxed stream's timestamps go wrong. */
const DTS_WARNING = /non[- ]monoton|invalid dts|pts < dts|out of order|discarding/i;

/** Video packet DTS as ffprobe reads them from `url` (the first `packets`). */
async function videoDts(url: string, packets: number): Promise<{ dts: number[]; stderr: string }> {
  const { out, err } = await runToEnd('ffprobe', ['-v', 'warning', '-rw_timeout', '15000000', '-select_streams', 'v:0', '-read_intervals', `%+#${packets}`,
    '-show_entries', 'packet=dts,pts', '-of', 'csv=p=0', url], 20);
  const rows = out.trim().split('\n').filter((l) => /^-?\d/.test(l)).map((l) => l.split(',').map(Number));
  for (const [pts, dts] of rows) expect(dts, 'dts ≤ pts').toBeLessThanOrEqual(pts);
  return { dts: rows.map((r) => r[1]), stderr: err };
}

function expectIncreasing(dts: readonly number[]): void {
  for (let i = 1; i < dts.length; i++) expect(dts[i], `packet ${i}`).toBeGreaterThan(dts[i - 1]);
}

/** FFmpeg demuxes and decodes `seconds` of `url`; returns its warnings. */
async function readWarnings(input: string[], seconds: number): Promise<string> {
  const { err, code } = await runToEnd('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'warning', ...input, '-t', String(seconds), '-f', 'null', '-'], seconds + 15);
  expect(code).toBe(0);
  return err;
}

describe('RTSP publish with B-frames', () => {
  let engine: Engine;
  let ports: TestPorts;

  beforeAll(async () => {
    ({ engine, ports } = await startTestEngine({ hlsVariant: 'mpegts', hlsSegmentDuration: '1s' }));
  });
  afterEach(async () => { await stopAll(); });
  afterAll(async () => { await engine.stop(); });

  // H.265 is checked over HLS only: the RTMP server sends it to enhanced-RTMP readers only.
  it.each(['H264', 'H265'])('%s: RTMP and HLS readers get monotonic DTS', async (codec) => {
    const path = `bf-${codec}`;
    const encoder = codec === 'H264'
      ? ['-bf', '2']
      : ['-c:v', 'libx265', '-x265-params', 'bframes=2:rc-lookahead=10:keyint=30:log-level=error'];
    publishTestPattern(`rtsp://127.0.0.1:${ports.rtsp}/${path}`, { format: 'rtsp', size: '320x240', extra: [...encoder, '-rtsp_transport', 'tcp'] });
    await waitFor(() => engine.paths.get(path)?.ready === true, `${path} ready`);

    const rtmp = `rtmp://127.0.0.1:${ports.rtmp}/${path}`;
    const hls = `http://127.0.0.1:${ports.hls}/${path}/index.m3u8`;
    if (codec === 'H264') {
      const fromRtmp = await videoDts(rtmp, 90);
      expect(fromRtmp.dts.length).toBeGreaterThanOrEqual(60);
      expectIncreasing(fromRtmp.dts);
      expect(fromRtmp.stderr).not.toMatch(DTS_WARNING);
      expect(await readWarnings(['-i', rtmp], 3)).not.toMatch(DTS_WARNING);
    }

    const fromHls = await videoDts(hls, 60);
    expect(fromHls.dts.length).toBeGreaterThanOrEqual(30);
    expectIncreasing(fromHls.dts);
    expect(fromHls.stderr).not.toMatch(DTS_WARNING);
    expect(await readWarnings(['-i', hls], 2)).not.toMatch(DTS_WARNING);
  }, 90_000);
});
