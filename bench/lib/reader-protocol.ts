// Messages between the benchmark (parent) and the light-reader process (child), over Node IPC.
import type { RtspLowerTransport } from './rtsp-client-session';

export type ToReader =
  /**
   * Open `count` more readers on `url` (rtmp:// or rtsp://, RTP over `rtspTransport`, default
   * tcp), their connects spread evenly (with a random phase) over `spreadMs`; answered by
   * `opened` once each got its first video frame, failed or timed out.
   */
  | { t: 'open'; url: string; count: number; timeoutMs: number; spreadMs: number; rtspTransport?: RtspLowerTransport }
  /** The publisher handed a video frame with this fingerprint to its socket at `ms` (monotonic). */
  | { t: 'sent'; fp: number; ms: number }
  /** Start a measurement window: counters and latency samples restart from zero. */
  | { t: 'mark' }
  /** End the window; answered by `collected`. */
  | { t: 'collect' }
  /** Close every reader opened so far (the next phase starts with none); answered by `closed`. */
  | { t: 'closeAll' }
  | { t: 'exit' };

export interface OpenedReport {
  t: 'opened';
  requested: number;
  /** Readers that received a coded video frame before the timeout. */
  playing: number;
  failed: number;
  /** connect() → first coded video frame, ms, for the readers of this batch that got one. */
  firstFrameMs: number[];
  /** A few distinct failure reasons. */
  errors: string[];
}

export interface CollectedReport {
  t: 'collected';
  windowMs: number;
  /** Per reader (all opened so far, closed ones included): coded video frames in the window. */
  videoFrames: number[];
  /** Per reader: audio + video payload bytes in the window. */
  payloadBytes: number[];
  /** Readers whose connection is still open. */
  alive: number;
  /** Distinct reasons readers closed, with counts. */
  closed: Record<string, number>;
  latency: { samples: number; p50: number; p95: number; p99: number; max: number; unmatched: number };
}

export type FromReader = { t: 'ready' } | { t: 'closed' } | OpenedReport | CollectedReport | { t: 'error'; message: string };
