// The light reader: one Node process holding many RTMP or RTSP play sessions. An RTMP reader
// does the handshake, connect, createStream and play with the project's protocol layer; an RTSP
// reader DESCRIBE, SETUP (TCP interleaved or UDP) and PLAY, and reassembles H.264 access units
// from RTP. Then each only counts what arrives (coded video frames, payload bytes) and, for
// latency, fingerprints each video frame's last bytes to find when the publisher sent it.
// Nothing is decoded.
//
// Run by the benchmark as a child process with an IPC channel (see reader-protocol.ts).
import { RtmpMessageType } from '../../src/main/engine/protocols/rtmp/message';
import { RtmpClientSession, monotonicMs, parseRtmpTarget, type RtmpTarget } from './rtmp-client-session';
import { RtspClientSession, type RtspLowerTransport } from './rtsp-client-session';
import { isCodedAvcFrame, videoFingerprint } from './video-fingerprint';
import { quantileSorted } from './stats';
import type { CollectedReport, FromReader, OpenedReport, ToReader } from './reader-protocol';

/** Handshakes in flight at once, so a step of 800 does not hit the server's listen backlog. */
const CONNECT_CONCURRENCY = 64;
/** A frame received more than this after its send is not matched (it belongs to another loop of the clip). */
const MAX_LATENCY_MS = 5000;
const MAX_PENDING = 200_000;
const MAX_SAMPLES = 4_000_000;

interface LightReader {
  session?: RtmpClientSession | RtspClientSession;
  startMs: number;
  firstFrameMs?: number;
  onFirstFrame?: () => void;
  closedReason?: string;
  videoFrames: number;
  payloadBytes: number;
}

const readers: LightReader[] = [];
let measuring = false;
let windowStart = 0;
let latencies: number[] = [];
let unmatched = 0;
/** Latest send time per frame fingerprint (the clip loops, so entries are overwritten each loop). */
const sentAt = new Map<number, number>();
/** Frames that arrived before the parent told us when they were sent (IPC is not ordered with TCP). */
const pending = new Map<number, number[]>();
let pendingCount = 0;

function send(msg: FromReader): void {
  process.send?.(msg);
}

function recordArrival(fp: number, arrival: number): void {
  const sent = sentAt.get(fp);
  if (sent !== undefined && arrival >= sent && arrival - sent < MAX_LATENCY_MS) {
    if (latencies.length < MAX_SAMPLES) latencies.push(arrival - sent);
    return;
  }
  if (pendingCount >= MAX_PENDING) {
    unmatched++;
    return;
  }
  const list = pending.get(fp);
  if (list) list.push(arrival);
  else pending.set(fp, [arrival]);
  pendingCount++;
}

function onSent(fp: number, ms: number): void {
  sentAt.set(fp, ms);
  const list = pending.get(fp);
  if (!list) return;
  pending.delete(fp);
  pendingCount -= list.length;
  for (const arrival of list) {
    if (arrival >= ms && arrival - ms < MAX_LATENCY_MS) {
      if (measuring && latencies.length < MAX_SAMPLES) latencies.push(arrival - ms);
    } else {
      unmatched++;
    }
  }
}

/** Drops arrivals that never found their send record. */
function sweepPending(): void {
  const limit = monotonicMs() - MAX_LATENCY_MS;
  for (const [fp, list] of pending) {
    const keep = list.filter((a) => a >= limit);
    unmatched += list.length - keep.length;
    pendingCount -= list.length - keep.length;
    if (keep.length === 0) pending.delete(fp);
    else pending.set(fp, keep);
  }
}

/**
 * A coded video frame arrived. `tail` ends where the frame ends (an FLV body, or the last NAL
 * unit of an access unit from RTP): both end with the last slice's bytes, so the fingerprint
 * matches the one the publisher computed from the FLV tag.
 */
function onVideoFrame(r: LightReader, tail: Buffer, bytes: number, arrival: number): void {
  if (r.firstFrameMs === undefined) {
    r.firstFrameMs = arrival - r.startMs;
    r.onFirstFrame?.();
  }
  if (!measuring) return;
  r.videoFrames++;
  r.payloadBytes += bytes;
  recordArrival(videoFingerprint(tail), arrival);
}

async function openRtsp(url: string, transport: RtspLowerTransport, r: LightReader, timeoutMs: number): Promise<void> {
  r.session = await RtspClientSession.play(url, {
    transport,
    onVideoFrame: (lastNalu, bytes, arrival) => onVideoFrame(r, lastNalu, bytes, arrival),
    onOtherPayload: (bytes) => {
      if (measuring) r.payloadBytes += bytes;
    },
    onClose: (reason) => {
      r.closedReason = reason;
      r.onFirstFrame?.();
    },
  }, timeoutMs);
}

async function openOne(target: RtmpTarget, r: LightReader): Promise<void> {
  const session = await RtmpClientSession.open(target, {
    onMedia: (msg, arrival) => {
      if (msg.typeId === RtmpMessageType.Video) {
        if (isCodedAvcFrame(msg.payload)) onVideoFrame(r, msg.payload, msg.payload.length, arrival);
      } else if (measuring) {
        r.payloadBytes += msg.payload.length;
      }
    },
    onStatus: (code, description) => {
      // StreamNotFound, Play.Failed, Connect.Rejected…: nothing will come, say why.
      if (/NotFound|Failed|Rejected|BadName/.test(code)) r.session?.close(`${code} ${description}`.trim());
    },
    onClose: (reason) => {
      r.closedReason = reason;
      r.onFirstFrame?.();
    },
  });
  r.session = session;
  const streamId = await session.createStream();
  session.play(streamId, target.stream);
}

async function open(url: string, count: number, timeoutMs: number, spreadMs: number, rtspTransport: RtspLowerTransport = 'tcp'): Promise<OpenedReport> {
  const rtsp = url.startsWith('rtsp://');
  const target = rtsp ? undefined : parseRtmpTarget(url);
  const batch: LightReader[] = [];
  const errors = new Set<string>();
  const firstFrames: Promise<void>[] = [];
  const begin = monotonicMs();
  // Connect times spread evenly over one GOP with a random phase (stratified), so "connect →
  // first frame" samples every position in the GOP instead of whatever phase the step loop
  // happens to lock onto (a server without a GOP cache makes readers wait for the next keyframe).
  const phase = Math.random();
  const deadline = begin + spreadMs + timeoutMs;
  let next = 0;
  const worker = async () => {
    while (next < count && monotonicMs() < deadline) {
      const i = next++;
      const wait = begin + (spreadMs * (i + phase)) / count - monotonicMs();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const r: LightReader = { startMs: monotonicMs(), videoFrames: 0, payloadBytes: 0 };
      readers.push(r);
      batch.push(r);
      firstFrames.push(new Promise<void>((resolve) => (r.onFirstFrame = resolve)));
      try {
        if (target) await openOne(target, r);
        else await openRtsp(url, rtspTransport, r, timeoutMs);
      } catch (err) {
        r.closedReason ??= (err as Error).message;
        r.onFirstFrame?.();
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONNECT_CONCURRENCY, count) }, worker));
  const left = Math.max(0, deadline - monotonicMs());
  await Promise.race([Promise.all(firstFrames), new Promise((r) => setTimeout(r, left))]);
  let playing = 0;
  for (const r of batch) {
    if (r.firstFrameMs !== undefined && r.closedReason === undefined) playing++;
    else if (r.closedReason && errors.size < 5) errors.add(r.closedReason);
    else if (r.firstFrameMs === undefined && errors.size < 5) errors.add(`no video frame within ${timeoutMs} ms`);
  }
  return {
    t: 'opened',
    requested: count,
    playing,
    failed: count - playing,
    firstFrameMs: batch.filter((r) => r.firstFrameMs !== undefined).map((r) => r.firstFrameMs!),
    errors: [...errors],
  };
}

function mark(): void {
  for (const r of readers) {
    r.videoFrames = 0;
    r.payloadBytes = 0;
  }
  latencies = [];
  unmatched = 0;
  windowStart = monotonicMs();
  measuring = true;
}

function collect(): CollectedReport {
  measuring = false;
  const sorted = Float64Array.from(latencies).sort();
  const closed: Record<string, number> = {};
  for (const r of readers) if (r.closedReason) closed[r.closedReason] = (closed[r.closedReason] ?? 0) + 1;
  return {
    t: 'collected',
    windowMs: monotonicMs() - windowStart,
    videoFrames: readers.map((r) => r.videoFrames),
    payloadBytes: readers.map((r) => r.payloadBytes),
    alive: readers.filter((r) => r.closedReason === undefined && r.session !== undefined).length,
    closed,
    latency: {
      samples: sorted.length,
      p50: quantileSorted(sorted, 0.5),
      p95: quantileSorted(sorted, 0.95),
      p99: quantileSorted(sorted, 0.99),
      max: sorted.length ? sorted[sorted.length - 1] : NaN,
      unmatched,
    },
  };
}

function closeAll(): void {
  for (const r of readers) r.session?.close();
  readers.length = 0;
}

function shutdown(code: number): never {
  for (const r of readers) r.session?.close();
  process.exit(code);
}

const sweeper = setInterval(sweepPending, 1000);
sweeper.unref();

process.on('message', (raw) => {
  const msg = raw as ToReader;
  switch (msg.t) {
    case 'sent':
      onSent(msg.fp, msg.ms);
      return;
    case 'open':
      open(msg.url, msg.count, msg.timeoutMs, msg.spreadMs, msg.rtspTransport).then(send, (err: Error) => send({ t: 'error', message: err.message }));
      return;
    case 'closeAll':
      closeAll();
      send({ t: 'closed' });
      return;
    case 'mark':
      mark();
      return;
    case 'collect':
      send(collect());
      return;
    case 'exit':
      shutdown(0);
  }
});
// The parent is gone (crash, Ctrl+C): do not linger holding sockets.
process.on('disconnect', () => shutdown(0));
send({ t: 'ready' });
