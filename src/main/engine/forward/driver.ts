// The contract between the forward manager and one restream target (RTMP/RTMPS, RTSP, SRT).
// A driver reads the path through ctx.reader and pushes it to ctx.dest until the destination
// fails (reject: the message becomes the destination's lastError, the manager retries with
// backoff) or ctx.signal aborts (resolve). Reconnecting is the manager's job, not the driver's.
import type { PathReader } from '../core/path-requests';
import type { Logger } from '../log/logger';

export interface ForwardDriverContext {
  /** The destination URL as configured (may carry credentials: never log it unredacted). */
  dest: string;
  log: Logger;
  /** Aborted when forwarding must stop (path not ready, config changed, engine stopping). */
  signal: AbortSignal;
  /** This forwarder's reader session on the path: reader.stream.tracks; reader.subscribe({ format, sink }). */
  reader: PathReader;
  /** Count bytes sent to the destination (for /v3/paths/forward/list and metrics). */
  addBytes(n: number): void;
}

/** Runs until the destination fails (reject with an Error) or until signal aborts (resolve). */
export type ForwardDriver = (ctx: ForwardDriverContext) => Promise<void>;
