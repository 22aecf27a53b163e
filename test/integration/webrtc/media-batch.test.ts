// media-batch.ts: the RTP of one event-loop turn for one worker. Viewers given the same packet
// array share one op (bytes once); each viewer's packets and timeline changes keep their order.
import { describe, expect, it } from 'vitest';
import { MediaBatch } from '../../../src/main/engine/servers/webrtc/media-batch';
import type { MediaOp } from '../../../src/main/engine/servers/webrtc/peer-worker-messages';

/** What each viewer receives, in order, as the worker would replay the message. */
function perViewer(data: ArrayBuffer, ops: MediaOp[]): Map<number, string[]> {
  const out = new Map<number, string[]>();
  const add = (id: number, what: string): void => { out.set(id, [...(out.get(id) ?? []), what]); };
  let at = 0;
  for (const op of ops) {
    if (op.t === 'timeline') { add(op.id, `timeline ${op.offset}`); continue; }
    for (const size of op.sizes) {
      const text = Buffer.from(data, at, size).toString();
      at += size;
      for (const id of op.ids) add(id, `${op.track} ${text}`);
    }
  }
  expect(at).toBe(data.byteLength);
  return out;
}

describe('MediaBatch', () => {
  it('copies a packet array shared by several viewers once', () => {
    const b = new MediaBatch();
    const unit = [Buffer.from('a1'), Buffer.from('a2')];
    for (let id = 1; id <= 50; id++) b.addRtp(id, 'video', unit);
    const msg = b.take(1);
    expect(msg.data.byteLength).toBe(4);
    expect(msg.ops).toEqual([{ t: 'rtp', track: 'video', ids: Array.from({ length: 50 }, (_, i) => i + 1), sizes: [2, 2] }]);
    expect(b.empty).toBe(true);
  });

  it('keeps every viewer\'s order across shared units, own copies and timeline changes', () => {
    const b = new MediaBatch();
    const u1 = [Buffer.from('u1')];
    const u2 = [Buffer.from('u2')];
    const opus = Buffer.from('o1');
    b.addRtp(1, 'video', u1);
    // Viewer 2 replays its GOP: timeline, own copy, timeline, then the live unit u1 it shares.
    b.addTimeline(2, 1);
    b.addRtp(2, 'video', [Buffer.from('r1')]);
    b.addTimeline(2, 3000);
    b.addRtp(2, 'video', u1);
    b.addRtp(1, 'audio', opus);
    b.addRtp(2, 'audio', opus);
    b.addRtp(1, 'video', u2);
    b.addRtp(2, 'video', u2);
    const msg = b.take(7);
    expect(msg.seq).toBe(7);
    const got = perViewer(msg.data, msg.ops);
    expect(got.get(1)).toEqual(['video u1', 'audio o1', 'video u2']);
    expect(got.get(2)).toEqual(['timeline 1', 'video r1', 'timeline 3000', 'video u1', 'audio o1', 'video u2']);
    // u1 twice (viewer 2 needed it after its replay), r1, o1 and u2 once: 5 chunks of 2 bytes.
    expect(msg.data.byteLength).toBe(2 * 5);
  });
});
