// The media engine's public face: plain Node, never electron (DESIGN §1).
import { registerListener } from './engine';
import { openApiServer } from './servers/api/server';
import { openMetricsServer } from './servers/metrics/server';
import { openHttpMediaServer } from './servers/http-media/server';
import { openRtmpServer } from './servers/rtmp/server';
import { openRtspServer } from './servers/rtsp/server';
import { openRtspUdpListener } from './servers/rtsp/udp';
import { openWebrtcServer } from './servers/webrtc/server';
import { openWebrtcUdpRange } from './servers/webrtc/udp-port-range';
import { openPlaybackServer } from './servers/playback/server';
import { listenerTls } from './servers/tls';
import './sources/register';
import './forward/register';
import './record/register';
import './pipelines/register';

registerListener('api', (engine, _def, host, port, log) => openApiServer(engine, host, port, log));
registerListener('rtsp', (engine, _def, host, port, log) => openRtspServer(engine, host, port, log));
registerListener('rtp', (engine, _def, host, port, log) => openRtspUdpListener(engine, 'rtp', host, port, log));
registerListener('rtcp', (engine, _def, host, port, log) => openRtspUdpListener(engine, 'rtcp', host, port, log));
registerListener('rtmp', (engine, _def, host, port, log) => openRtmpServer(engine, host, port, log));
registerListener('rtsps', (engine, _def, host, port, log) => openRtspServer(engine, host, port, log, listenerTls(engine.config, 'rtsps')));
registerListener('rtmps', (engine, _def, host, port, log) => openRtmpServer(engine, host, port, log, listenerTls(engine.config, 'rtmps')));
registerListener('metrics', (engine, _def, host, port, log) => openMetricsServer(engine, host, port, log));
registerListener('webrtc', (engine, _def, host, port, log) => openWebrtcServer(engine, host, port, log));
registerListener('webrtcUdp', (_engine, _def, host, port, log) => openWebrtcUdpRange(host, port, log));
registerListener('hls', (engine, _def, host, port, log) => openHttpMediaServer(engine, host, port, log));
registerListener('playback', (engine, _def, host, port, log) => openPlaybackServer(engine, host, port, log));

export { createEngine, Engine, ConfigRejectedError, type EngineOptions, type EngineService } from './engine';
export { RELAYBOX_VERSION } from './version';
