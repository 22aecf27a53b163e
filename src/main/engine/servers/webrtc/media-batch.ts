// RTP for one worker, gathered during one event-loop turn and posted as one message. The core
// hands every reader of a format the same packet array (DESIGN §6), so the viewers of a worker
// that got the same array share one op and its bytes are copied once for all of them.
// Per viewer the order of its packets and timeline changes is kept exactly.
import type { MediaOp, MediaTrackKind, ToPeerWorker } from './peer-worker-messages';

type Packets = Buffer | readonly Buffer[];

interface PendingRtp {
  t: 'rtp';
  track: MediaTrackKind;
  ids: number[];
  packets: readonly Buffer[];
}

export class MediaBatch {
  private ops: (PendingRtp | Extract<MediaOp, { t: 'timeline' }>)[] = [];
  /** Newest op index per packet array (identity), and per viewer its last op index. */
  private readonly opOf = new Map<Packets, number>();
  private readonly lastOpOf = new Map<number, number>();
  private bytes = 0;

  get empty(): boolean {
    return this.ops.length === 0;
  }

  /** Queue `packets` for viewer `id`; viewers given the same object share the op. */
  addRtp(id: number, track: MediaTrackKind, packets: Packets): void {
    const last = this.lastOpOf.get(id) ?? -1;
    const shared = this.opOf.get(packets);
    if (shared !== undefined && shared > last) {
      const op = this.ops[shared];
      if (op.t === 'rtp' && op.track === track) {
        op.ids.push(id);
        this.lastOpOf.set(id, shared);
        return;
      }
    }
    const list = Buffer.isBuffer(packets) ? [packets] : (packets as readonly Buffer[]);
    for (const p of list) this.bytes += p.length;
    this.ops.push({ t: 'rtp', track, ids: [id], packets: list });
    this.opOf.set(packets, this.ops.length - 1);
    this.lastOpOf.set(id, this.ops.length - 1);
  }

  addTimeline(id: number, offset: number): void {
    this.ops.push({ t: 'timeline', id, offset });
    this.lastOpOf.set(id, this.ops.length - 1);
  }

  /** The message for the worker (its ArrayBuffer to be transferred), and a fresh batch begins. */
  take(seq: number): Extract<ToPeerWorker, { t: 'media' }> {
    const data = new Uint8Array(this.bytes);
    const ops: MediaOp[] = [];
    let at = 0;
    for (const op of this.ops) {
      if (op.t === 'timeline') { ops.push(op); continue; }
      const sizes: number[] = [];
      for (const p of op.packets) {
        data.set(p, at);
        at += p.length;
        sizes.push(p.length);
      }
      ops.push({ t: 'rtp', track: op.track, ids: op.ids, sizes });
    }
    this.ops = [];
    this.opOf.clear();
    this.lastOpOf.clear();
    this.bytes = 0;
    return { t: 'media', seq, data: data.buffer, ops };
  }
}
