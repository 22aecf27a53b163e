// Random sequences of publishers, readers and units: the core never throws and keeps its
// invariants (at most one publisher per path, bounded queues, counters never negative).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PathManager } from '../../../src/main/engine/core/path-manager';
import type { PathPublisher, PathReader } from '../../../src/main/engine/core/path-requests';
import type { StreamReader } from '../../../src/main/engine/core/reader';
import { makeConfig } from '../../fakes/config';
import { CountingFormat, RecordingSink, ThrowingSink, type TaggedItem } from '../../fakes/formats';
import { CollectingLogger } from '../../fakes/logger';
import { AAC_TRACK, H264_TRACK, audioUnit, videoUnit } from '../../fakes/media';
import { accessRequest } from '../../fakes/sessions';

const PATHS = ['a', 'b', 'live/c'];
const QUEUE = 4;

const write = fc.record({ t: fc.constant('write' as const), pub: fc.nat(3), key: fc.boolean(), audio: fc.boolean(), size: fc.integer({ min: 0, max: 3000 }) });
// Writes dominate, as in a real stream, so slow readers actually fill their queues.
const action = fc.oneof(
  fc.record({ t: fc.constant('publish' as const), path: fc.nat(2), tracks: fc.boolean() }),
  fc.record({ t: fc.constant('setTracks' as const), pub: fc.nat(7), audioOnly: fc.boolean() }),
  fc.record({ t: fc.constant('closePublisher' as const), pub: fc.nat(7) }),
  fc.record({ t: fc.constant('read' as const), path: fc.nat(2), sink: fc.constantFrom('fast', 'slow', 'throwing' as const), format: fc.nat(2) }),
  fc.record({ t: fc.constant('closeReader' as const), reader: fc.nat(15) }),
  fc.record({ t: fc.constant('resume' as const), reader: fc.nat(15) }),
  { arbitrary: write, weight: 12 },
  fc.record({ t: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 15_000 }) }),
  fc.record({ t: fc.constant('reload' as const), override: fc.boolean(), maxReaders: fc.nat(3), withStatic: fc.boolean() }),
);

function configFor(override: boolean, maxReaders: number, withStatic: boolean) {
  return makeConfig({
    writeQueueSize: QUEUE,
    pathDefaults: { overridePublisher: override, maxReaders },
    paths: withStatic ? { a: {}, all_others: {} } : { all_others: {} },
  });
}

describe('PathManager under random operations', () => {
  it('never throws and keeps its invariants', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { minLength: 1, maxLength: 150, size: 'max' }), async (actions) => {
        let now = 0;
        const pm = new PathManager({ config: configFor(true, 0, false), log: new CollectingLogger(), now: () => now, stallCheckIntervalMs: 0, gopCacheMaxBytes: 20_000 });
        const formats = [new CountingFormat('f0'), new CountingFormat('f1', { header: true }), new CountingFormat('f2', { only: (au) => au.track === 0 })];
        const pubs: PathPublisher[] = [];
        const readers: { reader: PathReader; sub: StreamReader<TaggedItem> | null; sink: RecordingSink<TaggedItem> | null }[] = [];
        let frame = 0;
        try {
          for (const a of actions) {
            switch (a.t) {
              case 'publish': {
                const res = await pm.addPublisher(accessRequest(PATHS[a.path]));
                if (res.ok) {
                  pubs.push(res.publisher);
                  if (a.tracks) res.publisher.setTracks([H264_TRACK, AAC_TRACK]);
                }
                break;
              }
              case 'setTracks':
                pubs[a.pub]?.setTracks(a.audioOnly ? [AAC_TRACK] : [H264_TRACK, AAC_TRACK]);
                break;
              case 'closePublisher':
                pubs[a.pub]?.close();
                break;
              case 'read': {
                const res = await pm.addReader(accessRequest(PATHS[a.path]));
                if (!res.ok) break;
                if (a.sink === 'throwing') {
                  res.reader.subscribe({ format: formats[a.format], sink: new ThrowingSink() });
                  readers.push({ reader: res.reader, sub: null, sink: null });
                } else {
                  const sink = new RecordingSink<TaggedItem>(a.sink === 'fast');
                  const sub = res.reader.subscribe({ format: formats[a.format], sink });
                  readers.push({ reader: res.reader, sub, sink });
                }
                break;
              }
              case 'closeReader':
                readers[a.reader]?.reader.close();
                break;
              case 'resume': {
                const r = readers[a.reader];
                if (r?.sink) {
                  r.sink.accept = (_item, i) => i % 3 !== 0;
                  r.sub!.resume();
                }
                break;
              }
              case 'write': {
                const stream = pubs[a.pub]?.stream;
                if (!stream) break;
                const audioTrack = stream.tracks.findIndex((t) => t.kind === 'audio');
                frame++;
                if (a.audio || stream.videoTrack < 0) stream.writeUnit(audioUnit(frame, a.size, audioTrack));
                else stream.writeUnit(videoUnit(frame, a.key, a.size, stream.videoTrack));
                break;
              }
              case 'tick':
                now += a.ms;
                pm.closeStalledReaders();
                break;
              case 'reload':
                pm.reload(configFor(a.override, a.maxReaders, a.withStatic));
                break;
            }
            checkInvariants(pm, pubs, readers);
          }
        } finally {
          pm.close();
        }
        for (const p of pubs) expect(p.closed).toBe(true);
        for (const r of readers) expect(r.reader.closed).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});

function checkInvariants(
  pm: PathManager,
  pubs: PathPublisher[],
  readers: { reader: PathReader; sub: StreamReader<TaggedItem> | null }[],
): void {
  const list = pm.list();
  expect(new Set(list.map((p) => p.name)).size).toBe(list.length);
  for (const info of list) {
    const live = pubs.filter((p) => !p.closed && p.pathName === info.name);
    expect(live.length).toBeLessThanOrEqual(1);
    expect(info.source === null).toBe(live.length === 0);
    expect(info.ready).toBe(live.length === 1 && live[0].stream !== null);
    if (!info.ready) expect(info.readers).toEqual([]);
    const open = readers.filter((r) => !r.reader.closed && r.reader.pathName === info.name);
    expect(info.readers).toHaveLength(open.length);
    for (const n of [info.bytesReceived, info.bytesSent, info.inboundBytes, info.outboundBytes]) {
      expect(Number.isFinite(n) && n >= 0).toBe(true);
    }
  }
  // Every open publisher and reader belongs to a listed path.
  for (const p of pubs) if (!p.closed) expect(list.some((i) => i.name === p.pathName)).toBe(true);
  for (const r of readers) {
    if (!r.reader.closed) expect(list.some((i) => i.name === r.reader.pathName)).toBe(true);
    if (r.sub) {
      expect(r.sub.queued).toBeLessThanOrEqual(QUEUE);
      expect(r.sub.skippedUnits).toBeGreaterThanOrEqual(0);
      expect(r.sub.bytesSent).toBeGreaterThanOrEqual(0);
    }
  }
}
