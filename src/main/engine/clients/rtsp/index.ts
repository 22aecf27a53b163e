// The native RTSP client (issue 8): play (pull sources) and record (forward targets), built on
// protocols/rtsp and protocols/rtp. Used by sources/rtsp-source.ts and forward/rtsp-target.ts.
export { RtspPlayClient, type RtspPlayOptions, type RtspPlayTransport } from './play-client';
export { RtspRecordClient, type RtspRecordOptions } from './record-client';
export { type RtspClientOptions } from './client-session';
export { RtspClientError, type RtspClientRole } from './errors';
export { ParameterSetWait, lacksParameterSets, learnParameterSets } from './parameter-sets';
