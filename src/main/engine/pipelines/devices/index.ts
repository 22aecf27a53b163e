export { parseDshowDevices } from './dshow';
export { parseAvfoundationDevices } from './avfoundation';
export { parseFfmpegSources, type SourcesListing } from './linux-sources';
export { listVideoNodes } from './video-nodes';
export { listCaptureDevices, type DeviceListing } from './list';
export type { CaptureDevice, DeviceBackend, DeviceKind } from './types';
