// Forward (restream, issue 8 item 3): push ready paths to RTMP/RTMPS, RTSP/RTSPS and SRT
// destinations. The service, the driver contract and the drivers.
import type { Engine } from '../engine';
import type { Logger } from '../log/logger';
import { ForwardManager } from './manager';

export type { ForwardDriver, ForwardDriverContext } from './driver';
export { ForwardManager, type ForwardHost, type ForwardManagerOptions } from './manager';
export { ForwardRunner, FORWARD_BACKOFF } from './forward-runner';
export { forwardDriverFor, registerForwardDriver, type ForwardDriverEnv, type ForwardDriverFactory } from './drivers';
export { ForwardUnsupportedError } from './errors';
export { forwardToRtmp, rtmpForwardDriver, type RtmpForwardOptions } from './rtmp-target';
export { forwardToSrt, localReadInput, type SrtForwardOptions } from './srt-target';

/** The engine service factory (registered as 'forward' by ./register). */
export function createForwardService(engine: Engine, log: Logger): ForwardManager {
  return new ForwardManager(engine, log);
}
