// The FFmpeg a set of pipelines uses: resolved once (settings → ffmpeg-static → PATH) with its
// capabilities, plus what the API shows about it (capabilities, capture devices).
import type { FfmpegInfo, PipelineCapabilities } from '../../../shared/pipelines';
import type { Logger } from '../log/logger';
import { probeCapabilities, type FfmpegCapabilities } from './capabilities';
import { listCaptureDevices, type DeviceListing } from './devices';
import { isFfmpegFound, resolveFfmpeg, type FfmpegResolution, type ResolveFfmpegOptions } from './ffmpeg';
import { desktopCaptureMethods } from './sources';

export type UsableFfmpeg = { path: string; caps: FfmpegCapabilities } | { error: string };

export class FfmpegProvider {
  private resolution: Promise<FfmpegResolution> | null = null;
  private caps: Promise<FfmpegCapabilities | { error: string }> | null = null;

  constructor(
    private readonly log: Logger,
    private readonly opts: ResolveFfmpegOptions = {},
  ) {}

  /** The binary and what it can do, or why there is none usable. */
  async get(): Promise<UsableFfmpeg> {
    if (!this.resolution) {
      // app.asar → app.asar.unpacked is a no-op outside a packaged app.
      this.resolution = resolveFfmpeg({ packaged: true, ...this.opts });
      const r = await this.resolution;
      if (isFfmpegFound(r)) this.log.info(`FFmpeg ${r.version} (${r.source}): ${r.path}`);
      else this.log.warn(`pipelines cannot run: ${r.error}`);
    }
    const r = await this.resolution;
    if (!isFfmpegFound(r)) return { error: r.error };
    this.caps ??= probeCapabilities(r.path);
    const caps = await this.caps;
    return 'error' in caps ? caps : { path: r.path, caps };
  }

  async capabilities(): Promise<PipelineCapabilities> {
    const usable = await this.get();
    const ffmpeg: FfmpegInfo = (await this.resolution) ?? { error: 'FFmpeg was not looked up' };
    const base = { ffmpeg, platform: process.platform };
    if ('error' in usable) return { ...base, encoders: [], workingHardwareH264: [], inputDevices: [], desktopMethods: [], drawtext: false, error: usable.error };
    const c = usable.caps;
    return {
      ...base, encoders: c.encoders, workingHardwareH264: c.workingHardwareH264, inputDevices: c.inputDevices,
      desktopMethods: desktopCaptureMethods(process.platform, c), drawtext: c.drawtext,
    };
  }

  async devices(): Promise<DeviceListing> {
    const usable = await this.get();
    if ('error' in usable) return { devices: [], warnings: [usable.error] };
    return listCaptureDevices(usable.path);
  }
}
