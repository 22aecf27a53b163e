// Pull sources (issue 8): the service that keeps each path's `source` URL pulled, and the
// driver contract the RTSP, RTMP and HLS clients implement.
import type { Engine } from '../engine';
import type { Logger } from '../log/logger';
import { SourcesManager } from './manager';

export type { SourceDriver, SourceDriverContext } from './driver';
export { SourcesManager, type SourcesHost } from './manager';
export { SourceRunner } from './source-runner';
export { registerSourceDriver, sourceKindFor, type SourceKind } from './drivers';

/** The engine service factory (registered as 'sources' in engine/index.ts). */
export function createSourcesService(engine: Engine, log: Logger): SourcesManager {
  return new SourcesManager(engine, log);
}
