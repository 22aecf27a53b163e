// The alwaysAvailable service: prepares each always-available static path's offline clip
// (offline-slate.ts) and hands it to the path manager, which keeps readers of that path connected
// across publishers (core/always-available.ts). Follows config reloads.
import { jsonEqual, PathConfIndex, type Config, type PathConf } from '../../../shared/config';
import type { PathManager } from '../core';
import type { OfflineSlate } from '../core/always-available';
import type { Logger } from '../log/logger';
import { isFfmpegFound, resolveFfmpeg } from '../pipelines/ffmpeg';
import { loadOfflineSlate } from './offline-slate';

export interface OfflineClipsHost {
  readonly config: Config;
  readonly paths: Pick<PathManager, 'setOfflineSlate'>;
  on(event: 'reload', listener: (e: { next: Config }) => void): unknown;
  off(event: 'reload', listener: (e: { next: Config }) => void): unknown;
}

type ClipConf = Pick<PathConf, 'alwaysAvailableFile' | 'alwaysAvailableTracks'>;

export class OfflineClips {
  /** Clip inputs per path, as last applied. */
  private readonly applied = new Map<string, ClipConf>();
  private readonly clips = new Map<string, Promise<OfflineSlate>>();
  private ffmpeg: Promise<string> | null = null;
  private stopped = false;
  private readonly onReload = (e: { next: Config }): void => this.apply(e.next);

  constructor(
    private readonly host: OfflineClipsHost,
    private readonly log: Logger,
    private readonly cacheDir?: string,
  ) {
    host.on('reload', this.onReload);
    this.apply(host.config);
  }

  stop(): void {
    this.stopped = true;
    this.host.off('reload', this.onReload);
    for (const name of this.applied.keys()) this.host.paths.setOfflineSlate(name, null);
    this.applied.clear();
  }

  private apply(config: Config): void {
    if (this.stopped) return;
    const index = new PathConfIndex(config);
    const wanted = new Map<string, ClipConf>();
    for (const name of index.staticNames()) {
      const found = index.find(name);
      if (found.ok && found.conf.alwaysAvailable) {
        wanted.set(name, { alwaysAvailableFile: found.conf.alwaysAvailableFile, alwaysAvailableTracks: found.conf.alwaysAvailableTracks });
      }
    }
    for (const name of [...this.applied.keys()]) {
      if (wanted.has(name)) continue;
      this.applied.delete(name);
      this.host.paths.setOfflineSlate(name, null);
    }
    for (const [name, clip] of wanted) {
      const prev = this.applied.get(name);
      if (prev && jsonEqual(prev, clip)) continue;
      this.applied.set(name, clip);
      void this.clip(clip).then(
        (slate) => {
          // Applied only if the settings did not change again while FFmpeg rendered.
          if (!this.stopped && this.applied.get(name) === clip) this.host.paths.setOfflineSlate(name, slate);
        },
        (err: Error) => this.log.error(`path ${name}: alwaysAvailable: ${err.message}`),
      );
    }
  }

  private clip(conf: ClipConf): Promise<OfflineSlate> {
    const key = JSON.stringify(conf);
    let p = this.clips.get(key);
    if (!p) {
      p = this.resolveFfmpeg().then((ffmpeg) => loadOfflineSlate(conf, ffmpeg, this.cacheDir));
      // A failure is retried at the next reload, not cached.
      p.catch(() => this.clips.delete(key));
      this.clips.set(key, p);
    }
    return p;
  }

  private resolveFfmpeg(): Promise<string> {
    this.ffmpeg ??= resolveFfmpeg().then((r) => {
      if (!isFfmpegFound(r)) {
        this.ffmpeg = null;
        throw new Error(`the offline clip needs FFmpeg: ${r.error}`);
      }
      return r.path;
    });
    return this.ffmpeg;
  }
}
