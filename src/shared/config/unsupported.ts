// MediaMTX settings Relaybox accepts and keeps (so the file still works in MediaMTX and round-trips)
// but does not act on yet. This is the one list to shrink as features land.
//
// A setting warns only when its value asks for something Relaybox will not do: by default when it
// differs from its default; `active` overrides that (e.g. `srt: true` warns although true is
// MediaMTX's default, because MediaMTX would open an SRT listener and Relaybox will not).

import { jsonEqual } from './json';
import { sourceScheme } from './path-schema';
import type { ConfigScope } from './schema';

export interface UnsupportedRule {
  scope: ConfigScope;
  /** Exact keys, "prefix*" or "*suffix". */
  keys: readonly string[];
  /** What is missing, e.g. "the SRT server". */
  feature: string;
  /** When the value asks for the feature; default: value differs from the default. */
  active?: (value: unknown, def: unknown) => boolean;
}

const isTrue = (v: unknown) => v === true;
/** Listed for completeness; the switch of their feature (srt, source, …) is what warns. */
const reportedWithTheirFeature = () => false;
const notEmpty = (v: unknown) => v !== '' && !(Array.isArray(v) && v.length === 0);

/** Path sources Relaybox pulls itself (DESIGN §2). */
const SUPPORTED_SOURCE_SCHEMES = new Set(['rtsp', 'rtsps', 'rtmp', 'rtmps', 'http', 'https']);
const SUPPORTED_SOURCE_WORDS = new Set(['publisher', 'redirect']);

export const NOT_YET_SUPPORTED: readonly UnsupportedRule[] = [
  // ---- global
  { scope: 'global', keys: ['srt'], feature: 'the SRT server', active: isTrue },
  { scope: 'global', keys: ['moq'], feature: 'the MoQ server', active: isTrue },
  { scope: 'global', keys: ['pprof'], feature: 'the pprof server', active: isTrue },
  { scope: 'global', keys: ['authMethod'], feature: 'authMethod other than internal', active: (v) => v !== 'internal' },
  { scope: 'global', keys: ['rtspTransports'], feature: 'RTSP multicast', active: (v) => Array.isArray(v) && v.includes('multicast') },
  // RTSPS is served over TCP only: without SRTP, a client asking for UDP gets 461.
  { scope: 'global', keys: ['srtpAddress', 'srtcpAddress'], feature: 'SRTP (RTSPS over UDP)' },
  { scope: 'global', keys: ['*TrustedProxies'], feature: 'trusted proxies (X-Forwarded-For, PROXY protocol)', active: notEmpty },
  { scope: 'global', keys: ['authHTTP*', 'authJWT*'], feature: 'HTTP and JWT authentication', active: (v, d) => notEmpty(v) && !jsonEqual(v, d) },
  { scope: 'global', keys: ['logStructured'], feature: 'structured (JSON) logs', active: isTrue },
  { scope: 'global', keys: ['logDestinations'], feature: 'syslog', active: (v) => Array.isArray(v) && v.includes('syslog') },
  { scope: 'global', keys: ['dumpPackets'], feature: 'packet dumps', active: isTrue },
  { scope: 'global', keys: ['udpReadBufferSize'], feature: 'custom UDP read buffer sizes' },
  { scope: 'global', keys: ['hlsDirectory'], feature: 'HLS segments on disk', active: notEmpty },
  { scope: 'global', keys: ['hlsCDNSecret'], feature: 'the HLS CDN secret', active: notEmpty },
  { scope: 'global', keys: ['webrtcLocalTCPAddress'], feature: 'WebRTC over TCP', active: notEmpty },
  // Settings of the features above: their own warning already says the feature is missing.
  { scope: 'global', keys: ['srt*', 'moq*', 'pprof*', 'multicast*', 'sysLogPrefix'], feature: 'these settings', active: reportedWithTheirFeature },

  // ---- paths
  { scope: 'path', keys: ['source'], feature: 'this kind of source', active: (v) => typeof v === 'string' && !SUPPORTED_SOURCE_WORDS.has(v) && !SUPPORTED_SOURCE_SCHEMES.has(sourceScheme(v) ?? '') },
  { scope: 'path', keys: ['useAbsoluteTimestamp'], feature: 'absolute timestamps', active: isTrue },
  { scope: 'path', keys: ['rtspDemuxMpegts'], feature: 'MPEG-TS over RTSP', active: isTrue },
  { scope: 'path', keys: ['forward'], feature: 'forwarding over WHIP', active: (v) => Array.isArray(v) && v.some((t) => /^whips?:/.test(String((t as { dest?: unknown })?.dest))) },
  // Settings of sources Relaybox cannot pull (the `source` warning covers them) and of SRT.
  { scope: 'path', keys: ['rtpSDP', 'moqTransport', 'whep*', 'rpiCamera*', 'srt*'], feature: 'these settings', active: reportedWithTheirFeature },
];

function matches(pattern: string, key: string): boolean {
  if (pattern.endsWith('*')) return key.startsWith(pattern.slice(0, -1));
  if (pattern.startsWith('*')) return key.endsWith(pattern.slice(1));
  return key === pattern;
}

/** The first rule naming this key, if Relaybox does not support it yet. */
export function unsupportedRule(scope: ConfigScope, key: string): UnsupportedRule | undefined {
  return NOT_YET_SUPPORTED.find((r) => r.scope === scope && r.keys.some((p) => matches(p, key)));
}

/** Whether this value of an unsupported setting asks for the missing feature. */
export function unsupportedIsActive(rule: UnsupportedRule, value: unknown, def: unknown): boolean {
  return rule.active ? rule.active(value, def) : !jsonEqual(value, def);
}
