// RTP carries no decode time: an RTSP publisher with B-frames must still give RTMP and HLS
// readers monotonic DTS (rebuilt from the SPS by the depacketizer).
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { OutputFormat } from '../../../src/main/engine/core/format';
import type { AccessUnit } from '../../../src/main/engine/protocols/media/types';
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

  /** The first `count` video units of `path` as the core holds them, through an internal reader. */
  async function firstVideoUnits(path: string, count: number): Promise<AccessUnit[]> {
    const r = await engine.paths.addReader({ path, query: '', ip: '127.0.0.1', protocol: 'internal', type: 'test', id: `dts-${path}`, session: { close: () => undefined } });
    if (!r.ok) throw new Error(r.message);
    const units: AccessUnit[] = [];
    const video = r.reader.stream.tracks.findIndex((t) => t.kind === 'video');
    const format: OutputFormat<AccessUnit> = { key: 'test-units', createEncoder: () => ({ encode: (au) => au, byteLength: () => 0 }) };
    r.reader.subscribe({ format, sink: { write: (au) => { if (au.track === video) units.push(au); return true; } } });
    try {
      await waitFor(() => units.length >= count, `${count} units of ${path}`);
    } finally {
      r.reader.close();
    }
    return units.slice(0, count);
  }

  beforeAll(async () => {
    ({ engine, ports } = await startTestEngine({ hlsVariant: 'mpegts', hlsSegmentDuration: '1s' }, (config, p) => {
      // The native RTSP client pulls this server's own RTSP output (with RTP-Info) into `pulled`.
      config.paths = { pulled: { source: `rtsp://127.0.0.1:${p.rtsp}/bf-src`, rtspTransport: 'tcp' }, all_others: {} } as typeof config.paths;
    }));
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

  it('an RTSP source with B-frames, pulled by the native client, gives RTMP readers monotonic DTS', async () => {
    publishTestPattern(`rtsp://127.0.0.1:${ports.rtsp}/bf-src`, { format: 'rtsp', size: '320x240', extra: ['-bf', '2', '-rtsp_transport', 'tcp'] });
    await waitFor(() => engine.paths.get('pulled')?.ready === true, 'pulled ready', 150);
    // From the stream's first unit on (the GOP cache still holds the first GOP): no negative
    // timestamp, which FLV cannot carry, even where DTS precedes the first PTS.
    const units = await firstVideoUnits('pulled', 45);
    expect(units.some((u, i) => i > 0 && u.pts < units[i - 1].pts), 'the stream has B-frames').toBe(true);
    for (const [i, u] of units.entries()) {
      expect(u.dts, `unit ${i}`).toBeGreaterThanOrEqual(0);
      expect(u.dts, `unit ${i}`).toBeLessThanOrEqual(u.pts);
      if (i > 0) expect(u.dts, `unit ${i}`).toBeGreaterThan(units[i - 1].dts);
    }
    const rtmp = `rtmp://127.0.0.1:${ports.rtmp}/pulled`;
    const fromRtmp = await videoDts(rtmp, 90);
    expect(fromRtmp.dts.length).toBeGreaterThanOrEqual(60);
    expectIncreasing(fromRtmp.dts);
    expect(fromRtmp.stderr).not.toMatch(DTS_WARNING);
    expect(await readWarnings(['-i', rtmp], 3)).not.toMatch(DTS_WARNING);
  }, 60_000);
});
