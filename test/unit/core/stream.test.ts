import { describe, expect, it } from 'vitest';
import { Stream } from '../../../src/main/engine/core/stream';
import type { AccessUnit } from '../../../src/main/engine/protocols/media/types';
import { CountingFormat, RecordingSink, ThrowingSink, type TaggedItem } from '../../fakes/formats';
import { AAC_TRACK, H264_TRACK, audioUnit, videoUnit } from '../../fakes/media';

const av = (opts: Partial<ConstructorParameters<typeof Stream>[0]> = {}) => new Stream({ tracks: [H264_TRACK, AAC_TRACK], ...opts });

/** K d d … as video units, each followed by one audio unit. */
function gop(stream: Stream, firstFrame: number, frames: number): AccessUnit[] {
  const out: AccessUnit[] = [];
  for (let i = 0; i < frames; i++) {
    const v = videoUnit(firstFrame + i, i === 0);
    const a = audioUnit(firstFrame + i);
    stream.writeUnit(v);
    stream.writeUnit(a);
    out.push(v, a);
  }
  return out;
}

const describeItem = (i: TaggedItem) => `${i.track === 0 ? (i.key ? 'K' : 'd') : i.track === 1 ? 'a' : 'H'}${i.dts}`;

describe('Stream: serialize once', () => {
  it('encodes each unit once per format, and every reader of a format gets the same object', () => {
    const stream = av();
    const rtmp = new CountingFormat('rtmp/4096');
    const flv = new CountingFormat('flv');
    const rtmpSinks = Array.from({ length: 5 }, () => new RecordingSink<TaggedItem>());
    const flvSinks = Array.from({ length: 3 }, () => new RecordingSink<TaggedItem>());
    for (const sink of rtmpSinks) stream.addReader({ format: rtmp, sink });
    for (const sink of flvSinks) stream.addReader({ format: flv, sink });

    const units = gop(stream, 0, 10);

    expect(rtmp.encodersCreated).toBe(1);
    expect(flv.encodersCreated).toBe(1);
    expect(rtmp.encodes).toBe(units.length);
    expect(flv.encodes).toBe(units.length);
    expect(stream.formatKeys()).toEqual(['rtmp/4096', 'flv']);
    for (const sink of rtmpSinks) {
      expect(sink.items).toHaveLength(units.length);
      sink.items.forEach((item, i) => expect(item).toBe(rtmpSinks[0].items[i]));
    }
    for (const sink of flvSinks) sink.items.forEach((item, i) => expect(item).toBe(flvSinks[0].items[i]));
    expect(rtmpSinks[0].items[0]).not.toBe(flvSinks[0].items[0]);
  });

  it('a format whose last reader leaves is dropped with its encoder; a new reader gets a new one', () => {
    const stream = av();
    const f = new CountingFormat('f');
    const r = stream.addReader({ format: f, sink: new RecordingSink() });
    stream.removeReader(r as never);
    expect(stream.formatKeys()).toEqual([]);
    gop(stream, 0, 2);
    expect(f.encodes).toBe(0);
    stream.addReader({ format: f, sink: new RecordingSink() });
    expect(f.encodersCreated).toBe(2);
  });

  it('counts bytes received (payload) and bytes sent (encoded, per reader, kept after leaving)', () => {
    const stream = av();
    const f = new CountingFormat('f');
    const a = new RecordingSink<TaggedItem>();
    const b = new RecordingSink<TaggedItem>();
    const ra = stream.addReader({ format: f, sink: a });
    stream.addReader({ format: f, sink: b });
    const units = gop(stream, 0, 3);
    const payload = units.reduce((n, u) => n + (u.payload?.length ?? 0) + (u.nalus?.[0].length ?? 0), 0);
    expect(stream.bytesReceived).toBe(payload);
    const perReader = a.items.reduce((n, i) => n + i.bytes.length, 0);
    expect(ra.bytesSent).toBe(perReader);
    expect(stream.bytesSent).toBe(2 * perReader);
    stream.removeReader(ra as never);
    expect(stream.bytesSent).toBe(2 * perReader);
  });
});

describe('Stream: GOP cache', () => {
  it('a new reader starts at the last keyframe at once: header, cached GOP, then live', () => {
    const stream = av();
    gop(stream, 0, 4);
    gop(stream, 4, 3); // second GOP: K4 d5 d6
    expect(stream.gopCacheUnits).toBe(6);
    const f = new CountingFormat('f', { header: true });
    const sink = new RecordingSink<TaggedItem>();
    stream.addReader({ format: f, sink });
    expect(sink.items.map(describeItem)).toEqual(['H-1', 'K12000', 'a4096', 'd15000', 'a5120', 'd18000', 'a6144']);
    stream.writeUnit(videoUnit(7, false));
    expect(sink.items.map(describeItem).at(-1)).toBe('d21000');
  });

  it('readers joining later reuse the encodings; a new format encodes the cache once, in order', () => {
    const stream = av();
    const f = new CountingFormat('f');
    stream.addReader({ format: f, sink: new RecordingSink() });
    gop(stream, 0, 5);
    expect(f.encodes).toBe(10);
    const late = new RecordingSink<TaggedItem>();
    stream.addReader({ format: f, sink: late });
    expect(f.encodes).toBe(10);
    expect(late.items).toHaveLength(10);

    const g = new CountingFormat('g');
    const first = new RecordingSink<TaggedItem>();
    stream.addReader({ format: g, sink: first });
    expect(g.encodes).toBe(10);
    expect(first.items.map((i) => i.dts)).toEqual(late.items.map((i) => i.dts));
    stream.addReader({ format: g, sink: new RecordingSink() });
    expect(g.encodes).toBe(10);
  });

  it('without a cached keyframe a new reader waits for the next one (audio too)', () => {
    const stream = av();
    stream.writeUnit(videoUnit(0, false));
    stream.writeUnit(audioUnit(0));
    const sink = new RecordingSink<TaggedItem>();
    stream.addReader({ format: new CountingFormat('f'), sink });
    stream.writeUnit(videoUnit(1, false));
    stream.writeUnit(audioUnit(1));
    expect(sink.items).toEqual([]);
    stream.writeUnit(videoUnit(2, true));
    stream.writeUnit(audioUnit(2));
    expect(sink.items.map(describeItem)).toEqual(['K6000', 'a2048']);
  });

  it('awaitKeyframe: false starts with the next unit', () => {
    const stream = av();
    const sink = new RecordingSink<TaggedItem>();
    stream.addReader({ format: new CountingFormat('f'), sink, awaitKeyframe: false });
    stream.writeUnit(videoUnit(1, false));
    expect(sink.items).toHaveLength(1);
  });

  it('a GOP larger than the byte bound is dropped until the next keyframe', () => {
    const stream = av({ gopCacheMaxBytes: 1000 });
    stream.writeUnit(videoUnit(0, true, 400));
    stream.writeUnit(videoUnit(1, false, 400));
    expect(stream.gopCacheUnits).toBe(2);
    stream.writeUnit(videoUnit(2, false, 400));
    expect(stream.gopCacheUnits).toBe(0);
    stream.writeUnit(videoUnit(3, false, 10));
    expect(stream.gopCacheUnits).toBe(0);
    stream.writeUnit(videoUnit(4, true, 10));
    expect(stream.gopCacheUnits).toBe(1);
    expect(stream.gopCacheBytes).toBe(10);
  });

  it('gopCacheMaxBytes 0 disables the cache', () => {
    const stream = av({ gopCacheMaxBytes: 0 });
    gop(stream, 0, 3);
    expect(stream.gopCacheUnits).toBe(0);
  });

  it('audio-only: keeps a short window of recent audio', () => {
    const stream = new Stream({ tracks: [AAC_TRACK], audioWindowMs: 1000 });
    const f = new CountingFormat('f');
    // 10 s of 48 kHz AAC frames (1024 samples each).
    for (let n = 0; n < 470; n++) stream.writeUnit(audioUnit(n, 20, 0));
    const seconds = (stream.gopCacheUnits * 1024) / 48000;
    expect(seconds).toBeGreaterThanOrEqual(1);
    expect(seconds).toBeLessThanOrEqual(2.1);
    const sink = new RecordingSink<TaggedItem>();
    stream.addReader({ format: f, sink });
    expect(sink.items).toHaveLength(stream.gopCacheUnits);
    expect(sink.items.at(-1)!.dts).toBe(469 * 1024);
  });

  it('keeps per-format encodings aligned when the audio window slides and the format skips units', () => {
    const stream = new Stream({ tracks: [AAC_TRACK, AAC_TRACK], audioWindowMs: 100 });
    const onlyFirst = new CountingFormat('first', { only: (au) => au.track === 0 });
    stream.addReader({ format: onlyFirst, sink: new RecordingSink() });
    for (let n = 0; n < 200; n++) stream.writeUnit(audioUnit(n, 20, n % 2));
    const sink = new RecordingSink<TaggedItem>();
    stream.addReader({ format: onlyFirst, sink });
    const expected = Math.ceil(stream.gopCacheUnits / 2);
    expect(sink.items.length).toBeGreaterThanOrEqual(expected - 1);
    expect(sink.items.length).toBeLessThanOrEqual(expected);
    expect(sink.items.every((i) => i.track === 0)).toBe(true);
    expect(sink.items.at(-1)!.dts).toBe(198 * 1024);
  });
});

describe('Stream: slow readers', () => {
  it('a reader that never drains skips to the next keyframe and is counted; a fast one gets everything', () => {
    const stream = av({ writeQueueSize: 4, now: () => 5000 });
    const f = new CountingFormat('f');
    const fast = new RecordingSink<TaggedItem>();
    const slow = new RecordingSink<TaggedItem>(false);
    stream.addReader({ format: f, sink: fast });
    const slowReader = stream.addReader({ format: f, sink: slow });

    // GOP 1: K0 d1..d7 (video only), GOP 2: K8 d9 d10.
    for (let n = 0; n < 11; n++) stream.writeUnit(videoUnit(n, n === 0 || n === 8));

    expect(fast.items).toHaveLength(11);
    expect(f.encodes).toBe(11);
    // K0 was taken (write returned false), d1..d4 queued, d5 overflowed → d1..d5, d6, d7 dropped.
    expect(slow.items.map(describeItem)).toEqual(['K0']);
    expect(slowReader.skips).toBe(1);
    expect(slowReader.skippedUnits).toBe(7);
    expect(slowReader.queued).toBe(3); // K8 d9 d10
    expect(slowReader.stalledSince).toBe(5000);
    expect(stream.skippedUnits).toBe(7);

    slow.accept = true;
    slowReader.resume();
    expect(slow.items.map(describeItem)).toEqual(['K0', 'K24000', 'd27000', 'd30000']);
    expect(slowReader.stalledSince).toBeNull();
    expect(slowReader.queued).toBe(0);
  });

  it('audio stops and resumes at the keyframe too', () => {
    const stream = av({ writeQueueSize: 2 });
    const slow = new RecordingSink<TaggedItem>(false);
    const reader = stream.addReader({ format: new CountingFormat('f'), sink: slow, awaitKeyframe: false });
    gop(stream, 0, 3); // K0 a0 d1 a1 d2 a2
    stream.writeUnit(videoUnit(3, true));
    stream.writeUnit(audioUnit(3));
    slow.accept = true;
    reader.resume();
    expect(slow.items.map(describeItem)).toEqual(['K0', 'K9000', 'a3072']);
    expect(reader.skippedUnits).toBe(5);
  });

  it('a reader slowed down mid-replay drops the rest of the replay when its queue overflows', () => {
    const stream = av({ writeQueueSize: 2 });
    gop(stream, 0, 5); // 10 cached units
    const sink = new RecordingSink<TaggedItem>((_item, i) => i !== 2); // third write backs up
    const reader = stream.addReader({ format: new CountingFormat('f'), sink });
    expect(sink.items).toHaveLength(3);
    stream.writeUnit(videoUnit(5, false));
    stream.writeUnit(videoUnit(6, false));
    stream.writeUnit(videoUnit(7, false)); // overflow: 7 replay + 2 queued + this one
    expect(reader.skips).toBe(1);
    expect(reader.skippedUnits).toBe(10);
    reader.resume();
    expect(sink.items).toHaveLength(3);
    stream.writeUnit(videoUnit(8, true));
    expect(sink.items.map(describeItem).at(-1)).toBe('K24000');
  });

  it('a reader that drains slowly but steadily is not stalled', () => {
    let now = 0;
    const stream = av({ writeQueueSize: 100, now: () => now });
    const sink = new RecordingSink<TaggedItem>(false);
    const reader = stream.addReader({ format: new CountingFormat('f'), sink, awaitKeyframe: false });
    for (let n = 0; n < 10; n++) {
      now = n * 1000;
      stream.writeUnit(videoUnit(n, n === 0));
      expect(reader.stalledSince).toBe(now);
      reader.resume();
    }
    expect(sink.items).toHaveLength(10);
    expect(reader.skips).toBe(0);
  });

  it('a sink that throws loses its reader only', () => {
    const stream = av();
    const f = new CountingFormat('f');
    const errors: unknown[] = [];
    stream.addReader({ format: f, sink: new ThrowingSink(), onError: (e) => errors.push(e) });
    const ok = new RecordingSink<TaggedItem>();
    stream.addReader({ format: f, sink: ok });
    gop(stream, 0, 2);
    expect(ok.items).toHaveLength(4);
    expect(errors).toHaveLength(1);
    expect(stream.readerCount).toBe(1);
  });

  it('a throwing encoder loses units for its format only', () => {
    const stream = av();
    const bad = { key: 'bad', createEncoder: () => ({ encode: () => { throw new Error('boom'); }, byteLength: () => 0 }) };
    const badSink = new RecordingSink();
    stream.addReader({ format: bad, sink: badSink, awaitKeyframe: false });
    const ok = new RecordingSink<TaggedItem>();
    stream.addReader({ format: new CountingFormat('f'), sink: ok });
    gop(stream, 0, 2);
    expect(badSink.items).toEqual([]);
    expect(ok.items).toHaveLength(4);
  });
});

describe('Stream: close', () => {
  it('tells every sink, drops queues and ignores later writes', () => {
    const stream = av({ writeQueueSize: 8 });
    const f = new CountingFormat('f');
    const a = new RecordingSink<TaggedItem>();
    const b = new RecordingSink<TaggedItem>(false);
    stream.addReader({ format: f, sink: a });
    const rb = stream.addReader({ format: f, sink: b });
    gop(stream, 0, 2);
    expect(rb.queued).toBe(3);
    stream.close('publisher ended');
    expect(a.ended).toBe('publisher ended');
    expect(b.ended).toBe('publisher ended');
    expect(rb.queued).toBe(0);
    stream.writeUnit(videoUnit(9, true));
    expect(a.items).toHaveLength(4);
    expect(stream.readerCount).toBe(0);
    expect(() => stream.addReader({ format: f, sink: a })).toThrow(/closed/);
  });

  it('ignores units for tracks that do not exist', () => {
    const stream = av();
    stream.writeUnit({ track: 5, dts: 0, pts: 0, key: true, payload: Buffer.alloc(1) });
    expect(stream.invalidUnits).toBe(1);
    expect(stream.bytesReceived).toBe(0);
  });
});

describe('Stream: formats that leave out the video track', () => {
  it('an audio-only format starts its readers once the stream shows its video is left out', () => {
    const stream = av();
    const audioOnly = new CountingFormat('audio-only', { only: (au) => au.track === 1 });
    // Subscribed before any unit (no GOP cache): an ordinary reader waits for a keyframe, which
    // this format never carries.
    const sink = new RecordingSink<TaggedItem>();
    stream.addReader({ format: audioOnly, sink });
    stream.writeUnit(videoUnit(0, false));
    stream.writeUnit(audioUnit(0));
    stream.writeUnit(videoUnit(1, true));
    for (let n = 1; n < 4; n++) stream.writeUnit(audioUnit(n));
    expect(sink.items.map(describeItem)).toEqual(['a1024', 'a2048', 'a3072']);
  });

  it('a format that carries video still starts its readers at a keyframe', () => {
    const stream = av();
    stream.writeUnit(audioUnit(0));
    const sink = new RecordingSink<TaggedItem>();
    stream.addReader({ format: new CountingFormat('all'), sink });
    stream.writeUnit(videoUnit(1, false));
    stream.writeUnit(audioUnit(1));
    stream.writeUnit(videoUnit(2, true));
    expect(sink.items.map(describeItem)).toEqual(['K6000']);
  });
});
