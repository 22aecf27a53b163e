// The pipeline methods of RelayboxApi on an engine. While media runs they go to the pipelines
// service; with the server stopped, definitions can still be listed and edited (the catalog
// outlives the service) but not started.
import { RelayboxApiError, type RelayboxApi } from '../../../shared/api';
import type { PipelineInfo } from '../../../shared/pipelines';
import type { Logger } from '../log/logger';
import { catalogFor } from './catalog';
import { FfmpegProvider } from './ffmpeg-provider';
import type { PipelinesService } from './service';

export type PipelinesApi = Pick<RelayboxApi,
  'addPipeline' | 'patchPipeline' | 'startPipeline' | 'stopPipeline' | 'deletePipeline' | 'listCaptureDevices' | 'getPipelineCapabilities'> & {
  listPipelines(): Promise<PipelineInfo[]>;
};

/** What the API needs from the engine. */
export interface PipelinesApiHost {
  readonly configFile?: string;
  service(name: 'pipelines'): PipelinesService | undefined;
}

const STOPPED = { state: 'stopped', reason: null, pid: null, restarts: 0, retryAt: null, stats: null } as const;

export function createPipelinesApi(engine: PipelinesApiHost, log: Logger): PipelinesApi {
  const svc = () => engine.service('pipelines');
  const catalog = () => catalogFor(engine, log);
  const offlineInfo = async (name: string): Promise<PipelineInfo> => {
    const def = (await catalog()).require(name);
    return { name, def, path: def.path ?? name, status: { ...STOPPED }, command: null };
  };
  const notRunning = (): never => {
    throw new RelayboxApiError('the media server is stopped: start it before starting a pipeline', 409);
  };
  // Capabilities and devices do not need the server running.
  let offlineFfmpeg: FfmpegProvider | null = null;
  const ffmpeg = async () => (offlineFfmpeg ??= new FfmpegProvider(log, { settingsPath: (await catalog()).ffmpegPath }));
  return {
    async listPipelines() {
      const s = svc();
      if (s) {
        await s.whenReady();
        return s.list();
      }
      const c = await catalog();
      return Promise.all(c.names().map(offlineInfo));
    },
    async addPipeline(name, def) {
      const s = svc();
      if (s) return s.add(name, def);
      await (await catalog()).add(name, def);
      return offlineInfo(name);
    },
    async patchPipeline(name, patch) {
      const s = svc();
      if (s) return s.patch(name, patch);
      await (await catalog()).patch(name, patch);
      return offlineInfo(name);
    },
    async startPipeline(name) {
      const s = svc();
      if (!s) {
        (await catalog()).require(name);
        return notRunning();
      }
      return s.start(name);
    },
    async stopPipeline(name) {
      const s = svc();
      if (s) return s.stopPipeline(name);
      await (await catalog()).setAutoStart(name, false);
      return offlineInfo(name);
    },
    async deletePipeline(name) {
      const s = svc();
      if (s) return s.remove(name);
      await (await catalog()).remove(name);
    },
    async listCaptureDevices() {
      return (svc() ?? (await ffmpeg())).devices();
    },
    async getPipelineCapabilities() {
      return (svc() ?? (await ffmpeg())).capabilities();
    },
  };
}
