// Global settings: every top-level key of a MediaMTX config except pathDefaults and paths.
// Key names, value shapes and order follow MediaMTX's reference mediamtx.yml; defaults are
// MediaMTX's, except where DESIGN §2 says otherwise (marked "Relaybox:").

import { z } from 'zod';
import {
  address,
  duration,
  enumListValue,
  enumValue,
  field,
  flag,
  intValue,
  ipList,
  objectListValue,
  origins,
  port,
  serverCert,
  serverKey,
  size,
  text,
  textListValue,
  textValue,
} from './fields';
import { AuthInternalUserSchema, AuthPermissionSchema, WebRTCICEServerSchema } from './item-schemas';
import { checkIpOrCidr } from './ip';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;
export const LOG_DESTINATIONS = ['stdout', 'file', 'syslog'] as const;
export const AUTH_METHODS = ['internal', 'http', 'jwt'] as const;
export const ENCRYPTION_MODES = ['no', 'strict', 'optional'] as const;
export const RTSP_TRANSPORTS = ['udp', 'multicast', 'tcp'] as const;
export const RTSP_AUTH_METHODS = ['basic', 'digest'] as const;
export const HLS_VARIANTS = ['mpegts', 'fmp4', 'lowLatency'] as const;

const httpUrl = (s: string) => (s === '' || /^https?:\/\//.test(s) ? undefined : 'must be an http:// or https:// URL');

/** MediaMTX's default users: anyone may publish, read and play back; API/metrics/pprof only from this machine. */
export const DEFAULT_AUTH_INTERNAL_USERS = [
  {
    user: 'any',
    pass: '',
    ips: [] as string[],
    permissions: [
      { action: 'publish' as const, path: '' },
      { action: 'read' as const, path: '' },
      { action: 'playback' as const, path: '' },
    ],
  },
  {
    user: 'any',
    pass: '',
    ips: ['127.0.0.1', '::1'],
    permissions: [
      { action: 'api' as const, path: '' },
      { action: 'metrics' as const, path: '' },
      { action: 'pprof' as const, path: '' },
    ],
  },
];

const permissionList = objectListValue(AuthPermissionSchema, 'a list of {action, path}');

export const GlobalConfSchema = z.object({
  // ---- General
  logLevel: field(enumValue(LOG_LEVELS), 'info', 'How much to log.'),
  logDestinations: field(enumListValue(LOG_DESTINATIONS), ['stdout'], 'Where log lines go.'),
  logStructured: flag(false, 'Write stdout/file logs as JSON lines.'),
  logFile: text('relaybox.log', 'Log file, used when "file" is in logDestinations.'), // Relaybox: mediamtx.log
  sysLogPrefix: text('relaybox', 'Prefix of syslog lines, used when "syslog" is in logDestinations.'), // Relaybox: mediamtx
  dumpPackets: flag(false, 'Dump every packet to disk, for debugging.'),
  readTimeout: duration('10s', 'Timeout of read operations.', { positive: true }),
  writeTimeout: duration('10s', 'Timeout of write operations.', { positive: true }),
  writeQueueSize: field(intValue({ min: 1, powerOfTwo: true }), 512, 'Packets queued per reader before it is considered slow. Higher: more throughput, more memory.'),
  udpMaxPayloadSize: field(intValue({ min: 1, max: 1472 }), 1452, 'Largest UDP payload sent. Lower it on networks with a small MTU.'),
  udpReadBufferSize: field(intValue({ min: 0 }), 0, 'Receive buffer of every UDP socket, in bytes; 0 keeps the system default.'),
  runOnConnect: text('', 'Command run when a client connects (env: MTX_CONN_TYPE, MTX_CONN_ID, RTSP_PORT); stopped when it disconnects.'),
  runOnConnectRestart: flag(false, 'Restart runOnConnect if it exits.'),
  runOnDisconnect: text('', 'Command run when a client disconnects.'),

  // ---- Authentication
  authMethod: field(enumValue(AUTH_METHODS), 'internal', 'Where credentials are checked: internal (authInternalUsers), http (an external URL) or jwt.'),
  authInternalUsers: field(
    objectListValue(AuthInternalUserSchema, 'a list of users, each {user, pass, ips, permissions}'),
    DEFAULT_AUTH_INTERNAL_USERS,
    'Users and what they may do (publish, read, playback, api, metrics, pprof). user "any" means anyone.',
  ),
  authHTTPAddress: field(textValue({ test: httpUrl, allowed: 'an http(s) URL' }), '', 'URL asked to allow or refuse each action (authMethod http).'),
  authHTTPFingerprint: text('', 'SHA-256 fingerprint of a self-signed authHTTPAddress certificate.'),
  authHTTPExclude: field(
    permissionList,
    [
      { action: 'api', path: '' },
      { action: 'metrics', path: '' },
      { action: 'pprof', path: '' },
    ],
    'Actions not sent to authHTTPAddress.',
  ),
  authJWTJWKS: field(textValue({ test: httpUrl, allowed: 'an http(s) URL' }), '', 'JWKS URL whose keys validate JWTs (authMethod jwt).'),
  authJWTJWKSFingerprint: text('', 'SHA-256 fingerprint of a self-signed authJWTJWKS certificate.'),
  authJWTClaimKey: text('mediamtx_permissions', 'JWT claim that holds the permissions.'),
  authJWTExclude: field(permissionList, [], 'Actions that do not need a JWT.'),
  authJWTIssuer: text('', 'Expected "iss" claim; empty skips the check.'),
  authJWTAudience: text('', 'Expected "aud" claim; empty skips the check.'),

  // ---- Control API
  api: flag(true, 'Enable the control API.'), // Relaybox: on (MediaMTX: off)
  apiAddress: address('127.0.0.1:9997', 'Address of the control API (HTTP).'), // Relaybox: loopback only
  apiEncryption: flag(false, 'Serve the API over HTTPS.'),
  apiServerKey: serverKey('server.key'),
  apiServerCert: serverCert('server.crt'),
  apiAllowOrigins: origins([], 'Web origins allowed to call the API (CORS).'), // Relaybox: none (MediaMTX: *)
  apiTrustedProxies: ipList('Proxies in front of the API whose X-Forwarded-For is trusted.'),

  // ---- Metrics
  metrics: flag(false, 'Enable Prometheus metrics.'),
  metricsAddress: address('127.0.0.1:9998', 'Address of the metrics listener (HTTP).'), // Relaybox: loopback only
  metricsEncryption: flag(false, 'Serve metrics over HTTPS.'),
  metricsServerKey: serverKey('server.key'),
  metricsServerCert: serverCert('server.crt'),
  metricsAllowOrigins: origins(['*'], 'Web origins allowed to read metrics (CORS).'),
  metricsTrustedProxies: ipList('Proxies in front of the metrics listener whose X-Forwarded-For is trusted.'),

  // ---- pprof
  pprof: flag(false, 'Enable the Go pprof endpoint (MediaMTX only).'),
  pprofAddress: address(':9999', 'Address of the pprof listener.'),
  pprofEncryption: flag(false, 'Serve pprof over HTTPS.'),
  pprofServerKey: serverKey('server.key'),
  pprofServerCert: serverCert('server.crt'),
  pprofAllowOrigins: origins(['*'], 'Web origins allowed to call pprof (CORS).'),
  pprofTrustedProxies: ipList('Proxies in front of pprof whose X-Forwarded-For is trusted.'),

  // ---- Playback server
  playback: flag(false, 'Enable the playback server, which serves recordings.'),
  playbackAddress: address(':9996', 'Address of the playback listener.'),
  playbackEncryption: flag(false, 'Serve playback over HTTPS.'),
  playbackServerKey: serverKey('server.key'),
  playbackServerCert: serverCert('server.crt'),
  playbackAllowOrigins: origins(['*'], 'Web origins allowed to call the playback server (CORS).'),
  playbackTrustedProxies: ipList('Proxies in front of the playback server whose X-Forwarded-For is trusted.'),

  // ---- RTSP server
  rtsp: flag(true, 'Enable the RTSP server (publish and read with RTSP).'),
  rtspTransports: field(enumListValue(RTSP_TRANSPORTS, { min: 1 }), ['udp', 'tcp'], 'Transports RTSP clients may use; the handshake always uses TCP.'), // Relaybox: no multicast
  rtspEncryption: field(enumValue(ENCRYPTION_MODES, { falseMeans: 'no' }), 'no', 'RTSPS/SRTP: no, strict (only encrypted) or optional (both).'),
  rtspAddress: address(':8554', 'Address of the RTSP listener (TCP).'),
  rtspsAddress: address(':8322', 'Address of the RTSPS listener (TCP), used when rtspEncryption is strict or optional.'),
  rtpAddress: address(':8000', 'Address of the RTP listener (UDP), used when udp is in rtspTransports.'),
  rtcpAddress: address(':8001', 'Address of the RTCP listener (UDP), used when udp is in rtspTransports.'),
  multicastIPRange: field(textValue({ test: checkIpOrCidr, allowed: 'a CIDR range such as 224.1.0.0/16' }), '224.1.0.0/16', 'Multicast group range, used when multicast is in rtspTransports.'),
  multicastRTPPort: port(8002, 'Multicast RTP port.'),
  multicastRTCPPort: port(8003, 'Multicast RTCP port.'),
  srtpAddress: address(':8004', 'Address of the SRTP listener (UDP), used with rtspEncryption.'),
  srtcpAddress: address(':8005', 'Address of the SRTCP listener (UDP), used with rtspEncryption.'),
  multicastSRTPPort: port(8006, 'Multicast SRTP port.'),
  multicastSRTCPPort: port(8007, 'Multicast SRTCP port.'),
  rtspServerKey: serverKey('server.key'),
  rtspServerCert: serverCert('server.crt'),
  rtspAuthMethods: field(enumListValue(RTSP_AUTH_METHODS, { min: 1 }), ['basic'], 'RTSP authentication schemes offered: basic and/or digest.'),
  rtspTrustedProxies: ipList('Proxies in front of the RTSP server allowed to send a PROXY protocol header.'),

  // ---- RTMP server
  rtmp: flag(true, 'Enable the RTMP server (publish and read with RTMP).'),
  rtmpEncryption: field(enumValue(ENCRYPTION_MODES, { falseMeans: 'no' }), 'no', 'RTMPS: no, strict (only encrypted) or optional (both).'),
  rtmpAddress: address(':1935', 'Address of the RTMP listener (TCP).'),
  rtmpsAddress: address(':1936', 'Address of the RTMPS listener (TCP), used when rtmpEncryption is strict or optional.'),
  rtmpServerKey: serverKey('server.key'),
  rtmpServerCert: serverCert('server.crt'),
  rtmpTrustedProxies: ipList('Proxies in front of the RTMP server allowed to send a PROXY protocol header.'),

  // ---- HLS server (also serves HTTP-FLV in Relaybox)
  hls: flag(true, 'Enable the HLS server (read with HLS; Relaybox also serves HTTP-FLV here).'),
  hlsAddress: address(':8888', 'Address of the HLS listener (HTTP).'),
  hlsEncryption: flag(false, 'Serve HLS over HTTPS (Low-Latency HLS on Apple devices needs it).'),
  hlsServerKey: serverKey('server.key'),
  hlsServerCert: serverCert('server.crt'),
  hlsAllowOrigins: origins(['*'], 'Web origins allowed to play HLS (CORS).'),
  hlsTrustedProxies: ipList('Proxies in front of the HLS server whose X-Forwarded-For is trusted.'),
  hlsAlwaysRemux: flag(false, 'Produce HLS for every stream at once, not only after the first request.'),
  hlsVariant: field(enumValue(HLS_VARIANTS), 'lowLatency', 'mpegts (most compatible), fmp4 (more efficient) or lowLatency (LL-HLS).'),
  hlsSegmentCount: field(intValue({ min: 3 }), 7, 'Segments kept in the playlist (at least 3).'),
  hlsSegmentDuration: duration('1s', 'Minimum segment duration; segments always start at a keyframe.', { positive: true }),
  hlsPartDuration: duration('200ms', 'Minimum part duration (Low-Latency HLS).', { positive: true }),
  hlsSegmentMaxSize: size('50M', 'Largest segment kept in memory.'),
  hlsDirectory: text('', 'Directory for segments instead of memory; empty keeps them in memory.'),
  hlsMuxerCloseAfter: duration('60s', 'Stop producing HLS for a stream after this long without requests.'),
  hlsCDNSecret: text('', 'Secret a CDN sends as "Authorization: Bearer" to skip authentication.', { secret: true }),

  // ---- WebRTC server
  webrtc: flag(true, 'Enable the WebRTC server (WHIP publish, WHEP read).'),
  webrtcAddress: address(':8889', 'Address of the WebRTC HTTP listener (WHIP/WHEP and player page).'),
  webrtcEncryption: flag(false, 'Serve the WebRTC HTTP listener over HTTPS.'),
  webrtcServerKey: serverKey('server.key'),
  webrtcServerCert: serverCert('server.crt'),
  webrtcAllowOrigins: origins(['*'], 'Web origins allowed to use WHIP/WHEP (CORS).'),
  webrtcTrustedProxies: ipList('Proxies in front of the WebRTC server whose X-Forwarded-For is trusted.'),
  webrtcLocalUDPAddress: address(':8189', 'ICE UDP listener for media; "" disables it.', { optional: true }),
  webrtcLocalTCPAddress: address('', 'ICE TCP listener for media; "" (default) disables it.', { optional: true }),
  webrtcIPsFromInterfaces: flag(true, 'Offer the IP addresses of this machine\'s interfaces as ICE candidates.'),
  webrtcIPsFromInterfacesList: field(textListValue({ allowed: 'a list of interface names', example: '[eth0]' }), [], 'Interfaces whose addresses are offered; empty means all.'),
  webrtcAdditionalHosts: field(textListValue({ allowed: 'a list of host names or IP addresses', example: "['192.168.1.10']" }), [], 'Extra hosts or IPs offered to clients as ICE candidates.'),
  webrtcICEServers2: field(objectListValue(WebRTCICEServerSchema, 'a list of {url, username, password, clientOnly}'), [], 'STUN/TURN servers, needed only when clients cannot reach the local listeners.'),
  webrtcSTUNGatherTimeout: duration('5s', 'Maximum time to gather STUN candidates.', { positive: true }),
  webrtcHandshakeTimeout: duration('10s', 'Maximum time for the WebRTC handshake.', { positive: true }),
  webrtcTrackGatherTimeout: duration('2s', 'Maximum time to wait for a publisher\'s tracks.', { positive: true }),

  // ---- SRT server
  srt: flag(false, 'Enable the SRT server.'), // Relaybox: off until it has one (MediaMTX: on)
  srtAddress: address(':8890', 'Address of the SRT listener (UDP).'),

  // ---- MoQ server
  moq: flag(false, 'Enable the MoQ (Media over QUIC) server.'), // Relaybox: off until it has one (MediaMTX: on)
  moqHTTP2Address: address(':8892', 'Address of the MoQ HTTP/2 listener (TCP), which hosts the web client.'),
  moqHTTP3Address: address(':8892', 'Address of the MoQ HTTP/3 listener (UDP), the WebTransport endpoint.'),
  moqQUICAddress: address(':8893', 'Address of the native MoQ-over-QUIC listener (UDP).'),
  moqServerKey: text('auto.key', 'MoQ TLS key; "auto.key" generates one.'),
  moqServerCert: text('auto.crt', 'MoQ TLS certificate; "auto.crt" generates one.'),
  moqAllowOrigins: origins(['*'], 'Web origins allowed to use MoQ (CORS).'),
  moqTrustedProxies: ipList('Proxies in front of the MoQ server whose X-Forwarded-For is trusted.'),
});

export type GlobalConf = z.output<typeof GlobalConfSchema>;
export type GlobalKey = keyof GlobalConf;
