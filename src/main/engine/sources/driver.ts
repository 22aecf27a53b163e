// The contract between the sources manager and one pull-source implementation (RTSP, RTMP, HLS).
// A driver connects to a remote, becomes the path's publisher through ctx.publish and writes access
// units until the remote ends or ctx.signal aborts. Reconnects are the manager's job, not the
// driver's: a driver that returns or throws is restarted with backoff.
import type { Stream } from '../core/stream';
import type { Logger } from '../log/logger';
import type { Track } from '../protocols/media/types';
import type { PathConf } from '../../../shared/config';

export interface SourceDriverContext {
  url: string;                 // the path's `source` value
  conf: PathConf;              // rtspTransport, sourceFingerprint, readTimeout…
  log: Logger;
  signal: AbortSignal;         // aborted when the source must stop
  /** Become the path's publisher with these tracks; returns the stream to write access units into. Throws if refused. */
  publish(tracks: readonly Track[]): Stream;
  /** Count bytes received from the remote (for /v3/paths bytesReceived). */
  addBytes(n: number): void;
}
/** Runs until the remote ends or fails (reject with an Error: it becomes lastError) or until signal aborts (resolve). */
export type SourceDriver = (ctx: SourceDriverContext) => Promise<void>;
