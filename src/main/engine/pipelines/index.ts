// FFmpeg pipelines (issue 7): binary resolution, capabilities, supervision, sources, devices.
export * from './ffmpeg';
export * from './capabilities';
export * from './progress';
export * from './backoff';
export * from './ffmpeg-errors';
export * from './kill-tree';
export * from './presets';
export * from './supervisor';
export { orphanWatchdog, WATCHDOG_SCRIPT } from './watchdog';
export * from './sources';
export * from './devices';
export * from './hooks';
