import { afterEach, describe, expect, it, vi } from 'vitest';
import { PathManager, type PathManagerOptions } from '../../../src/main/engine/core/path-manager';
import { hashCredentialSha256 } from '../../../src/main/engine/core/password';
import type { PathInfo } from '../../../src/shared/api';
import type { Config } from '../../../src/shared/config';
import { makeConfig } from '../../fakes/config';
import { CountingFormat, RecordingSink, ThrowingSink, type TaggedItem } from '../../fakes/formats';
import { CollectingLogger } from '../../fakes/logger';
import { AAC_TRACK, H264_TRACK, audioUnit, videoUnit } from '../../fakes/media';
import { accessRequest } from '../../fakes/sessions';

const managers: PathManager[] = [];
afterEach(() => {
  for (const m of managers.splice(0)) m.close();
  vi.useRealTimers();
});

interface Harness {
  pm: PathManager;
  log: CollectingLogger;
  sleeps: number[];
  clock: { now: number };
}

function harness(config: Config = makeConfig(), opts: Partial<PathManagerOptions> = {}): Harness {
  const log = new CollectingLogger('paths');
  const sleeps: number[] = [];
  const clock = { now: Date.UTC(2025, 0, 2, 3, 4, 5) };
  const pm = new PathManager({
    config,
    log,
    now: () => clock.now,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    stallCheckIntervalMs: 0,
    ...opts,
  });
  managers.push(pm);
  return { pm, log, sleeps, clock };
}

async function publish(pm: PathManager, path: string, over: Parameters<typeof accessRequest>[1] = {}) {
  const req = accessRequest(path, over);
  const res = await pm.addPublisher(req);
  if (!res.ok) throw new Error(`publish refused: ${res.code} ${res.message}`);
  const stream = res.publisher.setTracks([H264_TRACK, AAC_TRACK]);
  return { req, publisher: res.publisher, stream };
}

async function read(pm: PathManager, path: string, over: Parameters<typeof accessRequest>[1] = {}) {
  const req = accessRequest(path, over);
  const res = await pm.addReader(req);
  if (!res.ok) throw new Error(`read refused: ${res.code} ${res.message}`);
  const sink = new RecordingSink<TaggedItem>();
  const sub = res.reader.subscribe({ format: new CountingFormat('f'), sink });
  return { req, reader: res.reader, sink, sub };
}

describe('PathManager: publish and read', () => {
  it('a reader gets the publisher\'s units; the path is ready only once tracks are announced', async () => {
    const { pm } = harness();
    const req = accessRequest('live/cam1');
    const res = await pm.addPublisher(req);
    expect(res).toMatchObject({ ok: true, confName: 'all_others' });
    if (!res.ok) return;
    expect(pm.get('live/cam1')).toMatchObject({ ready: false, source: { type: 'rtmpConn', id: req.id } });
    expect(await pm.addReader(accessRequest('live/cam1'))).toMatchObject({ ok: false, code: 'notReady' });

    const stream = res.publisher.setTracks([H264_TRACK, AAC_TRACK]);
    expect(res.publisher.stream).toBe(stream);
    const r = await read(pm, 'live/cam1');
    stream.writeUnit(videoUnit(0, true));
    stream.writeUnit(audioUnit(0));
    expect(r.sink.items).toHaveLength(2);
    expect(pm.get('live/cam1')).toMatchObject({ ready: true, readers: [{ type: 'rtmpConn', id: r.req.id }] });
  });

  it('unknown and invalid paths are refused before anything else', async () => {
    const { pm } = harness(makeConfig({ paths: { cam1: {} } }));
    expect(await pm.addReader(accessRequest('cam2'))).toMatchObject({ ok: false, code: 'notFound' });
    expect(await pm.addPublisher(accessRequest('cam2'))).toMatchObject({ ok: false, code: 'notFound' });
    expect(await pm.addPublisher(accessRequest('../cam1'))).toMatchObject({ ok: false, code: 'invalidPath' });
    expect(await pm.addReader(accessRequest('cam1'))).toMatchObject({ ok: false, code: 'notReady' });
  });

  it('refuses publishing to a path that has its own source', async () => {
    const { pm } = harness(makeConfig({ paths: { pulled: { source: 'rtsp://u:secret@cam.example/stream' } } }));
    const res = await pm.addPublisher(accessRequest('pulled'));
    expect(res).toMatchObject({ ok: false, code: 'forbidden' });
    expect(JSON.stringify(res)).not.toContain('secret');
  });
});

describe('PathManager: one publisher', () => {
  it('overridePublisher (default): the new publisher takes over, the old one and its readers are closed', async () => {
    const { pm } = harness();
    const first = await publish(pm, 'cam');
    const r = await read(pm, 'cam');
    const second = await publish(pm, 'cam');

    expect(first.req.session.closes).toEqual(['replaced by another publisher']);
    expect(first.publisher.closed).toBe(true);
    expect(first.publisher.stream).toBeNull();
    expect(r.sink.ended).toBe('replaced by another publisher');
    expect(r.req.session.closes).toEqual(['replaced by another publisher']);
    expect(pm.get('cam')).toMatchObject({ ready: true, source: { id: second.req.id }, readers: [] });

    // The old publisher's late calls do not disturb the new one.
    first.publisher.close();
    const late = first.publisher.setTracks([H264_TRACK]);
    late.writeUnit(videoUnit(0, true));
    expect(late.closed).toBe(true);
    expect(pm.get('cam')).toMatchObject({ ready: true, source: { id: second.req.id } });
    expect(second.req.session.closes).toEqual([]);
  });

  it('overridePublisher: false refuses a second publisher with busy', async () => {
    const { pm } = harness(makeConfig({ pathDefaults: { overridePublisher: false } }));
    const first = await publish(pm, 'cam');
    expect(await pm.addPublisher(accessRequest('cam'))).toMatchObject({ ok: false, code: 'busy' });
    expect(first.req.session.closes).toEqual([]);
    expect(pm.get('cam')).toMatchObject({ ready: true, source: { id: first.req.id } });
  });

  it('publisher ends: readers are told (sink.end, then session.close), the path is not ready at once', async () => {
    const { pm } = harness();
    const notReady: PathInfo[] = [];
    pm.on('pathNotReady', (p) => notReady.push(p));
    const pub = await publish(pm, 'cam');
    const r1 = await read(pm, 'cam');
    const r2 = await read(pm, 'cam', { protocol: 'rtsp' });
    const order: string[] = [];
    r1.sink.end = (reason) => order.push(`end ${reason}`);
    r1.req.session.onClose = (reason) => order.push(`close ${reason}`);

    pub.publisher.close();

    expect(order).toEqual(['end publisher ended', 'close publisher ended']);
    expect(r2.sink.ended).toBe('publisher ended');
    expect(r2.req.session.closes).toEqual(['publisher ended']);
    expect(r1.reader.closed).toBe(true);
    expect(notReady.map((p) => [p.name, p.ready])).toEqual([['cam', false]]);
    // A lazily created path is forgotten once idle.
    expect(pm.get('cam')).toBeNull();
    expect(await pm.addReader(accessRequest('cam'))).toMatchObject({ ok: false, code: 'notReady' });

    // The next publisher works and readers that come back get video again.
    const again = await publish(pm, 'cam');
    const r3 = await read(pm, 'cam');
    again.stream.writeUnit(videoUnit(0, true));
    expect(r3.sink.items).toHaveLength(1);
  });

  it('new tracks from the same publisher replace the stream and end its readers', async () => {
    const { pm } = harness();
    const pub = await publish(pm, 'cam');
    const r = await read(pm, 'cam');
    const next = pub.publisher.setTracks([H264_TRACK]);
    expect(r.sink.ended).toBe('publisher changed its tracks');
    expect(next).not.toBe(pub.stream);
    expect(pm.get('cam')).toMatchObject({ ready: true, tracks: ['H264'] });
  });
});

describe('PathManager: readers', () => {
  it('maxReaders refuses readers beyond the limit; internal readers do not count', async () => {
    const { pm } = harness(makeConfig({ paths: { cam: { maxReaders: 2 } } }));
    await publish(pm, 'cam');
    const a = await read(pm, 'cam');
    await read(pm, 'cam');
    expect(await pm.addReader(accessRequest('cam'))).toMatchObject({ ok: false, code: 'maxReaders' });
    expect((await pm.addReader(accessRequest('cam', { protocol: 'internal' }))).ok).toBe(true);
    a.reader.close();
    expect((await pm.addReader(accessRequest('cam'))).ok).toBe(true);
  });

  it('a reader whose sink stays backed up for writeTimeout is closed; a busy one is not', async () => {
    const { pm, clock, log } = harness(makeConfig({ writeTimeout: '10s' }));
    const pub = await publish(pm, 'cam');
    const stuckReq = accessRequest('cam');
    const res = await pm.addReader(stuckReq);
    if (!res.ok) throw new Error('refused');
    const stuck = new RecordingSink<TaggedItem>(false);
    res.reader.subscribe({ format: new CountingFormat('f'), sink: stuck });
    const fine = await read(pm, 'cam');
    pub.stream.writeUnit(videoUnit(0, true));

    clock.now += 9_999;
    expect(pm.closeStalledReaders()).toBe(0);
    clock.now += 1;
    expect(pm.closeStalledReaders()).toBe(1);
    expect(res.reader.closed).toBe(true);
    expect(stuckReq.session.closes).toEqual(['write timeout']);
    expect(pm.get('cam')!.readers.map((r) => r.id)).toEqual([fine.req.id]);
    expect(log.text()).toMatch(/closed: nothing could be written for 10000 ms/);
    expect(fine.req.session.closes).toEqual([]);
  });

  it('the stall check runs on its own timer', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { pm, clock } = harness(makeConfig({ writeTimeout: '1s' }), { stallCheckIntervalMs: 1000 });
    const pub = await publish(pm, 'cam');
    const req = accessRequest('cam');
    const res = await pm.addReader(req);
    if (!res.ok) throw new Error('refused');
    res.reader.subscribe({ format: new CountingFormat('f'), sink: new RecordingSink(false) });
    pub.stream.writeUnit(videoUnit(0, true));
    clock.now += 5_000;
    vi.advanceTimersByTime(1000);
    expect(req.session.closes).toEqual(['write timeout']);
  });

  it('a sink that throws closes its session', async () => {
    const { pm } = harness();
    const pub = await publish(pm, 'cam');
    const req = accessRequest('cam');
    const res = await pm.addReader(req);
    if (!res.ok) throw new Error('refused');
    res.reader.subscribe({ format: new CountingFormat('f'), sink: new ThrowingSink() });
    pub.stream.writeUnit(videoUnit(0, true));
    expect(req.session.closes).toEqual(['write failed: Error: socket exploded']);
    expect(pm.get('cam')!.readers).toEqual([]);
  });

  it('on-demand hook: the reader waits for the source instead of being refused', async () => {
    let asked = 0;
    const { pm } = harness(makeConfig(), {
      onDemand: () => {
        asked++;
        return { timeoutMs: 5_000 };
      },
    });
    const pending = pm.addReader(accessRequest('cam'));
    expect(pm.get('cam')).toMatchObject({ ready: false });
    await publish(pm, 'cam');
    expect(await pending).toMatchObject({ ok: true });
    expect(asked).toBe(1);
  });

  it('on-demand hook: a source that never comes means notReady, and the path is forgotten', async () => {
    const { pm } = harness(makeConfig(), { onDemand: () => ({ timeoutMs: 1 }) });
    expect(await pm.addReader(accessRequest('cam'))).toMatchObject({ ok: false, code: 'notReady' });
    expect(pm.list()).toEqual([]);
  });
});

describe('PathManager: auth', () => {
  const secured = () =>
    makeConfig({
      authInternalUsers: [
        { user: 'pub', pass: hashCredentialSha256('pubpass'), ips: [], permissions: [{ action: 'publish', path: '' }] },
        { user: 'any', pass: '', ips: [], permissions: [{ action: 'read', path: '' }] },
      ],
    });

  it('checks credentials before touching the path', async () => {
    const { pm } = harness(secured());
    const changes: number[] = [];
    pm.on('pathsChanged', () => changes.push(1));
    expect(await pm.addPublisher(accessRequest('cam', { user: 'pub', pass: 'wrong' }))).toMatchObject({ ok: false, code: 'unauthorized' });
    expect(await pm.addPublisher(accessRequest('cam'))).toMatchObject({ ok: false, code: 'unauthorized' });
    await Promise.resolve();
    expect(pm.list()).toEqual([]);
    expect(changes).toEqual([]);

    const owner = await publish(pm, 'cam', { user: 'pub', pass: 'pubpass' });
    // A refused publisher cannot take over through overridePublisher.
    await pm.addPublisher(accessRequest('cam', { user: 'pub', pass: 'guess' }));
    expect(owner.req.session.closes).toEqual([]);
    expect((await pm.addReader(accessRequest('cam'))).ok).toBe(true);
  });

  it('logs user and address of a failed attempt, never the password or the query', async () => {
    const { pm, log } = harness(secured());
    await pm.addPublisher(accessRequest('cam', { user: 'pub', pass: 'hunter2', ip: '192.0.2.7', query: 'user=pub&pass=hunter2' }));
    const line = log.lines.find((l) => l.level === 'warn')!;
    expect(line.message).toContain('user "pub"');
    expect(line.message).toContain('192.0.2.7');
    expect(log.text()).not.toContain('hunter2');
  });

  it('slows down repeated failures from one address without delaying anyone else', async () => {
    const { pm, sleeps } = harness(secured());
    for (let i = 0; i < 8; i++) await pm.addPublisher(accessRequest('cam', { user: 'pub', pass: `guess${i}`, ip: '198.51.100.1' }));
    expect(sleeps).toEqual([250, 500, 1000]);
    // Another address, and the right credentials from the same one, are not held back.
    await pm.addPublisher(accessRequest('cam', { user: 'pub', pass: 'x', ip: '198.51.100.2' }));
    expect((await pm.addPublisher(accessRequest('cam', { user: 'pub', pass: 'pubpass', ip: '198.51.100.1' }))).ok).toBe(true);
    expect(sleeps).toEqual([250, 500, 1000]);
  });

  it('anonymous refusals (RTSP/HTTP ask for credentials that way) are not throttled', async () => {
    const { pm, sleeps, log } = harness(secured());
    for (let i = 0; i < 10; i++) await pm.addPublisher(accessRequest('cam', { protocol: 'rtsp' }));
    expect(sleeps).toEqual([]);
    expect(log.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('internal sessions (static sources, recorder) need no credentials and may feed a source path', async () => {
    const { pm } = harness(makeConfig({ authInternalUsers: [], paths: { pulled: { source: 'rtsp://cam.example/x' }, all_others: {} } }));
    expect(await pm.addPublisher(accessRequest('pulled'))).toMatchObject({ ok: false, code: 'unauthorized' });
    const src = await pm.addPublisher(accessRequest('pulled', { protocol: 'internal', type: 'rtspSource', id: 'src1' }));
    expect(src).toMatchObject({ ok: true });
    if (src.ok) src.publisher.setTracks([H264_TRACK]);
    expect(pm.get('pulled')).toMatchObject({ ready: true, source: { type: 'rtspSource', id: 'src1' } });
    expect(await pm.addReader(accessRequest('pulled'))).toMatchObject({ ok: false, code: 'unauthorized' });
    expect((await pm.addReader(accessRequest('pulled', { protocol: 'internal' }))).ok).toBe(true);
  });

  it('legacy per-path credentials', async () => {
    const { pm } = harness(makeConfig({ paths: { cam: { publishUser: 'u', publishPass: 'p', readIPs: ['10.0.0.0/8'] }, all_others: {} } }));
    expect(await pm.addPublisher(accessRequest('cam'))).toMatchObject({ ok: false, code: 'unauthorized' });
    await publish(pm, 'cam', { user: 'u', pass: 'p' });
    expect(await pm.addReader(accessRequest('cam', { ip: '127.0.0.1' }))).toMatchObject({ ok: false, code: 'forbidden' });
    expect((await pm.addReader(accessRequest('cam', { ip: '::ffff:10.1.1.1' }))).ok).toBe(true);
    await publish(pm, 'open');
  });
});

describe('PathManager: reload', () => {
  it('closes the sessions of paths whose configuration changed and leaves the others alone', async () => {
    const config = makeConfig({ paths: { a: {}, b: {}, c: {}, '~^d': {}, all_others: {} } });
    const { pm } = harness(config);
    const pubs = Object.fromEntries(await Promise.all(['a', 'b', 'c', 'd1', 'e'].map(async (n) => [n, await publish(pm, n)] as const)));
    const readerA = await read(pm, 'a');

    const next = makeConfig({
      paths: {
        a: {}, // unchanged
        b: { maxReaders: 1 }, // only admission: kept
        c: { fallback: 'rtsp://elsewhere/x' }, // changed: closed
        // "~^d" removed: d1 now matches all_others → closed
        e: {}, // e was served by all_others; now has its own entry → closed
        f: {}, // new static entry
        all_others: {},
      },
    });
    const outcome = pm.reload(next);

    expect(outcome.closed.sort()).toEqual(['c', 'd1', 'e']);
    expect(pubs.a.req.session.closes).toEqual([]);
    expect(readerA.req.session.closes).toEqual([]);
    expect(pubs.b.req.session.closes).toEqual([]);
    expect(pubs.c.req.session.closes).toEqual([expect.stringContaining('path configuration changed (fallback)')]);
    expect(pubs.d1.req.session.closes).toEqual(['path now matches configuration "all_others"']);
    expect(pubs.e.req.session.closes).toEqual(['path now matches configuration "e"']);
    expect(pm.list().map((p) => [p.name, p.ready])).toEqual([
      ['a', true],
      ['b', true],
      ['c', false],
      ['e', false],
      ['f', false],
    ]);
    // The kept path applies its new admission rules from now on.
    await read(pm, 'b');
    expect(await pm.addReader(accessRequest('b'))).toMatchObject({ ok: false, code: 'maxReaders' });
    // The closed one takes a new publisher.
    await publish(pm, 'c');
  });

  it('removing a path entirely closes it', async () => {
    const { pm } = harness(makeConfig({ paths: { cam: {} } }));
    const pub = await publish(pm, 'cam');
    expect(pm.reload(makeConfig({ paths: {} })).closed).toEqual(['cam']);
    expect(pub.req.session.closes).toEqual(['path configuration removed']);
    expect(pm.list()).toEqual([]);
  });

  it('new credentials apply to the next request', async () => {
    const { pm } = harness();
    await publish(pm, 'cam');
    pm.reload(makeConfig({ authInternalUsers: [] }));
    expect(pm.get('cam')).toMatchObject({ ready: true });
    expect(await pm.addReader(accessRequest('cam'))).toMatchObject({ ok: false, code: 'unauthorized' });
  });
});

describe('PathManager: list/get and events', () => {
  it('reports MediaMTX v3 fields', async () => {
    const { pm, clock } = harness(makeConfig({ paths: { idle: {}, all_others: {} } }));
    const pub = await publish(pm, 'live/cam1', { protocol: 'rtmp', id: 'conn1' });
    const r = await read(pm, 'live/cam1', { protocol: 'rtsp', id: 'sess1' });
    await read(pm, 'live/cam1', { protocol: 'webrtc', id: 'peer1' });
    pub.stream.writeUnit(videoUnit(0, true, 1000));
    pub.stream.writeUnit(audioUnit(0, 100));
    const sent = r.sub.bytesSent * 2;

    const expected: PathInfo = {
      name: 'live/cam1',
      confName: 'all_others',
      source: { type: 'rtmpConn', id: 'conn1' },
      ready: true,
      readyTime: new Date(clock.now).toISOString(),
      available: true,
      availableTime: new Date(clock.now).toISOString(),
      online: true,
      onlineTime: new Date(clock.now).toISOString(),
      tracks: ['H264', 'MPEG-4 Audio'],
      bytesReceived: 1100,
      bytesSent: sent,
      inboundBytes: 1100,
      outboundBytes: sent,
      readers: [
        { type: 'rtspSession', id: 'sess1' },
        { type: 'webRTCSession', id: 'peer1' },
      ],
    };
    expect(pm.get('live/cam1')).toEqual(expected);
    expect(pm.list()).toEqual([
      {
        ...expected,
        name: 'idle',
        confName: 'idle',
        source: null,
        ready: false,
        readyTime: null,
        available: false,
        availableTime: null,
        online: false,
        onlineTime: null,
        tracks: [],
        bytesReceived: 0,
        bytesSent: 0,
        inboundBytes: 0,
        outboundBytes: 0,
        readers: [],
      },
      expected,
    ]);
    expect(JSON.parse(JSON.stringify(pm.list()))).toEqual(pm.list());
    expect(pm.get('nope')).toBeNull();
  });

  it('counters survive a publisher reconnecting while readers remain', async () => {
    const { pm } = harness(makeConfig({ paths: { cam: {} } }));
    const first = await publish(pm, 'cam');
    first.stream.writeUnit(videoUnit(0, true, 500));
    first.publisher.close();
    const second = await publish(pm, 'cam');
    second.stream.writeUnit(videoUnit(0, true, 300));
    expect(pm.get('cam')).toMatchObject({ bytesReceived: 800 });
  });

  it('emits pathReady / pathNotReady with the state, and coalesced pathsChanged', async () => {
    const { pm } = harness();
    const events: string[] = [];
    pm.on('pathReady', (p) => events.push(`ready ${p.name} ${p.ready}`));
    pm.on('pathNotReady', (p) => events.push(`notReady ${p.name} ${p.ready}`));
    const off = pm.on('pathsChanged', () => events.push('changed'));
    const pub = await publish(pm, 'cam');
    const readers = [await read(pm, 'cam'), await read(pm, 'cam'), await read(pm, 'cam')];
    await Promise.resolve();
    expect(events).toContain('ready cam true');
    events.length = 0;

    // Many changes in one tick: one pathsChanged.
    for (const r of readers) r.reader.close();
    pub.publisher.close();
    await Promise.resolve();
    expect(events).toEqual(['notReady cam false', 'changed']);

    off();
    await publish(pm, 'cam2');
    await Promise.resolve();
    expect(events).toEqual(['notReady cam false', 'changed', 'ready cam2 true']);
  });

  it('a throwing listener is logged and does not break the core', async () => {
    const { pm, log } = harness();
    pm.on('pathReady', () => {
      throw new Error('listener bug');
    });
    await publish(pm, 'cam');
    expect(pm.get('cam')!.ready).toBe(true);
    expect(log.text()).toContain('listener bug');
  });

  it('close() ends every session and refuses new ones', async () => {
    const { pm } = harness();
    const pub = await publish(pm, 'cam');
    const r = await read(pm, 'cam');
    pm.close();
    expect(pub.req.session.closes).toEqual(['server is shutting down']);
    expect(r.req.session.closes).toEqual(['server is shutting down']);
    expect(await pm.addPublisher(accessRequest('cam'))).toMatchObject({ ok: false });
  });
});
