// Registers the pipelines' engine services (imported once by engine/index.ts).
import { registerService } from '../engine';
import { createHooksService } from './hooks';
import { createPipelinesService } from './service';

registerService('hooks', createHooksService);
registerService('pipelines', createPipelinesService);
