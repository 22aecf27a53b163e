// The native RTMP client (issue 8): play (pull sources) and publish (forward targets), over TCP
// or TLS (rtmps://), on the protocol layer in ../../protocols/rtmp.
export { RtmpClientConnection, DEFAULT_CLIENT_CHUNK_SIZE, type RtmpConnectionOptions, type RtmpConnectionHandlers } from './connection';
export { RtmpPlayer, PLAY_FOURCCS, type RtmpPlayOptions, type RtmpPlayHandlers } from './play';
export { RtmpPublisher, planRtmpPublish, startPublish, PUBLISH_FOURCCS, type RtmpPublishOptions, type RtmpPublishPlan } from './publish';
export { RtmpClientError, describeStatus } from './errors';
export { parseRtmpUrl, type RtmpUrl } from './url';
