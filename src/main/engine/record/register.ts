// Registers the recorder as an engine service (imported once by engine/index.ts).
import { registerService } from '../engine';
import { createRecordService } from './service';

registerService('record', createRecordService);
