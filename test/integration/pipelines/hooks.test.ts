// The hooks service in a real engine: runOnDemand publishes a test pattern with FFmpeg when a
// reader asks (ffprobe over RTSP succeeds) and is stopped after runOnDemandCloseAfter;
// runOnReady/runOnNotReady, runOnRead/runOnUnread and runOnInit run with MediaMTX's variables.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../../src/main/engine';
import type { Config } from '../../../src/shared/config';
import { testConfig, type TestPorts } from '../../helpers/engine';
import { probe, publishTestPattern, stopAll, waitFor } from '../../helpers/ffmpeg';
import { killAllWith, processesWith, waitNoneWith } from './processes';

const marker = `relaybox-hooks-${randomUUID()}`;
const dir = mkdtempSync(join(tmpdir(), 'relaybox-hooks-'));

/** A hook command that appends its MTX_*, RTSP_PORT and G* variables to `file` as one JSON line. */
function dumpEnv(file: string): string {
  const js = 'const f=require("fs");const v=Object.entries(process.env).filter(([k])=>/^(MTX_|RTSP_PORT$|G[0-9])/.test(k));' +
    'f.appendFileSync(process.argv[1],JSON.stringify(Object.fromEntries(v))+"\\n")';
  return `${process.execPath} -e '${js}' ${join(dir, file)}`;
}

function dumped(file: string): Record<string, string>[] {
  try {
    return readFileSync(join(dir, file), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, string>);
  } catch {
    return [];
  }
}

/** A lasting hook that idles until stopped; findable by `tag`. */
const idle = (tag: string): string => `${process.execPath} -e 'setInterval(() => {}, 1000)' ${marker}-${tag}`;

/** FFmpeg publishing a small test pattern back into the path over RTSP, as MediaMTX's docs show. */
const publishBack = (tag: string): string =>
  'ffmpeg -hide_banner -loglevel error -re -f lavfi -i testsrc2=size=320x240:rate=15 -c:v libx264 -preset ultrafast ' +
  `-tune zerolatency -g 15 -metadata comment=${marker}-${tag} -f rtsp rtsp://127.0.0.1:$RTSP_PORT/$MTX_PATH`;

describe('hooks service', () => {
  let engine: Engine;
  let ports: TestPorts;
  let config: Config;

  beforeAll(async () => {
    const t = await testConfig();
    ports = t.ports;
    config = t.config;
    config.paths = {
      ondemand: {
        runOnDemand: publishBack('demand'), runOnDemandCloseAfter: '1s', runOnDemandStartTimeout: '15s',
        runOnUnDemand: dumpEnv('undemand.jsonl'),
      },
      // runOnReady/runOnNotReady in a file; the loader maps them to these names.
      ready: { runOnAvailable: idle('ready'), runOnUnavailable: dumpEnv('notready.jsonl') },
      '~^re_(\\w+)_(\\d+)$': { runOnRead: dumpEnv('read.jsonl'), runOnUnread: dumpEnv('unread.jsonl') },
      init: { runOnInit: publishBack('init'), runOnInitRestart: true },
      all_others: {},
    } as Config['paths'];
    engine = createEngine({ config });
    await engine.start();
  });

  afterAll(async () => {
    await stopAll();
    await engine?.stop();
    killAllWith(marker);
    rmSync(dir, { recursive: true, force: true });
  });

  it('runOnDemand starts FFmpeg for the first reader and stops it after runOnDemandCloseAfter', async () => {
    expect(processesWith(`${marker}-demand`)).toEqual([]);
    const { streams, error } = await probe(`rtsp://127.0.0.1:${ports.rtsp}/ondemand?token=abc`, ['-rtsp_transport', 'tcp'], 25);
    expect(error).toBe('');
    expect(streams.map((s) => [s.codec_name, s.width, s.height])).toEqual([['h264', 320, 240]]);
    expect(processesWith(`${marker}-demand`).length).toBe(1);
    // The reader left: 1 s later the command gets SIGINT, the path goes away, runOnUnDemand runs.
    await waitFor(() => processesWith(`${marker}-demand`).length === 0, 'runOnDemand FFmpeg to stop', 100);
    await waitFor(() => engine.paths.get('ondemand')?.ready !== true, 'ondemand not ready');
    await waitFor(() => dumped('undemand.jsonl').length === 1, 'runOnUnDemand');
    expect(dumped('undemand.jsonl')[0]).toEqual({ MTX_PATH: 'ondemand', MTX_QUERY: 'token=abc', RTSP_PORT: String(ports.rtsp) });
  }, 60_000);

  it('runOnReady runs while the stream is ready; runOnNotReady runs after', async () => {
    const pub = publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/ready`, { size: '160x120', fps: 10, audio: false });
    await waitFor(() => processesWith(`${marker}-ready`).length === 1, 'runOnReady command');
    const source = engine.paths.get('ready')!.source!;
    pub.kill();
    await waitFor(() => dumped('notready.jsonl').length === 1, 'runOnNotReady');
    expect(await waitNoneWith(`${marker}-ready`, 5000)).toEqual([]);
    expect(dumped('notready.jsonl')[0]).toEqual({
      MTX_PATH: 'ready', MTX_QUERY: '', MTX_SOURCE_TYPE: 'rtmpConn', MTX_SOURCE_ID: source.id, RTSP_PORT: String(ports.rtsp),
    });
  }, 30_000);

  it('runOnRead/runOnUnread get the reader and the regex groups', async () => {
    const pub = publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/re_cam_42`, { size: '160x120', fps: 10, audio: false });
    await waitFor(() => engine.paths.get('re_cam_42')?.ready === true, 're_cam_42 ready');
    const { error } = await probe(`rtsp://127.0.0.1:${ports.rtsp}/re_cam_42`, ['-rtsp_transport', 'tcp']);
    expect(error).toBe('');
    await waitFor(() => dumped('unread.jsonl').length >= 1, 'runOnUnread');
    pub.kill();
    const [read] = dumped('read.jsonl');
    expect(read).toMatchObject({ MTX_PATH: 're_cam_42', G1: 'cam', G2: '42', MTX_READER_TYPE: 'rtspSession', RTSP_PORT: String(ports.rtsp) });
    expect(read.MTX_READER_ID).toMatch(/.+/);
    expect(dumped('unread.jsonl')[0]).toEqual(read);
  }, 30_000);

  it('runOnInit publishes from startup, comes back when killed (restart) and ends with its path', async () => {
    await waitFor(() => engine.paths.get('init')?.ready === true, 'init ready', 150);
    const [pid] = processesWith(`${marker}-init`);
    process.kill(pid, 'SIGKILL');
    // MediaMTX's restart pause is 5 s.
    await waitFor(() => engine.paths.get('init')?.ready === true && processesWith(`${marker}-init`)[0] !== pid, 'init back', 150);
    const next: Config = { ...config, paths: { ...config.paths } };
    delete next.paths.init;
    await engine.reload(next);
    expect(await waitNoneWith(`${marker}-init`, 5000)).toEqual([]);
  }, 60_000);
});
