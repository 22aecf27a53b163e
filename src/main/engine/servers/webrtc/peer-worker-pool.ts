// WHEP viewer peers spread over worker threads (issue 6: one Node thread saturates at ~35–40
// viewers of a 4 Mbit/s stream, werift's SRTP and ICE/DTLS being per viewer and in JS). The
// main thread keeps signalling, the path reader and RTP packetizing; each worker hosts the
// werift peers of its viewers (viewer-peer-host.ts) and gets each RTP packet once, however many
// of its viewers read it (media-batch.ts). A worker that dies takes its viewers with it (each is
// closed with the reason); the next viewer gets a fresh worker. If no worker can run at all (no
// built worker file, or it fails to start), peers run in the main thread as before.
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from '../../log/logger';
import { MediaBatch } from './media-batch';
import { NoCandidatesError, withGatheringLock } from './peer';
import type { PeerNetwork } from './peer-network';
import type { FromPeerWorker, MediaTrackKind, PeerSettings, ToPeerWorker } from './peer-worker-messages';
import { ViewerPeerHost } from './viewer-peer-host';

/** What a WHEP session hears from its peer. */
export interface ViewerPeerEvents {
  /** RTCPeerConnection.connectionState. */
  onState(state: string): void;
  /** The viewer sent RTCP (at most every RTCP_REPORT_MS). */
  onRtcp(): void;
  /** The viewer lost its picture (PLI). */
  onPli(): void;
  /** The thread hosting the peer stopped; the peer is gone. */
  onLost(reason: string): void;
}

/** A viewer's werift peer, wherever it runs. */
export interface ViewerPeer {
  /** The SDP answer, with every host candidate. */
  readonly answer: string;
  /** The answer has a video / audio m-line we send on. */
  readonly video: boolean;
  readonly audio: boolean;
  /** Where the peer runs (session info). */
  readonly thread: string;
  /**
   * Queue RTP for this viewer. Viewers of one thread given the same object (the core's shared
   * packet array) share its bytes. False while the thread is behind (MAX_LAG_MS, MAX_UNACKED): the
   * caller stops writing until whenWritable (the reader's bounded queue takes over, DESIGN §6).
   */
  send(track: MediaTrackKind, packets: Buffer | readonly Buffer[]): boolean;
  /** werift replaceRTP on the video sender, in order with the queued packets. */
  restartVideoTimeline(offset: number): void;
  whenWritable(resume: () => void): void;
  close(): void;
}

export interface OpenViewerPeer {
  offer: string;
  h264Fmtp: string;
  settings: PeerSettings;
  network: PeerNetwork;
}

/**
 * A thread is behind when its oldest unprocessed batch is this old, or this many batches wait:
 * its viewers' readers then queue in the core and, if that overflows, skip to the next keyframe
 * (DESIGN §6). Kept short so the thread's own queue stays small: a thread working through
 * seconds of queued media also reads its viewers' RTCP seconds late, and readTimeout would end
 * every session of an overloaded thread at once instead of some viewers losing frames.
 */
const MAX_LAG_MS = 500;
const MAX_UNACKED = 24;

/** Threads: RELAYBOX_WEBRTC_WORKERS (0 = main thread only), else one per core, at most 4. */
export function peerThreadCount(env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = env.RELAYBOX_WEBRTC_WORKERS;
  if (fromEnv !== undefined && /^\d+$/.test(fromEnv)) return Math.min(16, Number(fromEnv));
  return Math.max(1, Math.min(4, availableParallelism()));
}

/**
 * The worker's file: out/main/webrtc-peer-worker.js in a build (the engine code sits in
 * out/main/chunks), else this folder's peer-worker.ts, loaded through tsx (tests, benches).
 */
export function peerWorkerEntry(dir: string = __dirname): { file: string; execArgv?: string[] } | null {
  for (const file of [join(dir, 'webrtc-peer-worker.js'), join(dir, '..', 'webrtc-peer-worker.js')]) {
    if (existsSync(file)) return { file };
  }
  const source = join(dir, 'peer-worker.ts');
  if (existsSync(source)) return { file: source, execArgv: [...process.execArgv, '--import', 'tsx'] };
  return null;
}

interface PeerThread {
  readonly name: string;
  post(msg: ToPeerWorker, transfer?: ArrayBuffer[]): void;
  terminate(): Promise<void>;
}

interface PeerEntry {
  events: ViewerPeerEvents;
  network: PeerNetwork;
  opening?: { resolve(peer: ViewerPeer): void; reject(err: Error): void };
}

/** One thread and its peers. */
class PeerSlot {
  readonly peers = new Map<number, PeerEntry>();
  private batch = new MediaBatch();
  private flushScheduled = false;
  private seq = 0;
  /** Batches posted and not yet done: sequence number and when posted. */
  private readonly unacked: { seq: number; at: number }[] = [];
  private waiters: (() => void)[] = [];
  thread!: PeerThread;
  dead = false;
  /** The thread has loaded werift and takes peers. */
  ready = false;
  /** Peers of this thread holding the gathering lock: how to release it. */
  readonly gatherHolds = new Map<number, () => void>();

  get behind(): boolean {
    return this.unacked.length > MAX_UNACKED || (this.unacked.length > 0 && Date.now() - this.unacked[0].at > MAX_LAG_MS);
  }

  send(id: number, track: MediaTrackKind, packets: Buffer | readonly Buffer[]): boolean {
    this.batch.addRtp(id, track, packets);
    this.scheduleFlush();
    return !this.behind;
  }

  timeline(id: number, offset: number): void {
    this.batch.addTimeline(id, offset);
    this.scheduleFlush();
  }

  whenWritable(resume: () => void): void {
    if (this.behind) this.waiters.push(resume);
    else queueMicrotask(resume);
  }

  /** The thread handed batch `seq` to its peers. */
  done(seq: number): void {
    while (this.unacked.length > 0 && this.unacked[0].seq <= seq) this.unacked.shift();
    if (this.behind || this.waiters.length === 0) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    // Everything written during this turn of the event loop (one published unit reaching all
    // readers) leaves as one message.
    setImmediate(() => {
      this.flushScheduled = false;
      if (this.dead || this.batch.empty) return;
      const msg = this.batch.take(++this.seq);
      this.unacked.push({ seq: msg.seq, at: Date.now() });
      this.thread.post(msg, [msg.data]);
    });
  }

  /** Drops queued media (the thread is gone). */
  reset(): void {
    this.batch = new MediaBatch();
    this.unacked.length = 0;
    this.waiters = [];
  }
}

/** Peers in the main thread: the same host, behind the same message interface. */
function inProcessThread(name: string, receive: (msg: FromPeerWorker) => void): PeerThread {
  const host = new ViewerPeerHost((msg) => queueMicrotask(() => receive(msg)), false);
  return {
    name,
    post: (msg) => queueMicrotask(() => host.handle(msg)),
    terminate: async () => host.closeAll(),
  };
}

export class PeerWorkerPool {
  private readonly slots: PeerSlot[] = [];
  private nextId = 0;
  /** Threads started so far: names are never reused, so logs tell a replacement apart. */
  private started = 0;
  private closed = false;
  /** Set once a worker failed to come up: from then on peers run in the main thread. */
  private inProcessReason: string | null;
  private readonly entry: { file: string; execArgv?: string[] } | null;

  constructor(
    private readonly log: Logger,
    private readonly threads: number = peerThreadCount(),
    entry: { file: string; execArgv?: string[] } | null = peerWorkerEntry(),
  ) {
    this.entry = entry;
    this.inProcessReason = threads === 0 ? 'RELAYBOX_WEBRTC_WORKERS=0' : entry ? null : 'the worker file (webrtc-peer-worker.js) is not built';
  }

  /** Threads running now, with their peer counts (tests, diagnostics). */
  status(): { thread: string; peers: number }[] {
    return this.slots.filter((s) => !s.dead).map((s) => ({ thread: s.thread.name, peers: s.peers.size }));
  }

  /** Stops the thread hosting peer `thread` as if it had crashed (tests). */
  async crashForTest(thread: string): Promise<void> {
    const slot = this.slots.find((s) => s.thread.name === thread);
    await slot?.thread.terminate();
  }

  /** Starts the worker threads now; resolves once each has loaded werift (or stopped). */
  async warm(): Promise<void> {
    if (this.inProcessReason || !this.entry || this.closed) return;
    this.pickSlot();
    while (this.slots.some((s) => !s.dead && !s.ready)) await new Promise((r) => setTimeout(r, 20));
  }

  /** Creates a viewer's peer on the least busy thread and answers the offer. */
  open(req: OpenViewerPeer, events: ViewerPeerEvents): Promise<ViewerPeer> {
    if (this.closed) return Promise.reject(new Error('the WebRTC server is closing'));
    const slot = this.pickSlot();
    const id = ++this.nextId;
    const entry: PeerEntry = { events, network: req.network };
    slot.peers.set(id, entry);
    return new Promise<ViewerPeer>((resolve, reject) => {
      entry.opening = { resolve, reject };
      slot.thread.post({ t: 'open', id, offer: req.offer, h264Fmtp: req.h264Fmtp, settings: req.settings, network: req.network });
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    const slots = this.slots.splice(0);
    for (const s of slots) s.dead = true;
    await Promise.all(slots.map((s) => s.thread.terminate()));
  }

  private pickSlot(): PeerSlot {
    if (this.inProcessReason || !this.entry) return this.mainSlot();
    // All workers start with the first viewer and a dead one is replaced by the next viewer.
    // A worker takes ~0.5 s to load werift: viewers arriving meanwhile are served by the main
    // thread (and stay there), so the first viewer's time to first frame does not grow.
    if (this.started === 0) this.log.info(`WebRTC viewer peers run in ${this.threads} worker thread(s) (${this.entry.file})`);
    while (this.slots.filter((s) => !s.dead && s.thread.name !== 'main').length < this.threads) this.startWorkerSlot(this.entry);
    const ready = this.slots.filter((s) => !s.dead && s.ready && s.thread.name !== 'main');
    if (ready.length === 0) return this.mainSlot();
    return ready.reduce((a, b) => (b.peers.size < a.peers.size ? b : a));
  }

  private mainSlot(): PeerSlot {
    const existing = this.slots.find((s) => s.thread.name === 'main');
    if (existing) return existing;
    const slot = new PeerSlot();
    this.slots.push(slot);
    slot.thread = inProcessThread('main', (msg) => this.receive(slot, msg));
    slot.ready = true;
    return slot;
  }

  private startWorkerSlot(entry: { file: string; execArgv?: string[] }): PeerSlot {
    const slot = new PeerSlot();
    this.slots.push(slot);
    const receive = (msg: FromPeerWorker): void => this.receive(slot, msg);
    const name = `webrtc-peers-${++this.started}`;
    const worker = new Worker(entry.file, { name, ...(entry.execArgv ? { execArgv: entry.execArgv } : {}) });
    let online = false;
    let failure: string | null = null;
    worker.on('online', () => { online = true; });
    worker.on('message', receive);
    worker.on('error', (err) => { failure = err.message; });
    worker.on('exit', (code) => {
      const why = failure ?? `exit code ${code}`;
      if (!online && !this.closed && !slot.dead) {
        this.inProcessReason = `the worker did not start (${why})`;
        this.log.warn(`WebRTC viewer peers run in the main thread: ${this.inProcessReason}`);
      }
      this.threadStopped(slot, `WebRTC peer thread ${name} stopped (${why})`);
    });
    // The HTTP listener keeps the process alive, not the workers.
    worker.unref();
    slot.thread = {
      name,
      post: (msg, transfer) => worker.postMessage(msg, transfer),
      terminate: async () => { await worker.terminate(); },
    };
    return slot;
  }

  private threadStopped(slot: PeerSlot, reason: string): void {
    if (slot.dead) return;
    slot.dead = true;
    slot.reset();
    const i = this.slots.indexOf(slot);
    if (i >= 0) this.slots.splice(i, 1);
    if (this.closed) return;
    if (slot.peers.size > 0) this.log.error(`${reason}: closing its ${slot.peers.size} viewer(s); the next viewers get a new thread`);
    for (const release of slot.gatherHolds.values()) release();
    slot.gatherHolds.clear();
    for (const entry of slot.peers.values()) {
      if (entry.opening) entry.opening.reject(new Error(reason));
      else entry.events.onLost(reason);
    }
    slot.peers.clear();
  }

  private receive(slot: PeerSlot, msg: FromPeerWorker): void {
    if (msg.t === 'done') { slot.done(msg.seq); return; }
    if (msg.t === 'ready') { slot.ready = true; return; }
    if (msg.t === 'gather-done') {
      // Also for a peer closed meanwhile: the lock must go on.
      slot.gatherHolds.get(msg.id)?.();
      slot.gatherHolds.delete(msg.id);
      return;
    }
    const entry = slot.peers.get(msg.id);
    if (!entry) return;
    switch (msg.t) {
      case 'answered': {
        const opening = entry.opening;
        entry.opening = undefined;
        opening?.resolve(this.handle(slot, msg.id, msg));
        return;
      }
      case 'gather':
        // Port-range gathering probes then binds (peer.ts): one peer at a time across all threads.
        void withGatheringLock(entry.network, () => new Promise<void>((done) => {
          if (slot.dead) { done(); return; }
          slot.gatherHolds.set(msg.id, done);
          slot.thread.post({ t: 'gather-go', id: msg.id });
        }));
        return;
      case 'failed': {
        slot.peers.delete(msg.id);
        entry.opening?.reject(msg.noCandidates ? new NoCandidatesError(msg.message) : new Error(msg.message));
        return;
      }
      case 'state': entry.events.onState(msg.state); return;
      case 'rtcp': entry.events.onRtcp(); return;
      case 'pli': entry.events.onPli(); return;
    }
  }

  private handle(slot: PeerSlot, id: number, answered: Extract<FromPeerWorker, { t: 'answered' }>): ViewerPeer {
    return {
      answer: answered.sdp,
      video: answered.video,
      audio: answered.audio,
      thread: slot.thread.name,
      send: (track, packets) => (slot.peers.has(id) ? slot.send(id, track, packets) : true),
      restartVideoTimeline: (offset) => { if (slot.peers.has(id)) slot.timeline(id, offset); },
      whenWritable: (resume) => slot.whenWritable(resume),
      close: () => {
        if (!slot.peers.delete(id) || slot.dead) return;
        slot.thread.post({ t: 'close', id });
      },
    };
  }
}
