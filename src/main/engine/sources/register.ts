// Registers the sources services with the engine (imported once by engine/index.ts): pulled
// sources, and the offline clips of alwaysAvailable paths.
import { registerService } from '../engine';
import { createSourcesService } from './index';
import { OfflineClips } from './offline-clips';

registerService('sources', createSourcesService);
registerService('alwaysAvailable', (engine, log) => new OfflineClips(engine, log));
