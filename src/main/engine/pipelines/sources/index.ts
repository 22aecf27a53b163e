export { encodeAndPublishArgs, fitVideoFilter, type OutputOptions } from './output';
export { testPatternArgs, clockOverlayFilter, type TestPatternOptions } from './test-pattern';
export { mediaFileArgs, parseInputStreams, fitsRtmp, type MediaFileOptions, type MediaStreamsInfo } from './media-file';
export { desktopCaptureArgs, desktopCaptureMethods, type DesktopMethod, type DesktopOptions } from './desktop';
export { cameraArgs, type CameraBackend, type CameraOptions, type MicBackend } from './camera';
export { probeMediaFile } from './probe-file';
