// Registers the forward service with the engine (imported once by engine/index.ts).
import { registerService } from '../engine';
import { createForwardService } from './index';

registerService('forward', createForwardService);
