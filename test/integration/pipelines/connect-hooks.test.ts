// runOnConnect/runOnDisconnect with real clients (FFmpeg over RTMP, ffprobe over RTSP): the
// command runs per connection with MTX_CONN_TYPE/MTX_CONN_ID/RTSP_PORT, is stopped when the
// client leaves, and runOnDisconnect follows. Also MTX_QUERY of runOnReady and runOnRead.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/main/engine';
import type { Config } from '../../../src/shared/config';
import type { TestPorts } from '../../helpers/engine';
import { publishTestPattern, run, stopAll, waitFor } from '../../helpers/ffmpeg';
import { startTestEngine } from '../../helpers/test-engine';
import { wheperiftClient } from '../webrtc/clients';
import { killAllWith, processesWith } from './processes';

const marker = `relaybox-connect-${randomUUID()}`;
const dir = mkdtempSync(join(tmpdir(), 'relaybox-connect-'));

const DUMP_JS = 'const f=require("fs");const v=Object.entries(process.env).filter(([k])=>/^(MTX_|RTSP_PORT$)/.test(k));' +
  'f.appendFileSync(process.argv[1],JSON.stringify(Object.fromEntries(v))+"\\n")';

/** Appends the hook's MTX_* and RTSP_PORT variables to `file` as one JSON line, then exits or idles. */
function dumpEnv(file: string, idleTag?: string): string {
  const js = idleTag ? `${DUMP_JS};setInterval(()=>{},1000)` : DUMP_JS;
  return `${process.execPath} -e '${js}' ${join(dir, file)}${idleTag ? ` ${marker}-${idleTag}` : ''}`;
}

function dumped(file: string): Record<string, string>[] {
  try {
    return readFileSync(join(dir, file), 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, string>);
  } catch {
    return [];
  }
}

describe('runOnConnect / runOnDisconnect', () => {
  let engine: Engine;
  let ports: TestPorts;

  beforeAll(async () => {
    ({ engine, ports } = await startTestEngine({
      runOnConnect: dumpEnv('connect.jsonl', 'connect'),
      runOnDisconnect: dumpEnv('disconnect.jsonl'),
      // runOnReady/runOnRead in a file; the loader maps runOnReady to runOnAvailable.
      paths: { all_others: { runOnAvailable: dumpEnv('ready.jsonl'), runOnRead: dumpEnv('read.jsonl') } } as Config['paths'],
    }));
  });

  afterAll(async () => {
    await stopAll();
    await engine?.stop();
    killAllWith(marker);
    rmSync(dir, { recursive: true, force: true });
  });

  const api = async (route: string): Promise<{ items: { id: string }[] }> =>
    (await fetch(`http://127.0.0.1:${ports.api}${route}`)).json() as Promise<{ items: { id: string }[] }>;

  it('runs per RTMP and RTSP connection with MediaMTX variables, and MTX_QUERY for ready and read hooks', async () => {
    const publisher = publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/cam?token=pub-1`, { audio: false, size: '320x240' });
    await waitFor(() => engine.paths.get('cam')?.ready === true, 'cam ready');
    const rtmpConnId = (await api('/v3/rtmpconns/list')).items[0]?.id;
    expect(rtmpConnId).toBeDefined();
    await waitFor(() => dumped('connect.jsonl').length >= 1, 'runOnConnect for the RTMP publisher');
    expect(dumped('connect.jsonl')[0]).toEqual({ MTX_CONN_TYPE: 'rtmpConn', MTX_CONN_ID: rtmpConnId, RTSP_PORT: String(ports.rtsp) });
    expect(processesWith(`${marker}-connect`).length).toBe(1);
    await waitFor(() => dumped('ready.jsonl').length >= 1, 'runOnReady');
    expect(dumped('ready.jsonl')[0]).toMatchObject({ MTX_PATH: 'cam', MTX_QUERY: 'token=pub-1', MTX_SOURCE_TYPE: 'rtmpConn' });

    // An RTSP reader: its own connection hook, its query in runOnRead, then the disconnect.
    const reader = run('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-rtsp_transport', 'tcp', '-i', `rtsp://127.0.0.1:${ports.rtsp}/cam?token=read-1`, '-t', '3', '-f', 'null', '-']);
    await waitFor(() => dumped('connect.jsonl').some((e) => e.MTX_CONN_TYPE === 'rtspConn'), 'runOnConnect for the RTSP reader');
    await waitFor(() => dumped('read.jsonl').length >= 1, 'runOnRead');
    expect(await reader.exited).toBe(0);
    expect(dumped('read.jsonl')[0]).toMatchObject({ MTX_PATH: 'cam', MTX_QUERY: 'token=read-1', MTX_READER_TYPE: 'rtspSession' });
    await waitFor(() => dumped('disconnect.jsonl').length >= 1, 'runOnDisconnect for the RTSP reader');
    const rtspConnect = dumped('connect.jsonl').find((e) => e.MTX_CONN_TYPE === 'rtspConn');
    expect(rtspConnect).toMatchObject({ RTSP_PORT: String(ports.rtsp) });
    expect(rtspConnect!.MTX_CONN_ID).toMatch(/^[0-9a-f-]{36}$/);
    expect(dumped('disconnect.jsonl')).toEqual([rtspConnect]);
    // The reader's runOnConnect got SIGINT; the publisher's still runs.
    await waitFor(() => processesWith(`${marker}-connect`).length === 1, 'the reader runOnConnect to stop');

    publisher.kill();
    await publisher.exited;
    await waitFor(() => dumped('disconnect.jsonl').length >= 2, 'runOnDisconnect for the RTMP publisher');
    expect(dumped('disconnect.jsonl')[1]).toEqual(dumped('connect.jsonl')[0]);
    await waitFor(() => processesWith(`${marker}-connect`).length === 0, 'every runOnConnect to stop');
  }, 60_000);

  it('runs per WebRTC session (WHEP) with MTX_CONN_TYPE webRTCSession', async () => {
    publishTestPattern(`rtmp://127.0.0.1:${ports.rtmp}/web`, { audio: false, size: '320x240' });
    await waitFor(() => engine.paths.get('web')?.ready === true, 'web ready');
    const viewer = await wheperiftClient(`http://127.0.0.1:${ports.webrtc}/web/whep`);
    expect(viewer.reply.status).toBe(201);
    const sessionId = (await api('/v3/webrtcsessions/list')).items[0]?.id;
    expect(sessionId).toBeDefined();
    const isSession = (e: Record<string, string>) => e.MTX_CONN_TYPE === 'webRTCSession';
    await waitFor(() => dumped('connect.jsonl').some(isSession), 'runOnConnect for the WHEP session');
    expect(dumped('connect.jsonl').find(isSession)).toEqual({ MTX_CONN_TYPE: 'webRTCSession', MTX_CONN_ID: sessionId, RTSP_PORT: String(ports.rtsp) });
    await viewer.close();
    await waitFor(() => dumped('disconnect.jsonl').some(isSession), 'runOnDisconnect for the WHEP session');
    expect(dumped('disconnect.jsonl').find(isSession)).toEqual(dumped('connect.jsonl').find(isSession));
  }, 60_000);
});
