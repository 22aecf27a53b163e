// Old MediaMTX key names, read as their current names so an existing mediamtx.yml loads.
// Each alias yields a warning naming the new key; the saved file uses the new name.

import { yamlBoolean } from './fields';
import type { ConfigScope } from './schema';

export interface KeyAlias {
  /** Old name as found in files. */
  from: string;
  /** Current name. */
  to: string;
  /** Section the current name lives in, when it moved (top-level record* → pathDefaults). */
  moveTo?: 'pathDefaults';
  /** Turns the old value shape into the new one; the result is validated as the new key. */
  convert?: (value: unknown) => unknown;
  /** Other settings implied by the old key (externalAuthenticationURL implies authMethod: http). */
  implies?: Readonly<Record<string, unknown>>;
}

const toList = (v: unknown): unknown => (typeof v === 'string' ? [v] : v);

const invertBoolean = (v: unknown): unknown => {
  const b = yamlBoolean(v);
  return typeof b === 'boolean' ? !b : v;
};

/**
 * Old webrtcICEServers entries are "stun:host:port" or "turn:user:pass:host:port"; MediaMTX
 * converts the five-part form into {url, username, password}.
 */
function iceServersToV2(v: unknown): unknown {
  if (!Array.isArray(v)) return v;
  return v.map((entry) => {
    if (typeof entry !== 'string') return entry;
    const parts = entry.split(':');
    if (parts.length === 5) return { url: `${parts[0]}:${parts[3]}:${parts[4]}`, username: parts[1], password: parts[2] };
    return { url: entry };
  });
}

const ORIGIN_PREFIXES = ['api', 'metrics', 'pprof', 'playback', 'hls', 'webrtc'];

export const GLOBAL_ALIASES: readonly KeyAlias[] = [
  { from: 'protocols', to: 'rtspTransports' },
  { from: 'encryption', to: 'rtspEncryption' },
  { from: 'serverKey', to: 'rtspServerKey' },
  { from: 'serverCert', to: 'rtspServerCert' },
  { from: 'authMethods', to: 'rtspAuthMethods' },
  ...ORIGIN_PREFIXES.map((p) => ({ from: `${p}AllowOrigin`, to: `${p}AllowOrigins`, convert: toList })),
  { from: 'rtspDisable', to: 'rtsp', convert: invertBoolean },
  { from: 'rtmpDisable', to: 'rtmp', convert: invertBoolean },
  { from: 'hlsDisable', to: 'hls', convert: invertBoolean },
  { from: 'webrtcDisable', to: 'webrtc', convert: invertBoolean },
  { from: 'readBufferCount', to: 'writeQueueSize' },
  { from: 'rtspUDPReadBufferSize', to: 'udpReadBufferSize' },
  { from: 'webrtcICEUDPMuxAddress', to: 'webrtcLocalUDPAddress' },
  { from: 'webrtcICETCPMuxAddress', to: 'webrtcLocalTCPAddress' },
  { from: 'webrtcICEHostNAT1To1IPs', to: 'webrtcAdditionalHosts' },
  { from: 'webrtcICEServers', to: 'webrtcICEServers2', convert: iceServersToV2 },
  { from: 'moqHTTPS2Address', to: 'moqHTTP2Address' },
  { from: 'moqHTTPS3Address', to: 'moqHTTP3Address' },
  { from: 'externalAuthenticationURL', to: 'authHTTPAddress', implies: { authMethod: 'http' } },
  ...['record', 'recordPath', 'recordFormat', 'recordPartDuration', 'recordSegmentDuration', 'recordDeleteAfter'].map(
    (k): KeyAlias => ({ from: k, to: k, moveTo: 'pathDefaults' }),
  ),
];

export const PATH_ALIASES: readonly KeyAlias[] = [
  { from: 'sourceProtocol', to: 'rtspTransport' },
  { from: 'sourceAnyPortEnable', to: 'rtspAnyPort' },
  { from: 'disablePublisherOverride', to: 'overridePublisher', convert: invertBoolean },
  { from: 'runOnPublish', to: 'runOnAvailable' },
  { from: 'runOnPublishRestart', to: 'runOnAvailableRestart' },
  { from: 'runOnReady', to: 'runOnAvailable' },
  { from: 'runOnReadyRestart', to: 'runOnAvailableRestart' },
  { from: 'runOnNotReady', to: 'runOnUnavailable' },
  { from: 'rpiCameraProfile', to: 'rpiCameraH264Profile' },
  { from: 'rpiCameraLevel', to: 'rpiCameraH264Level' },
];

/** Old keys that no longer do anything anywhere: accepted with a warning, not kept. */
export const DROPPED_KEYS: Readonly<Record<ConfigScope, readonly string[]>> = {
  global: ['authJWTInHTTPQuery'],
  path: [],
};

const byName = (list: readonly KeyAlias[]) => new Map(list.map((a) => [a.from, a]));
const GLOBAL_BY_NAME = byName(GLOBAL_ALIASES);
const PATH_BY_NAME = byName(PATH_ALIASES);

export function findAlias(scope: ConfigScope, key: string): KeyAlias | undefined {
  return (scope === 'global' ? GLOBAL_BY_NAME : PATH_BY_NAME).get(key);
}

export function aliasNames(scope: ConfigScope): string[] {
  return [...(scope === 'global' ? GLOBAL_BY_NAME : PATH_BY_NAME).keys()];
}
